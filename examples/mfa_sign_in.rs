//! Signs a user in with a password and an SMS second factor, through the generated client.
//!
//! Against the Firebase Auth Emulator, it first creates the user: it signs up, verifies the
//! email and enrolls a phone, reading the email and SMS codes from the emulator.
//!
//! ```text
//! FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099 cargo run --example mfa_sign_in
//! ```
//!
//! Against Google, it signs in an existing user who has enrolled a phone, and asks for the
//! SMS code on standard input:
//!
//! ```text
//! GOOGLE_API_KEY=... cargo run --example mfa_sign_in -- user@example.com 'password'
//! ```

use std::error::Error;
use std::io::BufRead;

use google_identitytoolkit::runtime::Client;
use google_identitytoolkit::{v1, v2};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The emulator's project; any `demo-` id works without credentials.
const EMULATOR_PROJECT: &str = "demo-mfa";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let email = args.next();
    let password = args.next();

    let (v1, v2, emulator) = match std::env::var("FIREBASE_AUTH_EMULATOR_HOST") {
        Ok(host) if !host.is_empty() => {
            // The emulator takes any API key.
            let client = Client::new().with_api_key("emulator-api-key");
            let root = format!("http://{host}/identitytoolkit.googleapis.com/");
            let v1 = v1::IdentityToolkit::with_client(client.clone()).with_root_url(&root);
            let v2 = v2::IdentityToolkit::with_client(client).with_root_url(&root);
            (v1, v2, Some(host))
        }
        _ => {
            let key = std::env::var("GOOGLE_API_KEY")
                .map_err(|_| "set FIREBASE_AUTH_EMULATOR_HOST, or GOOGLE_API_KEY for Google")?;
            let client = Client::new().with_api_key(key);
            let v1 = v1::IdentityToolkit::with_client(client.clone());
            let v2 = v2::IdentityToolkit::with_client(client);
            (v1, v2, None)
        }
    };

    let (email, password) = match (&emulator, email, password) {
        (_, Some(email), Some(password)) => (email, password),
        (Some(_), _, _) => (
            format!("example-{}@example.com", std::process::id()),
            "correct horse battery staple".to_owned(),
        ),
        (None, _, _) => return Err("usage: mfa_sign_in EMAIL PASSWORD".into()),
    };
    let phone = "+15555550100";
    if let Some(host) = &emulator {
        create_enrolled_user(&v1, &v2, host, &email, &password, phone).await?;
    }

    // First factor: the password. A user with a second factor gets no ID token yet, but a
    // pending credential and the list of enrolled factors.
    let first = v1
        .accounts()
        .sign_in_with_password(
            v1::model::SignInWithPasswordRequest::new()
                .with_email(email.clone())
                .with_password(password)
                .with_return_secure_token(true),
        )
        .send()
        .await?;
    let pending = first
        .mfa_pending_credential
        .ok_or("this user has no second factor")?;
    let factor = first
        .mfa_info
        .iter()
        .find(|factor| factor.phone_info.is_some())
        .ok_or("this user has no phone factor")?;
    let enrollment_id = factor.mfa_enrollment_id.clone().ok_or("no enrollment id")?;
    println!(
        "password accepted; second factor: {} ({})",
        factor.display_name.as_deref().unwrap_or("phone"),
        factor.phone_info.as_deref().unwrap_or_default()
    );

    // Second factor: Google sends an SMS to the enrolled phone. The emulator wants the number
    // again; Google knows it from the enrollment.
    let mut phone_info = v2::model::StartMfaPhoneRequestInfo::new();
    if emulator.is_some() {
        phone_info = phone_info.with_phone_number(phone);
    }
    let started = v2
        .accounts()
        .mfa_sign_in()
        .start(
            v2::model::StartMfaSignInRequest::new()
                .with_mfa_pending_credential(pending.clone())
                .with_mfa_enrollment_id(enrollment_id.clone())
                .with_phone_sign_in_info(phone_info),
        )
        .send()
        .await?;
    let session_info = started
        .phone_response_info
        .and_then(|info| info.session_info)
        .ok_or("no session for the SMS code")?;
    let code = match &emulator {
        Some(host) => emulator_sms_code(host, &session_info).await?,
        None => prompt("SMS code: ")?,
    };

    let signed_in = v2
        .accounts()
        .mfa_sign_in()
        .finalize(
            v2::model::FinalizeMfaSignInRequest::new()
                .with_mfa_pending_credential(pending)
                .with_mfa_enrollment_id(enrollment_id)
                .with_phone_verification_info(
                    v2::model::FinalizeMfaPhoneRequestInfo::new()
                        .with_session_info(session_info)
                        .with_code(code),
                ),
        )
        .send()
        .await?;
    // Debug output hides the tokens.
    println!("signed in: {signed_in:?}");
    let id_token = signed_in.id_token.ok_or("no ID token")?;
    let refresh_token = signed_in.refresh_token.ok_or("no refresh token")?;
    println!(
        "ID token: {} bytes, refresh token: {} bytes",
        id_token.len(),
        refresh_token.len()
    );
    Ok(())
}

/// Signs up, verifies the email and enrolls `phone`, as a user's browser would.
async fn create_enrolled_user(
    v1: &v1::IdentityToolkit,
    v2: &v2::IdentityToolkit,
    host: &str,
    email: &str,
    password: &str,
    phone: &str,
) -> Result<()> {
    let signed_up = v1
        .accounts()
        .sign_up(
            v1::model::SignUpRequest::new()
                .with_email(email)
                .with_password(password),
        )
        .send()
        .await?;
    let id_token = signed_up.id_token.ok_or("no ID token after sign-up")?;

    v1.accounts()
        .send_oob_code(
            v1::model::GetOobCodeRequest::new()
                .with_request_type(v1::model::GetOobCodeRequestRequestType::VerifyEmail)
                .with_id_token(id_token.clone()),
        )
        .send()
        .await?;
    let codes = emulator_get(host, "oobCodes").await?;
    let oob_code = codes["oobCodes"]
        .as_array()
        .into_iter()
        .flatten()
        .rev()
        .filter(|entry| entry["email"] == email)
        .find_map(|entry| entry["oobCode"].as_str())
        .ok_or("the emulator sent no verification email")?;
    v1.accounts()
        .update(v1::model::SetAccountInfoRequest::new().with_oob_code(oob_code))
        .send()
        .await?;

    let started = v2
        .accounts()
        .mfa_enrollment()
        .start(
            v2::model::StartMfaEnrollmentRequest::new()
                .with_id_token(id_token.clone())
                .with_phone_enrollment_info(
                    v2::model::StartMfaPhoneRequestInfo::new().with_phone_number(phone),
                ),
        )
        .send()
        .await?;
    let session_info = started
        .phone_session_info
        .and_then(|info| info.session_info)
        .ok_or("no enrollment session")?;
    let code = emulator_sms_code(host, &session_info).await?;
    v2.accounts()
        .mfa_enrollment()
        .finalize(
            v2::model::FinalizeMfaEnrollmentRequest::new()
                .with_id_token(id_token)
                .with_display_name("phone")
                .with_phone_verification_info(
                    v2::model::FinalizeMfaPhoneRequestInfo::new()
                        .with_session_info(session_info)
                        .with_code(code),
                ),
        )
        .send()
        .await?;
    println!("created {email} with a phone second factor");
    Ok(())
}

/// The SMS code the emulator "sent" for `session_info`.
async fn emulator_sms_code(host: &str, session_info: &str) -> Result<String> {
    let codes = emulator_get(host, "verificationCodes").await?;
    codes["verificationCodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|entry| entry["sessionInfo"] == session_info)
        .and_then(|entry| entry["code"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| "the emulator sent no SMS code".into())
}

/// One of the emulator's own endpoints, which stand in for the user's inbox and phone.
async fn emulator_get(host: &str, what: &str) -> Result<serde_json::Value> {
    let url = format!("http://{host}/emulator/v1/projects/{EMULATOR_PROJECT}/{what}");
    let body = reqwest::get(url).await?.error_for_status()?.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

fn prompt(question: &str) -> Result<String> {
    eprint!("{question}");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

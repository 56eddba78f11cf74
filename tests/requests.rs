//! Building the HTTP requests of `accounts.mfaSignIn.start` and `finalize`, and decoding their
//! responses and errors.

use google_identitytoolkit::v2::accounts::mfa_sign_in::{FinalizeCall, StartCall};
use google_identitytoolkit::v2::model::*;
use google_identitytoolkit::v2::{scopes, Alt, IdentityToolkit, Xgafv};
use google_identitytoolkit::Error;
use serde_json::{json, Value};

fn start_request() -> StartMfaSignInRequest {
    StartMfaSignInRequest::new()
        .with_mfa_pending_credential("pending")
        .with_mfa_enrollment_id("enrollment")
        .with_phone_sign_in_info(StartMfaPhoneRequestInfo::new().with_phone_number("+15555550100"))
}

fn body_json(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).unwrap()
}

#[test]
fn start_is_a_post_with_a_json_body() {
    let hub = IdentityToolkit::new();
    let request = hub
        .accounts()
        .mfa_sign_in()
        .start(start_request())
        .into_http_request()
        .unwrap();

    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:start"
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["accept"], "application/json");
    assert_eq!(
        body_json(&request),
        json!({
            "mfaPendingCredential": "pending",
            "mfaEnrollmentId": "enrollment",
            "phoneSignInInfo": {"phoneNumber": "+15555550100"}
        })
    );
}

#[test]
fn finalize_goes_to_its_own_path() {
    let hub = IdentityToolkit::new();
    let body = FinalizeMfaSignInRequest::new()
        .with_mfa_pending_credential("pending")
        .with_phone_verification_info(
            FinalizeMfaPhoneRequestInfo::new()
                .with_session_info("session")
                .with_code("123456"),
        );
    let request = hub
        .accounts()
        .mfa_sign_in()
        .finalize(body)
        .into_http_request()
        .unwrap();

    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:finalize"
    );
    assert_eq!(
        body_json(&request),
        json!({"mfaPendingCredential": "pending", "phoneVerificationInfo": {"sessionInfo": "session", "code": "123456"}})
    );
}

#[test]
fn standard_parameters_go_into_the_query_string() {
    let hub = IdentityToolkit::new();
    let request = hub
        .accounts()
        .mfa_sign_in()
        .start(start_request())
        .xgafv(Xgafv::V2)
        .alt(Alt::Json)
        .key("api key/with+reserved&chars")
        .fields("phoneResponseInfo")
        .quota_user("user-1")
        .pretty_print(false)
        .access_token("at")
        .oauth_token("ot")
        .callback("cb")
        .upload_type("media")
        .upload_protocol("raw")
        .into_http_request()
        .unwrap();

    assert_eq!(request.uri().path(), "/v2/accounts/mfaSignIn:start");
    assert_eq!(
        request.uri().query(),
        Some(
            "%24.xgafv=2&access_token=at&alt=json&callback=cb&fields=phoneResponseInfo\
             &key=api%20key%2Fwith%2Breserved%26chars&oauth_token=ot&prettyPrint=false\
             &quotaUser=user-1&uploadType=media&upload_protocol=raw"
        )
    );
}

#[test]
fn the_root_url_can_point_at_an_emulator() {
    let hub = IdentityToolkit::new()
        .with_root_url("http://127.0.0.1:9099/identitytoolkit.googleapis.com/");
    let request = hub
        .accounts()
        .mfa_sign_in()
        .start(start_request())
        .key("fake")
        .into_http_request()
        .unwrap();
    assert_eq!(
        request.uri(),
        "http://127.0.0.1:9099/identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:start?key=fake"
    );

    let bad = IdentityToolkit::new().with_root_url("not a url");
    let error = bad
        .accounts()
        .mfa_sign_in()
        .start(start_request())
        .into_http_request()
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("invalid URL \"not a url/v2/accounts/mfaSignIn:start\""),
        "{error}"
    );
}

#[test]
fn calls_carry_their_id_path_and_scopes() {
    assert_eq!(StartCall::ID, "identitytoolkit.accounts.mfaSignIn.start");
    assert_eq!(FinalizeCall::PATH, "v2/accounts/mfaSignIn:finalize");
    assert_eq!(StartCall::SCOPES, [scopes::CLOUD_PLATFORM]);
    assert_eq!(
        scopes::CLOUD_PLATFORM,
        "https://www.googleapis.com/auth/cloud-platform"
    );
    assert_eq!(scopes::FIREBASE, "https://www.googleapis.com/auth/firebase");
}

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn a_success_decodes_to_the_typed_response() {
    let decoded = StartCall::decode_response(response(
        200,
        r#"{"phoneResponseInfo":{"sessionInfo":"s"}}"#,
    ))
    .unwrap();
    assert_eq!(
        decoded.phone_response_info.unwrap().session_info.as_deref(),
        Some("s")
    );

    let decoded =
        FinalizeCall::decode_response(response(200, r#"{"idToken":"id","refreshToken":"r"}"#))
            .unwrap();
    assert_eq!(
        (
            decoded.id_token.as_deref(),
            decoded.refresh_token.as_deref()
        ),
        (Some("id"), Some("r"))
    );
}

#[test]
fn googles_error_body_becomes_a_typed_error() {
    let body = r#"{"error":{"code":400,"message":"MISSING_CREDENTIAL : Please set MFA Pending Credential.",
        "status":"INVALID_ARGUMENT","errors":[{"message":"MISSING_CREDENTIAL","reason":"invalid","domain":"global"}],
        "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"X"}]}}"#;
    let Error::Api(error) = FinalizeCall::decode_response(response(400, body)).unwrap_err() else {
        panic!("not an API error");
    };
    assert_eq!(error.http_status, 400);
    assert_eq!(error.code, Some(400));
    assert_eq!(error.reason(), Some("MISSING_CREDENTIAL"));
    assert_eq!(error.status.as_deref(), Some("INVALID_ARGUMENT"));
    assert_eq!(error.errors[0].reason.as_deref(), Some("invalid"));
    assert_eq!(error.details[0]["reason"], "X");
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request: MISSING_CREDENTIAL : Please set MFA Pending Credential."
    );
}

#[test]
fn an_error_body_with_parts_missing_still_decodes() {
    let Error::Api(error) =
        StartCall::decode_response(response(403, r#"{"error":{}}"#)).unwrap_err()
    else {
        panic!("not an API error");
    };
    assert_eq!(error.http_status, 403);
    assert_eq!(
        (error.code, error.message.as_deref(), error.reason()),
        (None, None, None)
    );
    assert!(error.errors.is_empty() && error.details.is_empty());

    let Error::Api(error) =
        StartCall::decode_response(response(400, r#"{"error":{"message":"INVALID_CODE"}}"#))
            .unwrap_err()
    else {
        panic!("not an API error");
    };
    assert_eq!(error.reason(), Some("INVALID_CODE"));
}

#[test]
fn a_body_that_is_not_json_keeps_status_and_body() {
    let error =
        StartCall::decode_response(response(405, "<html>Method Not Allowed</html>")).unwrap_err();
    let Error::UnexpectedResponse { status, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 405);
    assert_eq!(body, b"<html>Method Not Allowed</html>");
    assert!(error.to_string().contains("405"), "{error}");

    let error = FinalizeCall::decode_response(response(200, "not json")).unwrap_err();
    assert!(
        matches!(error, Error::UnexpectedResponse { status, .. } if status == 200),
        "{error:?}"
    );
    let error = FinalizeCall::decode_response(response(200, r#"{"idToken": 5}"#)).unwrap_err();
    assert!(
        error.to_string().contains("invalid type: integer `5`"),
        "{error}"
    );
}

/// Identity Toolkit v1 lives beside v2 in the same crate, for the first factor of a sign-in.
#[test]
fn v1_calls_expand_their_path_parameters() {
    use google_identitytoolkit::v1;

    let hub = v1::IdentityToolkit::new();
    let body = v1::model::SignInWithPasswordRequest::new()
        .with_email("ada@example.com")
        .with_password("correct horse");
    let request = hub
        .accounts()
        .sign_in_with_password(body)
        .key("k")
        .into_http_request()
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k"
    );
    assert_eq!(
        body_json(&request),
        json!({"email": "ada@example.com", "password": "correct horse"})
    );

    let upload = v1::model::UploadAccountRequest::new();
    let request = hub
        .projects()
        .accounts()
        .batch_create(upload, "demo project/1")
        .into_http_request()
        .unwrap();
    // The template is `v1/projects/{+targetProjectId}/accounts:batchCreate`: a reserved
    // expansion, which keeps `/` and encodes the space.
    assert_eq!(
        request.uri().path(),
        "/v1/projects/demo%20project/1/accounts:batchCreate"
    );
}

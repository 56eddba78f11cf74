//! The client without a server: credentials, timeouts and the decoding of every kind of
//! answer, through a transport that records requests and plays back canned responses.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use google_identitytoolkit::runtime::{
    ApiKeyLocation, BoxError, BoxFuture, Client, Error, StaticToken, Timeout, TokenProvider,
    Transport, TransportError,
};
use google_identitytoolkit::v2;

/// Answers every request with one status and body, and keeps the requests.
#[derive(Clone)]
struct Canned {
    status: u16,
    body: &'static str,
    requests: Arc<Mutex<Vec<http::Request<Vec<u8>>>>>,
}

impl Canned {
    fn new(status: u16, body: &'static str) -> Self {
        Canned {
            status,
            body,
            requests: Arc::default(),
        }
    }

    fn last_request(&self) -> http::Request<Vec<u8>> {
        self.requests
            .lock()
            .unwrap()
            .pop()
            .expect("a request was sent")
    }
}

impl Transport for Canned {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.requests.lock().unwrap().push(request);
        let response = http::Response::builder()
            .status(self.status)
            .body(self.body.as_bytes().to_vec())
            .unwrap();
        Box::pin(std::future::ready(Ok(response)))
    }
}

const FINALIZE_RESPONSE: &str = r#"{"idToken": "header.payload.", "refreshToken": "refresh-me"}"#;

fn hub(client: Client) -> v2::IdentityToolkit {
    v2::IdentityToolkit::with_client(client)
}

async fn finalize(
    hub: &v2::IdentityToolkit,
) -> Result<v2::model::FinalizeMfaSignInResponse, Error> {
    hub.accounts()
        .mfa_sign_in()
        .finalize(
            v2::model::FinalizeMfaSignInRequest::new()
                .with_mfa_pending_credential("pending")
                .with_phone_verification_info(
                    v2::model::FinalizeMfaPhoneRequestInfo::new()
                        .with_session_info("session")
                        .with_code("123456"),
                ),
        )
        .send()
        .await
}

#[tokio::test]
async fn the_api_key_goes_into_a_header_by_default() {
    let transport = Canned::new(200, FINALIZE_RESPONSE);
    let client = Client::new()
        .with_transport(transport.clone())
        .with_api_key("AIza-key");
    let response = finalize(&hub(client)).await.unwrap();
    assert_eq!(response.refresh_token.as_deref(), Some("refresh-me"));

    let request = transport.last_request();
    assert_eq!(
        request.uri(),
        "https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:finalize"
    );
    let key = &request.headers()["x-goog-api-key"];
    assert_eq!(key, "AIza-key");
    assert!(key.is_sensitive());
    assert!(request.headers().get("authorization").is_none());
    assert!(request.extensions().get::<Timeout>().is_none());
}

#[tokio::test]
async fn the_api_key_can_go_into_the_query_once() {
    let transport = Canned::new(200, FINALIZE_RESPONSE);
    let client = Client::new()
        .with_transport(transport.clone())
        .with_api_key("key with/odd=chars")
        .with_api_key_location(ApiKeyLocation::Query);
    let hub = hub(client);
    finalize(&hub).await.unwrap();
    assert_eq!(
        transport.last_request().uri(),
        "https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:finalize\
         ?key=key%20with%2Fodd%3Dchars"
    );

    // A key set on the call itself wins; the client does not add a second.
    hub.accounts()
        .mfa_sign_in()
        .start(v2::model::StartMfaSignInRequest::new())
        .pretty_print(false)
        .key("call-key")
        .send()
        .await
        .unwrap();
    assert_eq!(
        transport.last_request().uri().query(),
        Some("key=call-key&prettyPrint=false")
    );
}

/// Records the scopes it is asked for.
#[derive(Default)]
struct ScopeRecorder(Mutex<Vec<String>>);

impl TokenProvider for ScopeRecorder {
    fn access_token<'a>(
        &'a self,
        scopes: &'a [&'a str],
    ) -> BoxFuture<'a, Result<String, BoxError>> {
        self.0
            .lock()
            .unwrap()
            .extend(scopes.iter().map(|scope| scope.to_string()));
        Box::pin(async { Ok("ya29.token".to_owned()) })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_for_the_calls_scopes() {
    let transport = Canned::new(200, FINALIZE_RESPONSE);
    let provider = Arc::new(ScopeRecorder::default());
    struct Shared(Arc<ScopeRecorder>);
    impl TokenProvider for Shared {
        fn access_token<'a>(
            &'a self,
            scopes: &'a [&'a str],
        ) -> BoxFuture<'a, Result<String, BoxError>> {
            self.0.access_token(scopes)
        }
    }
    let client = Client::new()
        .with_transport(transport.clone())
        .with_token_provider(Shared(provider.clone()))
        .with_timeout(Duration::from_secs(7));
    finalize(&hub(client)).await.unwrap();

    let request = transport.last_request();
    let authorization = &request.headers()["authorization"];
    assert_eq!(authorization, "Bearer ya29.token");
    assert!(authorization.is_sensitive());
    assert_eq!(
        *provider.0.lock().unwrap(),
        [v2::scopes::CLOUD_PLATFORM],
        "the scopes of mfaSignIn.finalize"
    );
    assert_eq!(
        request.extensions().get::<Timeout>(),
        Some(&Timeout(Duration::from_secs(7)))
    );
}

#[tokio::test]
async fn a_failing_token_provider_is_a_credentials_error() {
    struct Broken;
    impl TokenProvider for Broken {
        fn access_token<'a>(&'a self, _: &'a [&'a str]) -> BoxFuture<'a, Result<String, BoxError>> {
            Box::pin(async { Err("the metadata server is unreachable".into()) })
        }
    }
    let transport = Canned::new(200, FINALIZE_RESPONSE);
    let client = Client::new()
        .with_transport(transport.clone())
        .with_token_provider(Broken);
    let error = finalize(&hub(client)).await.unwrap_err();
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no access token: the metadata server is unreachable"
    );
    assert!(
        transport.requests.lock().unwrap().is_empty(),
        "nothing sent"
    );
}

#[tokio::test]
async fn a_google_error_body_is_an_api_error_with_its_code() {
    let body = r#"{"error": {"code": 400, "message": "MISSING_CREDENTIAL : Please set MFA Pending Credential.",
        "errors": [{"message": "MISSING_CREDENTIAL : Please set MFA Pending Credential.", "reason": "invalid", "domain": "global"}]}}"#;
    let client = Client::new().with_transport(Canned::new(400, body));
    let error = finalize(&hub(client)).await.unwrap_err();
    assert_eq!(error.reason(), Some("MISSING_CREDENTIAL"));
    assert_eq!(error.http_status(), Some(http::StatusCode::BAD_REQUEST));
    let api = error.api_error().unwrap();
    assert_eq!(api.code, Some(400));
    assert_eq!(api.status, None);
    assert_eq!(api.errors[0].reason.as_deref(), Some("invalid"));
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request: MISSING_CREDENTIAL : Please set MFA Pending Credential."
    );
}

#[tokio::test]
async fn a_body_that_is_not_the_declared_json_keeps_status_and_first_bytes() {
    for (status, body, reason) in [
        (200, "<html>Service Unavailable</html>", "expected value"),
        (
            200,
            r#"["an", "array"]"#,
            "a JSON object for FinalizeMfaSignInResponse",
        ),
        (200, r#"{"idToken": 5}"#, "invalid type: integer `5`"),
        (502, "<html>Bad Gateway</html>", "not Google's error format"),
        (
            405,
            r#"{"message": "Method not allowed"}"#,
            "no `error` object",
        ),
        (500, "", "not Google's error format"),
    ] {
        let client = Client::new().with_transport(Canned::new(status, body));
        let error = finalize(&hub(client)).await.unwrap_err();
        let Error::UnexpectedResponse {
            status: got,
            reason: why,
            body: got_body,
        } = &error
        else {
            panic!("{body}: {error:?}");
        };
        assert_eq!(got.as_u16(), status);
        assert!(why.contains(reason), "{body}: {why}");
        assert_eq!(got_body, body.as_bytes());
        let message = error.to_string();
        assert!(
            message.contains(&format!("HTTP status {status}")),
            "{message}"
        );
        // Short bodies are shown whole; an empty one is said to be.
        let end = if body.is_empty() {
            "the body is empty".to_owned()
        } else {
            format!("the body starts with {body:?}")
        };
        assert!(message.ends_with(&end), "{message}");
    }
}

#[tokio::test]
async fn an_empty_success_decodes_to_defaults() {
    let client = Client::new().with_transport(Canned::new(200, "{}"));
    let response = finalize(&hub(client)).await.unwrap();
    assert_eq!(response, v2::model::FinalizeMfaSignInResponse::new());
}

#[test]
fn debug_output_shows_no_credentials() {
    let client = Client::new()
        .with_api_key("AIza-secret-key")
        .with_token_provider(StaticToken::new("ya29.secret-token"));
    let hub = hub(client.clone());
    let call = hub
        .accounts()
        .mfa_sign_in()
        .finalize(
            v2::model::FinalizeMfaSignInRequest::new()
                .with_mfa_pending_credential("secret-pending")
                .with_phone_verification_info(
                    v2::model::FinalizeMfaPhoneRequestInfo::new()
                        .with_session_info("secret-session")
                        .with_code("secret-code")
                        .with_phone_number("+15555550100"),
                ),
        )
        .key("secret-call-key")
        .access_token("secret-access-token")
        .oauth_token("secret-oauth-token");
    let texts = [
        format!("{client:?}"),
        format!("{hub:?}"),
        format!("{call:?}"),
        format!("{:?}", StaticToken::new("ya29.secret-token")),
        format!(
            "{:?}",
            v2::model::FinalizeMfaSignInResponse::new()
                .with_id_token("secret-id-token")
                .with_refresh_token("secret-refresh-token")
        ),
        format!(
            "{:?}",
            google_identitytoolkit::v1::model::SignInWithPasswordRequest::new()
                .with_email("user@example.com")
                .with_password("secret-password")
        ),
        format!(
            "{:?}",
            v2::model::MfaTotpSignInRequestInfo::new().with_verification_code("secret-totp")
        ),
    ];
    for text in &texts {
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
    // What is not secret still shows.
    assert!(texts[2].contains("+15555550100"), "{}", texts[2]);
    assert!(texts[5].contains("user@example.com"), "{}", texts[5]);
}

#[tokio::test]
async fn a_transport_that_cannot_stream_hands_out_the_whole_body_as_one_chunk() {
    let transport = Canned::new(200, "the whole body");
    let client = Client::new()
        .with_api_key("secret-key")
        .with_transport(transport.clone());
    let request = http::Request::get("https://example.com/media?alt=media")
        .body(Vec::new())
        .unwrap();
    let response = client.send_streaming(request, &[]).await.unwrap();
    let mut body = response.into_body();
    assert_eq!(body.content_length(), Some(14));
    let chunk = body.next_chunk().await.unwrap().unwrap();
    assert_eq!(&chunk[..], b"the whole body");
    assert!(body.next_chunk().await.is_none());
    // The credentials went with it, as with `send`.
    let sent = transport.last_request();
    assert_eq!(sent.headers()["x-goog-api-key"], "secret-key");
}

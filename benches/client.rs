//! The generated client at run time: building the `accounts.mfaSignIn.start` request, building
//! and encoding the `finalize` request, and decoding a `finalize` response. `benches/alternatives/python_dynamic_client.py` measures the
//! same request with google-api-python-client's dynamic client.

use criterion::{criterion_group, criterion_main, Criterion};
use google_identitytoolkit::v2::accounts::mfa_sign_in::FinalizeCall;
use google_identitytoolkit::v2::model::{
    FinalizeMfaPhoneRequestInfo, FinalizeMfaSignInRequest, StartMfaPhoneRequestInfo,
    StartMfaSignInRequest,
};
use google_identitytoolkit::v2::IdentityToolkit;

const FINALIZE_RESPONSE: &str = r#"{"idToken":"eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ.","refreshToken":"refresh-token","phoneAuthInfo":{"phoneNumber":"+15555550100"}}"#;

fn bench(c: &mut Criterion) {
    let hub = IdentityToolkit::new();
    let mut group = c.benchmark_group("client");
    group.bench_function("build mfaSignIn.start request", |b| {
        b.iter(|| {
            let body = StartMfaSignInRequest::new()
                .with_mfa_pending_credential("pending")
                .with_mfa_enrollment_id("enrollment")
                .with_phone_sign_in_info(
                    StartMfaPhoneRequestInfo::new().with_phone_number("+15555550100"),
                );
            hub.accounts()
                .mfa_sign_in()
                .start(body)
                .key("key")
                .into_http_request()
                .unwrap()
        })
    });
    group.bench_function("build and encode mfaSignIn.finalize request", |b| {
        b.iter(|| {
            let body = FinalizeMfaSignInRequest::new()
                .with_mfa_pending_credential("pending")
                .with_mfa_enrollment_id("enrollment")
                .with_phone_verification_info(
                    FinalizeMfaPhoneRequestInfo::new()
                        .with_session_info("session")
                        .with_code("123456"),
                );
            hub.accounts()
                .mfa_sign_in()
                .finalize(body)
                .key("key")
                .into_http_request()
                .unwrap()
        })
    });
    group.bench_function("decode mfaSignIn.finalize response", |b| {
        b.iter(|| {
            let response = http::Response::new(FINALIZE_RESPONSE.as_bytes());
            FinalizeCall::decode_response(response).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

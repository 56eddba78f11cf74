//! Serde round trips of every generated type on realistic JSON, and of the wire encodings that
//! generated fields use.

use google_identitytoolkit::runtime::{self, DateTime, Duration};
use google_identitytoolkit::v2::model::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Decodes `value` as `T`, encodes it again and returns both.
fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

#[test]
fn start_request_round_trips_with_every_field() {
    let wire = json!({
        "mfaEnrollmentId": "enrollment-1",
        "mfaPendingCredential": "pending-credential",
        "tenantId": "tenant-a",
        "phoneSignInInfo": {
            "phoneNumber": "+15555550100",
            "recaptchaToken": "recaptcha",
            "safetyNetToken": "safety-net",
            "playIntegrityToken": "play",
            "iosReceipt": "receipt",
            "iosSecret": "secret",
            "captchaResponse": "captcha",
            "clientType": "CLIENT_TYPE_WEB",
            "recaptchaVersion": "RECAPTCHA_ENTERPRISE",
            "autoRetrievalInfo": {"appSignatureHash": "hash"}
        }
    });
    let (request, encoded) = round_trip::<StartMfaSignInRequest>(&wire);
    assert_eq!(encoded, wire);
    let phone = request.phone_sign_in_info.as_ref().unwrap();
    assert_eq!(
        phone.client_type,
        Some(StartMfaPhoneRequestInfoClientType::ClientTypeWeb)
    );
    assert_eq!(
        phone.recaptcha_version,
        Some(StartMfaPhoneRequestInfoRecaptchaVersion::RecaptchaEnterprise)
    );
    assert_eq!(
        phone
            .auto_retrieval_info
            .as_ref()
            .unwrap()
            .app_signature_hash
            .as_deref(),
        Some("hash")
    );
}

#[test]
fn builders_set_fields_and_unset_fields_are_omitted() {
    let request = StartMfaSignInRequest::new()
        .with_mfa_pending_credential("pending")
        .with_mfa_enrollment_id("enrollment")
        .with_phone_sign_in_info(StartMfaPhoneRequestInfo::new().with_phone_number("+15555550100"));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "mfaPendingCredential": "pending",
            "mfaEnrollmentId": "enrollment",
            "phoneSignInInfo": {"phoneNumber": "+15555550100"}
        })
    );
    assert_eq!(
        serde_json::to_string(&StartMfaSignInRequest::new()).unwrap(),
        "{}"
    );
}

#[test]
fn finalize_request_and_response_round_trip() {
    let wire = json!({
        "mfaEnrollmentId": "enrollment-1",
        "mfaPendingCredential": "pending",
        "tenantId": "tenant-a",
        "phoneVerificationInfo": {
            "sessionInfo": "session",
            "code": "123456",
            "phoneNumber": "+15555550100",
            "androidVerificationProof": "proof"
        },
        "totpVerificationInfo": {"verificationCode": "654321"}
    });
    let (request, encoded) = round_trip::<FinalizeMfaSignInRequest>(&wire);
    assert_eq!(encoded, wire);
    assert_eq!(
        request.phone_verification_info.unwrap().code.as_deref(),
        Some("123456")
    );

    let wire = json!({
        "idToken": "id-token",
        "refreshToken": "refresh-token",
        "phoneAuthInfo": {
            "androidVerificationProof": "proof",
            "androidVerificationProofExpireTime": "2025-01-30T12:34:56.789Z",
            "phoneNumber": "+15555550100"
        }
    });
    let (response, encoded) = round_trip::<FinalizeMfaSignInResponse>(&wire);
    assert_eq!(encoded, wire);
    let expires = response
        .phone_auth_info
        .unwrap()
        .android_verification_proof_expire_time
        .unwrap();
    let since_epoch = expires
        .to_system_time()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    assert_eq!(since_epoch.as_millis(), 1_738_240_496_789);
}

#[test]
fn start_response_round_trips() {
    let wire = json!({"phoneResponseInfo": {"sessionInfo": "opaque-session"}});
    let (response, encoded) = round_trip::<StartMfaSignInResponse>(&wire);
    assert_eq!(encoded, wire);
    assert_eq!(
        response
            .phone_response_info
            .unwrap()
            .session_info
            .as_deref(),
        Some("opaque-session")
    );
    let (_, encoded) = round_trip::<StartMfaPhoneResponseInfo>(&json!({"sessionInfo": "s"}));
    assert_eq!(encoded, json!({"sessionInfo": "s"}));
    let (_, encoded) = round_trip::<MfaTotpSignInRequestInfo>(&json!({"verificationCode": "1"}));
    assert_eq!(encoded, json!({"verificationCode": "1"}));
    let (_, encoded) = round_trip::<AutoRetrievalInfo>(&json!({"appSignatureHash": "h"}));
    assert_eq!(encoded, json!({"appSignatureHash": "h"}));
    let (_, encoded) = round_trip::<FinalizeMfaPhoneRequestInfo>(&json!({"code": "1"}));
    assert_eq!(encoded, json!({"code": "1"}));
    let (_, encoded) = round_trip::<FinalizeMfaPhoneResponseInfo>(&json!({"phoneNumber": "+1"}));
    assert_eq!(encoded, json!({"phoneNumber": "+1"}));
}

#[test]
fn unknown_enum_values_decode_and_round_trip_unchanged() {
    let wire = json!({"clientType": "CLIENT_TYPE_WATCH", "recaptchaVersion": "RECAPTCHA_V9"});
    let (info, encoded) = round_trip::<StartMfaPhoneRequestInfo>(&wire);
    assert_eq!(encoded, wire);
    assert_eq!(
        info.client_type,
        Some(StartMfaPhoneRequestInfoClientType::Unrecognized(
            "CLIENT_TYPE_WATCH".to_owned()
        ))
    );
    assert_eq!(info.client_type.unwrap().as_str(), "CLIENT_TYPE_WATCH");
    assert_eq!(
        StartMfaPhoneRequestInfoClientType::from("CLIENT_TYPE_IOS").to_string(),
        "CLIENT_TYPE_IOS"
    );
}

#[test]
fn missing_fields_are_none_and_extra_fields_are_ignored() {
    let wire =
        json!({"idToken": "t", "someFieldOfALaterRevision": {"nested": [1, 2]}, "kind": "x"});
    let (response, encoded) = round_trip::<FinalizeMfaSignInResponse>(&wire);
    assert_eq!(response.id_token.as_deref(), Some("t"));
    assert_eq!(response.refresh_token, None);
    assert_eq!(response.phone_auth_info, None);
    assert_eq!(encoded, json!({"idToken": "t"}));
    let (empty, _) = round_trip::<StartMfaSignInResponse>(&json!({}));
    assert_eq!(empty, StartMfaSignInResponse::default());
}

#[test]
fn a_wrong_json_type_is_an_error_not_a_panic() {
    let error =
        serde_json::from_value::<FinalizeMfaSignInResponse>(json!({"idToken": 5})).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("invalid type: integer `5`, expected a string"),
        "{error}"
    );
}

/// The field shapes the generator gives `int64`, `uint64` and `byte` properties.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Encoded {
    #[serde(with = "runtime::wire::int64", skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(
        with = "runtime::wire::uint64",
        skip_serializing_if = "Option::is_none"
    )]
    size: Option<u64>,
    #[serde(with = "runtime::wire::int64", skip_serializing_if = "Vec::is_empty")]
    counts: Vec<i64>,
    #[serde(
        with = "runtime::wire::int64",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    by_name: std::collections::BTreeMap<String, i64>,
    #[serde(with = "runtime::wire::bytes", skip_serializing_if = "Option::is_none")]
    data: Option<Vec<u8>>,
    #[serde(with = "runtime::wire::bytes", skip_serializing_if = "Vec::is_empty")]
    chunks: Vec<Vec<u8>>,
}

#[test]
fn int64_is_written_as_a_string_and_read_from_a_string_or_a_number() {
    let from_strings: Encoded = serde_json::from_value(json!({
        "count": "-9223372036854775808",
        "size": "18446744073709551615",
        "counts": ["1", 2, "3"],
        "by_name": {"a": "4", "b": 5}
    }))
    .unwrap();
    assert_eq!(from_strings.count, Some(i64::MIN));
    assert_eq!(from_strings.size, Some(u64::MAX));
    assert_eq!(from_strings.counts, [1, 2, 3]);
    assert_eq!(
        serde_json::to_value(&from_strings).unwrap(),
        json!({
            "count": "-9223372036854775808",
            "size": "18446744073709551615",
            "counts": ["1", "2", "3"],
            "by_name": {"a": "4", "b": "5"}
        })
    );
    let from_number: Encoded = serde_json::from_value(json!({"count": 42, "size": 7})).unwrap();
    assert_eq!((from_number.count, from_number.size), (Some(42), Some(7)));

    for bad in [
        json!({"count": "12x"}),
        json!({"size": -1}),
        json!({"count": 1.5}),
        json!({"count": true}),
    ] {
        assert!(
            serde_json::from_value::<Encoded>(bad.clone()).is_err(),
            "{bad} was accepted"
        );
    }
}

#[test]
fn bytes_are_base64_on_the_wire() {
    let value = Encoded {
        data: Some(vec![0xfb, 0xff, 0x00]),
        chunks: vec![b"hi".to_vec()],
        ..Encoded::default()
    };
    let wire = serde_json::to_value(&value).unwrap();
    assert_eq!(wire, json!({"data": "+/8A", "chunks": ["aGk="]}));
    assert_eq!(serde_json::from_value::<Encoded>(wire).unwrap(), value);

    // URL-safe and unpadded base64 are read too.
    let url_safe: Encoded =
        serde_json::from_value(json!({"data": "-_8A", "chunks": ["aGk"]})).unwrap();
    assert_eq!(url_safe, value);
    assert!(serde_json::from_value::<Encoded>(json!({"data": "not base64!"})).is_err());
}

#[test]
fn times_and_durations_round_trip_losslessly_with_typed_accessors() {
    for text in [
        "2025-01-30T12:34:56Z",
        "2025-01-30T12:34:56.000000001Z",
        "1969-12-31T23:59:59.5Z",
    ] {
        let time = DateTime::from_wire(text);
        assert_eq!(serde_json::to_value(&time).unwrap(), json!(text));
        assert_eq!(
            DateTime::from_system_time(time.to_system_time().unwrap()).as_str(),
            text
        );
    }
    let offset = DateTime::from_wire("2025-01-30T14:34:56+02:00")
        .to_system_time()
        .unwrap();
    assert_eq!(
        offset,
        DateTime::from_wire("2025-01-30T12:34:56Z")
            .to_system_time()
            .unwrap()
    );
    assert!(DateTime::from_wire("yesterday").to_system_time().is_err());

    assert_eq!(
        Duration::from_wire("3.5s").to_std().unwrap(),
        std::time::Duration::from_millis(3500)
    );
    assert_eq!(
        Duration::from_std(std::time::Duration::from_millis(3500)).as_str(),
        "3.5s"
    );
    assert!(Duration::from_wire("-1s").to_std().is_err());

    let mask = runtime::FieldMask::from_paths(["displayName", "mfaConfig.state"]);
    assert_eq!(mask.as_str(), "displayName,mfaConfig.state");
    assert_eq!(
        mask.paths().collect::<Vec<_>>(),
        ["displayName", "mfaConfig.state"]
    );
    assert_eq!(
        runtime::Date::from_wire("2025-01-30").to_ymd().unwrap(),
        (2025, 1, 30)
    );
}

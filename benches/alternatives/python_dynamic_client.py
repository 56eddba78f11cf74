"""The alternative to generated code: google-api-python-client's dynamic client, built at run
time from the same discovery document. Prints, in microseconds per operation, the time to build
the client from the document, to build the `accounts.mfaSignIn.start` request, to build and
encode the `accounts.mfaSignIn.finalize` request, and to decode a `finalize` response.

    pip install google-api-python-client==2.202.0
    python3 benches/alternatives/python_dynamic_client.py
"""

import json
import pathlib
import timeit

import httplib2
from googleapiclient.discovery import build_from_document

DOCUMENT = (pathlib.Path(__file__).parents[2] / "discovery" / "identitytoolkit.v2.json").read_text()
BODY = {
    "mfaPendingCredential": "pending",
    "mfaEnrollmentId": "enrollment",
    "phoneSignInInfo": {"phoneNumber": "+15555550100"},
}

FINALIZE_BODY = {
    "mfaPendingCredential": "pending",
    "mfaEnrollmentId": "enrollment",
    "phoneVerificationInfo": {"sessionInfo": "session", "code": "123456"},
}
# The same bytes as FINALIZE_RESPONSE in benches/client.rs.
FINALIZE_RESPONSE = (
    b'{"idToken":"eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ.","refreshToken":"refresh-token",'
    b'"phoneAuthInfo":{"phoneNumber":"+15555550100"}}'
)


def build_client():
    return build_from_document(DOCUMENT, developerKey="key")


def build_request(service):
    request = service.accounts().mfaSignIn().start(body=BODY)
    return request.uri, request.body


def build_finalize_request(service):
    request = service.accounts().mfaSignIn().finalize(body=FINALIZE_BODY)
    return request.uri, request.body, request.postproc


def per_call_us(function, number):
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


service = build_client()
uri, body = build_request(service)
assert uri.startswith("https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:start"), uri
assert json.loads(body) == BODY

uri, body, decode = build_finalize_request(service)
assert uri.startswith("https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:finalize"), uri
assert json.loads(body) == FINALIZE_BODY
status_ok = httplib2.Response({"status": "200"})
assert decode(status_ok, FINALIZE_RESPONSE)["refreshToken"] == "refresh-token"

print(f"parse the document (json.loads): {per_call_us(lambda: json.loads(DOCUMENT), 50):.1f} us")
print(f"build the client from the document: {per_call_us(build_client, 20):.1f} us")
print(f"build the mfaSignIn.start request: {per_call_us(lambda: build_request(service), 200):.1f} us")
print(
    "build and encode the mfaSignIn.finalize request: "
    f"{per_call_us(lambda: build_finalize_request(service), 200):.1f} us"
)
print(
    "decode the mfaSignIn.finalize response: "
    f"{per_call_us(lambda: decode(status_ok, FINALIZE_RESPONSE), 2000):.1f} us"
)

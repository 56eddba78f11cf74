"""The alternative to generated code: google-api-python-client's dynamic client, built at run
time from the same discovery document. Prints, in microseconds per operation, the time to build
the client from the document and the time to build the `accounts.mfaSignIn.start` request.

    pip install google-api-python-client==2.202.0
    python3 benches/alternatives/python_dynamic_client.py
"""

import json
import pathlib
import timeit

from googleapiclient.discovery import build_from_document

DOCUMENT = (pathlib.Path(__file__).parents[2] / "discovery" / "identitytoolkit.v2.json").read_text()
BODY = {
    "mfaPendingCredential": "pending",
    "mfaEnrollmentId": "enrollment",
    "phoneSignInInfo": {"phoneNumber": "+15555550100"},
}


def build_client():
    return build_from_document(DOCUMENT, developerKey="key")


def build_request(service):
    request = service.accounts().mfaSignIn().start(body=BODY)
    return request.uri, request.body


def per_call_us(function, number):
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


service = build_client()
uri, body = build_request(service)
assert uri.startswith("https://identitytoolkit.googleapis.com/v2/accounts/mfaSignIn:start"), uri
assert json.loads(body) == BODY

print(f"parse the document (json.loads): {per_call_us(lambda: json.loads(DOCUMENT), 50):.1f} us")
print(f"build the client from the document: {per_call_us(build_client, 20):.1f} us")
print(f"build the mfaSignIn.start request: {per_call_us(lambda: build_request(service), 200):.1f} us")

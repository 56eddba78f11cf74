#!/usr/bin/env bash
# Unpacks the corpus of Google discovery documents into DIR: the 611 files that
# google-api-python-client 2.202.0 ships in googleapiclient/discovery_cache/documents/, taken
# from its wheel on PyPI and checked against the wheel's SHA-256. Does nothing when DIR
# already holds them.
#
#     bash tests/corpus/fetch.sh target/corpus/documents
set -euo pipefail
dest="${1:?usage: fetch.sh DIR}"
version=2.202.0
sha256=aaa90064c9bb642ff1d065b22ca8958a2cb6e345909cefe70d0e5452fc50e08b
wheel="google_api_python_client-$version-py3-none-any.whl"

if [ -f "$dest/.complete-$version" ]; then
    exit 0
fi
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --no-deps --only-binary :all: --dest "$download" \
    "google-api-python-client==$version"
echo "$sha256  $download/$wheel" | sha256sum --check --quiet
rm -rf "$dest"
mkdir -p "$dest"
python3 - "$download/$wheel" "$dest" <<'PYTHON'
import pathlib, sys, zipfile

prefix = "googleapiclient/discovery_cache/documents/"
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
count = 0
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(prefix) and name.endswith(".json"):
            (dest / name[len(prefix):]).write_bytes(archive.read(name))
            count += 1
print(f"{count} discovery documents in {dest}")
PYTHON
touch "$dest/.complete-$version"

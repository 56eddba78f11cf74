#!/usr/bin/env bash
# Time to compare the two largest documents of the corpus, compute.alpha and compute.beta,
# with the revisions of two years before (google-api-python-client 2.150.0, October 2024),
# whole API: `google-api-codegen diff` (release build), beside GNU diff on the JSON text and
# Python reading both documents with its json module, in the same hyperfine run.
#
#     bash tests/corpus/fetch.sh target/corpus/documents
#     bash benches/alternatives/diff_times.sh target/corpus/documents
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
new_dir="$(cd "${1:?the directory of the current corpus documents}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wheel=google_api_python_client-2.150.0-py2.py3-none-any.whl
sha256=39b68bb4a83748e03b34ff957fe3ac64e61b23b1d3971c9faae3b77e9dd3c2bc
pip download --quiet --no-deps google-api-python-client==2.150.0 -d "$work"
echo "$sha256  $work/$wheel" | sha256sum --check --quiet
(cd "$work" && unzip -q "$wheel" 'googleapiclient/discovery_cache/documents/compute.*')
old_dir="$work/googleapiclient/discovery_cache/documents"

(cd "$root" && cargo build --quiet --release -p google-api-codegen --bin google-api-codegen)
codegen="$root/target/release/google-api-codegen"

for api in compute.alpha compute.beta; do
    old="$old_dir/$api.json"
    new="$new_dir/$api.json"
    "$codegen" diff "$old" "$new" --color never | tail -n 1
    hyperfine -N --warmup 1 --runs 10 \
        -n "google-api-codegen diff $api" "$codegen diff $old $new --format json" \
        -n "GNU diff $api" "diff $old $new" \
        -n "python json.load $api" "python3 -c 'import json, sys; [json.load(open(p)) for p in sys.argv[1:]]' $old $new" \
        -i
done

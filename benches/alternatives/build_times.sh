#!/usr/bin/env bash
# Clean-build time and dependency count of a crate that depends on the client, with default
# features and with `default-features = false`, beside the published google-identitytoolkit3
# crate (7.0.0) built the same way. Each variant gets an empty target directory; crates are
# fetched before the clock starts, so the time is compiling only (debug profile).
#
#     bash benches/alternatives/build_times.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

variants=(
    "ours, default features|google-identitytoolkit = { path = \"$root\" }"
    "ours, default-features = false, features = [\"reqwest\"]|google-identitytoolkit = { path = \"$root\", default-features = false, features = [\"reqwest\"] }"
    "ours, default-features = false|google-identitytoolkit = { path = \"$root\", default-features = false }"
    "google-identitytoolkit3 7.0.0, default features|google-identitytoolkit3 = \"=7.0.0\""
    "google-identitytoolkit3 7.0.0, default-features = false|google-identitytoolkit3 = { version = \"=7.0.0\", default-features = false }"
)

printf '| variant | crates | clean build (s) |\n|---|---:|---:|\n'
for index in "${!variants[@]}"; do
    name="${variants[$index]%%|*}"
    dependency="${variants[$index]#*|}"
    crate="$work/consumer$index"
    mkdir -p "$crate/src"
    printf '[package]\nname = "consumer"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$dependency" >"$crate/Cargo.toml"
    : >"$crate/src/lib.rs"
    (cd "$crate" && cargo fetch --quiet)
    # Every package in the build graph but the consumer itself.
    crates=$(cd "$crate" && cargo tree --quiet -e normal,build --prefix none --format '{p}' |
        sed 's/ (.*//' | sort -u | grep -vc '^consumer v')
    start=$(date +%s.%N)
    if (cd "$crate" && CARGO_TARGET_DIR="$crate/target" cargo build --quiet 2>"$crate/build.log"); then
        seconds=$(echo "$(date +%s.%N) - $start" | bc)
        printf '| %s | %d | %.1f |\n' "$name" "$crates" "$seconds"
    else
        printf '| %s | %d | fails: %s |\n' "$name" "$crates" \
            "$(grep -m1 '^error' "$crate/build.log" | tr '|' '/')"
    fi
done

#!/usr/bin/env bash
# Build times of each generated domain crate, with its dependencies prebuilt: a cold build of the
# crate alone (its artefacts removed), and an incremental rebuild after touching one generated
# file, each without and with the `blocking` feature; then lines of generated code per endpoint.
#
# Run: scripts/build-times.sh   (from anywhere; uses its own target directory)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/build-times}"

# Milliseconds a command takes.
ms() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo $(((end - start) / 1000000)); }

crates=$(ls -d crates/*/ | xargs -n1 basename | while read -r c; do
  head -n1 "crates/$c/Cargo.toml" | grep -q '@generated' && echo "$c"; done)

printf '%-22s %-9s %8s %15s %7s %10s %12s\n' crate features cold_ms incremental_ms lines endpoints lines/endpt
for crate in $crates; do
  for features in "" "blocking"; do
    flag=(); [ -n "$features" ] && flag=(--features "$features")
    cargo build -q -p "$crate" "${flag[@]}"          # dependencies and the crate, prebuilt
    cargo clean -q -p "$crate"                       # drop the crate's own artefacts only
    cold=$(ms cargo build -q -p "$crate" "${flag[@]}")
    touch "crates/$crate/src/types.rs"
    incremental=$(ms cargo build -q -p "$crate" "${flag[@]}")
    lines=$(cat crates/"$crate"/src/*.rs | wc -l)
    endpoints=$(grep -c 'pub static [A-Z_]*: rt::Endpoint' "crates/$crate/src/endpoints.rs")
    printf '%-22s %-9s %8d %15d %7d %10d %12d\n' "$crate" "${features:-none}" "$cold" "$incremental" \
      "$lines" "$endpoints" $((lines / endpoints))
  done
done

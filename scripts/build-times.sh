#!/usr/bin/env bash
# Build times of each generated domain crate, with its dependencies prebuilt: a cold build of the
# crate alone (its artefacts removed; best of three), and an incremental rebuild after touching
# one generated file, each without and with the `blocking` feature; milliseconds per endpoint;
# lines of generated code per endpoint.
#
# The floor is the same cold build of an empty crate with the same dependency (the runtime):
# what any crate costs before its first line (cargo's start-up, rustc loading its
# dependencies). `ms/endpt` divides the whole cold build by the endpoints; `over_floor/endpt`
# divides what the crate's own code adds.
#
# Run: scripts/build-times.sh   (from anywhere; uses its own target directory)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/build-times}"
case $CARGO_TARGET_DIR in /*) ;; *) CARGO_TARGET_DIR="$root/$CARGO_TARGET_DIR" ;; esac

# Milliseconds a command takes.
ms() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo $(((end - start) / 1000000)); }

# Best of three cold builds of package `$1` (in manifest `$2`) with flags `$3...`.
cold() {
  local package=$1 manifest=$2 best=999999 t
  shift 2
  cargo build -q --manifest-path "$manifest" -p "$package" "$@" # dependencies, prebuilt
  for _ in 1 2 3; do
    cargo clean -q --manifest-path "$manifest" -p "$package" # the crate's own artefacts only
    t=$(ms cargo build -q --manifest-path "$manifest" -p "$package" "$@")
    ((t < best)) && best=$t
  done
  echo "$best"
}

# The empty crate of the floor, outside the workspace, on the workspace's lock file.
floor=$CARGO_TARGET_DIR/floor-crate
mkdir -p "$floor/src"
cat >"$floor/Cargo.toml" <<EOF
[package]
name = "build-floor"
version = "0.0.0"
edition = "2021"
publish = false

[features]
blocking = ["wechat-runtime/blocking"]

[dependencies]
wechat-runtime = { path = "$root/crates/wechat-runtime" }

[workspace]
EOF
echo 'pub use wechat_runtime::codegen as rt;' >"$floor/src/lib.rs"
cp Cargo.lock "$floor/Cargo.lock"

declare -A floor_ms
for features in "" "blocking"; do
  flag=(); [ -n "$features" ] && flag=(--features "$features")
  floor_ms[${features:-none}]=$(cold build-floor "$floor/Cargo.toml" "${flag[@]}")
  printf 'floor (empty crate on the runtime), features %s: %d ms\n' "${features:-none}" \
    "${floor_ms[${features:-none}]}"
done

crates=$(ls -d crates/*/ | xargs -n1 basename | while read -r c; do
  head -n1 "crates/$c/Cargo.toml" | grep -q '@generated' && echo "$c"; done)

printf '%-20s %-9s %8s %8s %7s %6s %11s %8s %17s\n' crate features cold_ms incr_ms lines \
  endpts lines/endpt ms/endpt over_floor/endpt
for crate in $crates; do
  for features in "" "blocking"; do
    flag=(); [ -n "$features" ] && flag=(--features "$features")
    cold_ms=$(cold "$crate" Cargo.toml "${flag[@]}")
    touch "crates/$crate/src/types.rs"
    incremental=$(ms cargo build -q -p "$crate" "${flag[@]}")
    lines=$(cat crates/"$crate"/src/*.rs | wc -l)
    endpoints=$(grep -c 'pub static [A-Z_]*: rt::Endpoint' "crates/$crate/src/endpoints.rs")
    over=$((cold_ms - floor_ms[${features:-none}]))
    printf '%-20s %-9s %8d %8d %7d %6d %11d %8d %17d\n' "$crate" "${features:-none}" "$cold_ms" \
      "$incremental" "$lines" "$endpoints" $((lines / endpoints)) $((cold_ms / endpoints)) \
      $((over / endpoints))
  done
done

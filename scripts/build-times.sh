#!/usr/bin/env bash
# Build cost of each generated domain crate, with its dependencies prebuilt: a cold debug build
# of the crate alone (its artefacts removed; best of three), without and with the `blocking`
# feature, as an application's `cargo build` compiles it from crates.io: not incremental.
#
# Two times per build: rustc's own run for the crate (timed by a RUSTC_WRAPPER, so that cargo's
# start-up and its check of ~150 dependencies' fingerprints, ~100 ms whatever the crate, are
# left out), and the whole `cargo build` (context). Per endpoint: rustc's time, and what the
# crate adds over the floor, the same build of a crate whose only code is the runtime
# re-export every domain crate starts with. Lines and types of generated code per endpoint.
#
# The baseline: the same crate with its structs' (de)serialization derived by serde, as a
# hand-written SDK writes it (scripts/derive-mirror.py), built the same way; `vs_derive` is
# the generated crate's rustc time over the mirror's.
#
# The bound: the crate's struct and enum definitions alone, with their standard derives
# (`Clone`, `Debug`, `PartialEq`, ...) and nothing else, no (de)serialization, no clients
# (scripts/derive-mirror.py --types-only), built the same way without features. No SDK
# offering these types can build in less: `bound/endpt` is its rustc time per endpoint.
#
# What the calls cost where they are made: `app_ms` is the same build of an application crate
# that calls every endpoint, async and (with `blocking`) blocking, on the domain crate prebuilt
# (scripts/every-call.py writes it). A domain crate's functions are `#[inline]`, so their code
# is compiled by the crate that calls them; this column shows that cost was not lost.
# `derive_app` is the same application on the mirror, and `total_vs_derive` compares crate
# plus application: what a user calling every endpoint pays, against the hand-written way.
#
# Run: scripts/build-times.sh [crate...]   (every generated crate by default; from anywhere;
# uses its own target directory)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/build-times}"
case $CARGO_TARGET_DIR in /*) ;; *) CARGO_TARGET_DIR="$root/$CARGO_TARGET_DIR" ;; esac
export CARGO_INCREMENTAL=0
mkdir -p "$CARGO_TARGET_DIR"

# Runs rustc, timing the run that compiles $BUILD_TIMES_CRATE into $BUILD_TIMES_LOG.
wrapper=$CARGO_TARGET_DIR/time-rustc
cat >"$wrapper" <<'EOF'
#!/usr/bin/env bash
name= prev=
for arg in "$@"; do
  [ "$prev" = --crate-name ] && name=$arg
  prev=$arg
done
if [ -n "${BUILD_TIMES_LOG:-}" ] && [ "$name" = "${BUILD_TIMES_CRATE:-}" ]; then
  start=$(date +%s%N)
  status=0
  "$@" || status=$?
  echo $((($(date +%s%N) - start) / 1000000)) >>"$BUILD_TIMES_LOG"
  exit $status
fi
exec "$@"
EOF
chmod +x "$wrapper"
export RUSTC_WRAPPER=$wrapper
log=$CARGO_TARGET_DIR/rustc-times

# Milliseconds a command takes.
ms() { local start; start=$(date +%s%N); "$@" >/dev/null 2>&1; echo $((($(date +%s%N) - start) / 1000000)); }

# Best of three cold builds of package `$1` (in manifest `$2`) with flags `$3...`: prints
# rustc's milliseconds and cargo's.
cold() {
  local package=$1 manifest=$2 rustc=999999 cargo=999999 t r
  shift 2
  cargo build -q --manifest-path "$manifest" -p "$package" "$@" # dependencies, prebuilt
  for _ in 1 2 3; do
    cargo clean -q --manifest-path "$manifest" -p "$package" # the crate's own artefacts only
    : >"$log"
    t=$(BUILD_TIMES_LOG=$log BUILD_TIMES_CRATE=${package//-/_} \
      ms cargo build -q --manifest-path "$manifest" -p "$package" "$@")
    r=$(awk '{s += $1} END {print s + 0}' "$log")
    ((r < rustc)) && rustc=$r
    ((t < cargo)) && cargo=$t
  done
  echo "$rustc $cargo"
}

# A crate outside the workspace, on the workspace's lock file, depending on the runtime (with
# its `blocking` and `redis` features) and on `$2`, if given, whose `blocking` feature `$3`
# names too: its directory is `$1`.
outside_crate() {
  mkdir -p "$1/src"
  cat >"$1/Cargo.toml" <<EOF
[package]
name = "$(basename "$1")"
version = "0.0.0"
edition = "2021"
publish = false

[features]
blocking = ["wechat-runtime/blocking"${3:+, \"$3\"}]
redis = ["wechat-runtime/redis"]

[dependencies]
wechat-runtime = { path = "$root/crates/wechat-runtime" }
${2:-}

[workspace]
EOF
  cp Cargo.lock "$1/Cargo.lock"
}

# The floor: an empty crate with the same dependency and the re-export every domain crate has.
floor=$CARGO_TARGET_DIR/build-floor
outside_crate "$floor"
echo 'pub use wechat_runtime::codegen as rt;' >"$floor/src/lib.rs"

declare -A floor_ms
for features in "" "blocking"; do
  flag=()
  [ -n "$features" ] && flag=(--features "$features")
  read -r r c < <(cold build-floor "$floor/Cargo.toml" "${flag[@]}")
  floor_ms[${features:-none}]=$r
  printf 'floor (empty crate on the runtime), features %s: rustc %d ms, cargo build %d ms\n' \
    "${features:-none}" "$r" "$c"
done

# The mirror crate; its sources are each domain crate's, rewritten.
mirror=$CARGO_TARGET_DIR/derive-mirror
outside_crate "$mirror" 'serde = { version = "1", features = ["derive"] }'

crates=${*:-$(ls -d crates/*/ | xargs -n1 basename | while read -r c; do
  head -n1 "crates/$c/Cargo.toml" | grep -q '@generated' && echo "$c"; done)}

# The bound crate: the domain crate's type definitions alone.
bound=$CARGO_TARGET_DIR/types-only
outside_crate "$bound"

# The application: a crate calling every endpoint of the domain crate (prebuilt), built the
# same way: what the calls cost where they are made (scripts/every-call.py).
app=$CARGO_TARGET_DIR/every-call
mirror_app=$CARGO_TARGET_DIR/every-call-mirror

printf '%-25s %-9s %6s %6s %6s %11s %8s %8s %8s %10s %11s %9s %9s %7s %11s %10s %13s %8s %11s\n' \
  crate features endpts types lines lines/endpt rustc_ms cargo_ms ms/endpt over_floor \
  types/endpt derive_ms vs_derive app_ms app/endpt derive_app total_vs_derive bound_ms \
  bound/endpt
for crate in $crates; do
  lines=$(cat crates/"$crate"/src/*.rs | wc -l)
  endpoints=$(grep -c 'pub static [A-Z_]*: rt::Endpoint' "crates/$crate/src/endpoints.rs")
  types=$(grep -cE '^pub (struct|enum) ' "crates/$crate/src/types.rs")
  lines_per=$(((2 * lines + endpoints) / (2 * endpoints))) # rounded half up
  python3 scripts/derive-mirror.py "crates/$crate/src" "$mirror/src"
  outside_crate "$app" "$crate = { path = \"$root/crates/$crate\" }" "$crate/blocking"
  python3 scripts/every-call.py "$crate" "crates/$crate/src" "$app/src/lib.rs"
  outside_crate "$mirror_app" "derive-mirror = { path = \"$mirror\" }" "derive-mirror/blocking"
  python3 scripts/every-call.py derive-mirror "$mirror/src" "$mirror_app/src/lib.rs"
  python3 scripts/derive-mirror.py --types-only "crates/$crate/src" "$bound/src"
  read -r b _ < <(cold types-only "$bound/Cargo.toml")
  for features in "" "blocking"; do
    flag=()
    [ -n "$features" ] && flag=(--features "$features")
    read -r r c < <(cold "$crate" Cargo.toml "${flag[@]}")
    read -r d _ < <(cold derive-mirror "$mirror/Cargo.toml" "${flag[@]}")
    read -r a _ < <(cold every-call "$app/Cargo.toml" "${flag[@]}")
    read -r da _ < <(cold every-call-mirror "$mirror_app/Cargo.toml" "${flag[@]}")
    over=$((r - floor_ms[${features:-none}]))
    printf '%-25s %-9s %6d %6d %6d %11d %8d %8d %8s %10s %11s %9d %9s %7d %11d %10d %13s %8d %11s\n' "$crate" \
      "${features:-none}" "$endpoints" "$types" "$lines" "$lines_per" "$r" "$c" \
      "$(awk -v r="$r" -v e="$endpoints" 'BEGIN {printf "%.1f", r / e}')" \
      "$(awk -v o="$over" -v e="$endpoints" 'BEGIN {printf "%.1f", o / e}')" \
      "$(awk -v t="$types" -v e="$endpoints" 'BEGIN {printf "%.1f", t / e}')" "$d" \
      "$(awk -v r="$r" -v d="$d" 'BEGIN {printf "%.2f", r / d}')" "$a" $((a / endpoints)) "$da" \
      "$(awk -v t=$((r + a)) -v d=$((d + da)) 'BEGIN {printf "%.2f", t / d}')" "$b" \
      "$(awk -v b="$b" -v e="$endpoints" 'BEGIN {printf "%.1f", b / e}')"
  done
done

#!/usr/bin/env bash
# Instructions per call, counted by callgrind on the calling thread: the generated client's
# `datacube_member_card_detail`, a hand-written reqwest + serde_json call of the same endpoint
# (plain `#[derive(Deserialize)]` types), and the hand-written call decoding into the generated
# type; each against a 127.0.0.1 server answering a 62-row list (benches/benches/call_instructions.rs).
# Decoding alone (no call) is counted too, generated type against plain derive and
# serde_json::Value, for that list and for 100 promoter orders; for the orders also the plain
# derive with borrowed strings, the bound of any decoder once string allocations are taken away.
# Counts are taken at two call counts and subtracted, so that start-up and warm-up cancel out.
#
# Run: scripts/call-instructions.sh   (installs valgrind with apt if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  apt-get update -q && apt-get install -y -q valgrind
fi
bin=$(cargo bench -q -p wechat-benches --bench call_instructions --no-run --message-format=json |
  grep -o '"executable":"[^"]*call_instructions[^"]*"' | tail -n1 | cut -d'"' -f4)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
low=100 high=300

# Instructions of the main thread (callgrind's thread 1) for `$1` calls of mode `$2`.
count() {
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/$2-$1" \
    "$bin" "$2" "$1" >/dev/null 2>&1
  grep -m1 '^totals:' "$out/$2-$1-01" | awk '{print $2}'
}

printf '%-29s %14s\n' client instructions/call
declare -A per_call
for mode in hand-written generated hand-written-generated-type decode-plain decode-generated \
  decode-value decode-promoter-plain decode-promoter-generated decode-promoter-value \
  decode-promoter-borrowed; do
  a=$(count "$low" "$mode")
  b=$(count "$high" "$mode")
  per_call[$mode]=$(((b - a) / (high - low)))
  printf '%-29s %14d\n' "$mode" "${per_call[$mode]}"
done
awk -v g="${per_call[generated]}" -v h="${per_call[hand-written]}" \
  -v t="${per_call[hand-written-generated-type]}" 'BEGIN {
  printf "generated / hand-written: %.3f\n", g / h
  printf "hand-written with the generated type / hand-written: %.3f\n", t / h }'
awk -v g="${per_call[decode-generated]}" -v p="${per_call[decode-plain]}" \
  -v v="${per_call[decode-value]}" 'BEGIN {
  printf "decoding alone, generated type / plain derive: %.3f\n", g / p
  printf "decoding alone, serde_json::Value / generated type: %.2f\n", v / g }'
awk -v g="${per_call[decode-promoter-generated]}" -v p="${per_call[decode-promoter-plain]}" \
  -v v="${per_call[decode-promoter-value]}" -v b="${per_call[decode-promoter-borrowed]}" 'BEGIN {
  printf "decoding promoter orders alone, generated type / plain derive: %.3f\n", g / p
  printf "decoding promoter orders alone, serde_json::Value / generated type: %.2f\n", v / g
  printf "decoding promoter orders alone, serde_json::Value / plain derive: %.2f\n", v / p
  printf "decoding promoter orders alone, serde_json::Value / borrowed strings: %.2f\n", v / b }'

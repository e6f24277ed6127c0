#!/usr/bin/env bash
# Compile time of the generated crate (`generated/`, package `cloudflare-identity`).
#
# Builds the crate once (its dependencies included), then, RUNS times (default 3), touches
# generated/src/lib.rs and times `cargo build -p cloudflare-identity`, without incremental
# compilation (as the crate builds when it is a dependency): what a user pays for the crate
# itself. Prints each run and the median, in seconds.
#
#   benches/compile-time.sh              # debug build
#   benches/compile-time.sh --release    # release build
#   RUNS=5 benches/compile-time.sh
#
# It builds in its own target directory (target/compile-time, or $COMPILE_TIME_TARGET_DIR) so
# that other builds running on the machine neither wait for it nor make it wait on their lock.
set -euo pipefail

cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
target_dir="${COMPILE_TIME_TARGET_DIR:-target/compile-time}"
profile=(--profile dev)
label=debug
if [[ "${1:-}" == "--release" ]]; then
    profile=(--release)
    label=release
fi
build() {
    CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target_dir" cargo build --quiet -p cloudflare-identity "${profile[@]}"
}

echo "building cloudflare-identity and its dependencies ($label, $target_dir)..."
build

times=()
for ((i = 1; i <= runs; i++)); do
    touch generated/src/lib.rs
    start=$(date +%s.%N)
    build
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    times+=("$t")
    echo "run $i: ${t} s"
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.2f\n", (v[m] + v[m + 1]) / 2 }')
echo "cloudflare-identity ($label) rebuilt in ${median} s (median of $runs)"

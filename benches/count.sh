#!/bin/sh
# Instruction counts of the decoders by tag position (cachegrind), payload building subtracted,
# as ratios to the floor. Usage: benches/count.sh [positions...] (default: first after_name last).
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet --release -p client-benches --example count
bin=target/release/examples/count
out=$(mktemp -d)
count() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out/cg" "$bin" "$1" "$2" 2>&1 \
        | sed -n 's/.*I *refs: *//p' | tr -d ,
}
for at in ${@:-first after_name last}; do
    base=$(count "$at" build)
    floor=$(($(count "$at" floor) - base))
    typed=$(($(count "$at" typed) - base))
    in_order=$(($(count "$at" in_order) - base))
    grouped=$(($(count "$at" typed_grouped) - base))
    in_order_grouped=$(($(count "$at" in_order_grouped) - base))
    echo "$at: typed $typed, in_order $in_order, typed_grouped $grouped," \
        "in_order_grouped $in_order_grouped, floor $floor instructions;" \
        "typed/in_order $(echo "scale=3; $typed / $in_order" | bc)," \
        "typed_grouped/in_order_grouped $(echo "scale=3; $grouped / $in_order_grouped" | bc)," \
        "typed/floor $(echo "scale=3; $typed / $floor" | bc)"
done
rm -r "$out"

//! A fixed amount of decoding work for instruction counting (cachegrind), where criterion's
//! timings are too noisy: builds the payload for one tag position, then decodes it three times
//! with one decoder. Run once with `build` (the payload alone) and subtract.
//!
//! `cargo build --release -p client-benches --example count`, then
//! `valgrind --tool=cachegrind --branch-sim=yes target/release/examples/count last typed`.

use std::hint::black_box;

use client_benches::{build, decode_kind_known, decode_kind_known_in_order, TagAt};
use cloudflare_identity::models::IdentityProvider;

const ITEMS: usize = 10_000;
const ROUNDS: usize = 3;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage =
        "usage: count first|after_name|last|alternating build|typed|typed_grouped|floor|in_order|in_order_grouped";
    let tag_at = match args.next().as_deref() {
        Some("first") => TagAt::First,
        Some("after_name") => TagAt::AfterName,
        Some("last") => TagAt::Last,
        Some("alternating") => TagAt::Alternating,
        _ => panic!("{usage}"),
    };
    let decoder = args.next().unwrap_or_else(|| panic!("{usage}"));
    let payload = build(ITEMS, tag_at);
    for _ in 0..ROUNDS {
        match decoder.as_str() {
            "build" => {}
            "typed" => {
                let items: Vec<IdentityProvider> =
                    serde_json::from_slice(black_box(&payload.list)).expect("decodes");
                black_box(items);
            }
            "typed_grouped" => {
                let items: Vec<IdentityProvider> =
                    serde_json::from_slice(black_box(&payload.grouped)).expect("decodes");
                black_box(items);
            }
            "in_order_grouped" => {
                black_box(
                    decode_kind_known_in_order(black_box(&payload.grouped), &payload.grouped_kinds)
                        .expect("decodes"),
                );
            }
            "floor" => {
                for (kind, json) in &payload.by_kind {
                    black_box(decode_kind_known(kind, black_box(json)).expect("decodes"));
                }
            }
            "in_order" => {
                black_box(
                    decode_kind_known_in_order(black_box(&payload.list), &payload.kinds)
                        .expect("decodes"),
                );
            }
            _ => panic!("{usage}"),
        }
    }
}

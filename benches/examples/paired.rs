//! The union decoder's time over the kind-known decoder's, measured in pairs: each round decodes
//! the same payload once with each (which goes first alternates), and the ratio of the two times
//! is kept. A slow spell of the machine then slows both sides of a ratio alike, where criterion's
//! medians, taken one benchmark after the other, each see their own spell.
//!
//! `cargo run --release -p client-benches --example paired [rounds]` prints, per tag position
//! and input order, the median ratio and the 10th and 90th percentiles.

use std::hint::black_box;
use std::time::{Duration, Instant};

use client_benches::{build, decode_kind_known_in_order, TagAt};
use cloudflare_identity::models::IdentityProvider;

const ITEMS: usize = 10_000;

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    drop(black_box(out));
    elapsed
}

/// The `q` quantile of sorted `values`.
fn quantile(values: &[f64], q: f64) -> f64 {
    let at = ((values.len() - 1) as f64 * q).round() as usize;
    values[at]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("rounds is a number"))
        .unwrap_or(200);
    println!("{ITEMS} items, {rounds} rounds; union time / kind-known time: median [p10, p90]");
    for (name, tag_at) in [
        ("first", TagAt::First),
        ("after_name", TagAt::AfterName),
        ("last", TagAt::Last),
    ] {
        let payload = build(ITEMS, tag_at);
        for (order, json, kinds) in [
            ("mixed", &payload.list, &payload.kinds),
            ("grouped", &payload.grouped, &payload.grouped_kinds),
        ] {
            let union = || {
                serde_json::from_slice::<Vec<IdentityProvider>>(black_box(json)).expect("decodes")
            };
            let known = || decode_kind_known_in_order(black_box(json), kinds).expect("decodes");
            for _ in 0..5 {
                time(union);
                time(known);
            }
            let mut ratios: Vec<f64> = (0..rounds)
                .map(|round| {
                    let (u, k) = if round % 2 == 0 {
                        let u = time(union);
                        (u, time(known))
                    } else {
                        let k = time(known);
                        (time(union), k)
                    };
                    u.as_secs_f64() / k.as_secs_f64()
                })
                .collect();
            ratios.sort_by(f64::total_cmp);
            println!(
                "{name:>10} {order:>7}: {:.3} [{:.3}, {:.3}]",
                quantile(&ratios, 0.5),
                quantile(&ratios, 0.1),
                quantile(&ratios, 0.9)
            );
        }
    }
}

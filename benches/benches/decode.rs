//! Decoding a list of 10,000 identity providers of mixed kinds (the 14 of the spec and unknown
//! ones), `type` first in half the items and last in the other half.
//!
//! Group `decode`, all on the same items:
//! - `typed_vec`: `Vec<IdentityProvider>`, the generated union decoder;
//! - `typed_envelope`: the same inside `Envelope<Vec<IdentityProvider>>`, as the client reads it;
//! - `floor_kind_known`: the items grouped by kind, one array per kind, each decoded straight
//!   into its kind's struct (the fastest owned typed decoding: no tag to find);
//! - `kind_known_in_order`: the mixed list itself, each item decoded into the struct of its kind
//!   known in advance, then wrapped in its variant (the floor without the grouping);
//! - `ignored_any`: `serde::de::IgnoredAny`, parsing without building anything;
//! - `value`: `serde_json::Value`;
//! - `value_then_from_value`: `Value`, then `from_value` into the variant its tag names.
//!
//! Group `decode_tag_at` isolates where the tag is: the tag first in every item, last in every
//! item, then after `id` and `name` (the fixtures' order, as the API sends it). Each input order
//! has a like-for-like pair, the union decoder against the kind known in advance, on the same
//! bytes into the same `Vec<IdentityProvider>`: `typed_vec` and `kind_known_in_order` on the
//! mixed list, `typed_grouped` and `kind_known_grouped` on the same items grouped by kind (which
//! keeps each kind's code hot in the instruction cache). `floor_kind_known` stays for
//! reference.
//!
//! Each iteration's result is dropped after the timing (`iter_with_large_drop`): what is timed is
//! the decoding, not the freeing of 10,000 items.
//!
//! Run with `cargo bench -p client-benches --bench decode`.

use std::hint::black_box;
use std::time::Duration;

use client_benches::{
    build, decode_kind_known, decode_kind_known_in_order, decode_via_value, KindVec, Payload, TagAt,
};
use cloudflare_identity::models::IdentityProvider;
use cloudflare_identity::Envelope;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

const ITEMS: usize = 10_000;

fn floor(payload: &Payload) -> Vec<KindVec> {
    payload
        .by_kind
        .iter()
        .map(|(kind, json)| decode_kind_known(kind, json).expect("decodes"))
        .collect()
}

fn typed(json: &[u8]) -> Vec<IdentityProvider> {
    serde_json::from_slice(json).expect("decodes")
}

fn setup<'a>(
    c: &'a mut Criterion,
    name: &str,
    bytes: usize,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group
}

fn bench_decode(c: &mut Criterion) {
    let payload = build(ITEMS, TagAt::Alternating);
    println!(
        "\ndecode: {ITEMS} items, {} bytes as an array, {} in the envelope, {} kinds",
        payload.list.len(),
        payload.envelope.len(),
        payload.by_kind.len()
    );
    let mut group = setup(c, "decode", payload.list.len());
    group.bench_function("typed_vec", |b| {
        b.iter_with_large_drop(|| typed(black_box(&payload.list)))
    });
    group.bench_function("typed_envelope", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_slice::<Envelope<Vec<IdentityProvider>>>(black_box(&payload.envelope))
                .expect("decodes")
        })
    });
    group.bench_function("floor_kind_known", |b| {
        b.iter_with_large_drop(|| floor(black_box(&payload)))
    });
    group.bench_function("kind_known_in_order", |b| {
        b.iter_with_large_drop(|| {
            decode_kind_known_in_order(black_box(&payload.list), &payload.kinds).expect("decodes")
        })
    });
    group.bench_function("ignored_any", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&payload.list))
                .expect("parses")
        })
    });
    group.bench_function("value", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(&payload.list)).expect("parses")
        })
    });
    group.bench_function("value_then_from_value", |b| {
        b.iter_with_large_drop(|| decode_via_value(black_box(&payload.list)).expect("decodes"))
    });
    group.finish();

    for (name, tag_at) in [
        ("first", TagAt::First),
        ("last", TagAt::Last),
        ("after_name", TagAt::AfterName),
    ] {
        let payload = build(ITEMS, tag_at);
        // Each pair one right after the other: on a VM whose speed drifts over minutes, the
        // two sides of a ratio are then timed as close together as criterion allows.
        let mut group = setup(c, "decode_tag_at", payload.list.len());
        group.bench_function(format!("{name}/typed_vec"), |b| {
            b.iter_with_large_drop(|| typed(black_box(&payload.list)))
        });
        group.bench_function(format!("{name}/kind_known_in_order"), |b| {
            b.iter_with_large_drop(|| {
                decode_kind_known_in_order(black_box(&payload.list), &payload.kinds)
                    .expect("decodes")
            })
        });
        group.bench_function(format!("{name}/typed_grouped"), |b| {
            b.iter_with_large_drop(|| typed(black_box(&payload.grouped)))
        });
        group.bench_function(format!("{name}/kind_known_grouped"), |b| {
            b.iter_with_large_drop(|| {
                decode_kind_known_in_order(black_box(&payload.grouped), &payload.grouped_kinds)
                    .expect("decodes")
            })
        });
        group.bench_function(format!("{name}/floor_kind_known"), |b| {
            b.iter_with_large_drop(|| floor(black_box(&payload)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);

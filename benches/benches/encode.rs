//! Encoding 10,000 create-identity-provider request bodies (`IdentityProvider` values of the 14
//! known kinds), one JSON document each, as the client does for each request.
//!
//! Group `encode`:
//! - `typed_each`: each body with `serde_json::to_vec` (tag written first by the generated
//!   `Serialize`);
//! - `value_each`: the same bodies held as `serde_json::Value`, each with `to_vec` (the
//!   baseline of a client that builds JSON trees);
//! - `typed_list`: all bodies as one JSON array.
//!
//! Run with `cargo bench -p client-benches --bench encode`.

use std::hint::black_box;
use std::time::Duration;

use client_benches::create_bodies;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const BODIES: usize = 10_000;

fn bench_encode(c: &mut Criterion) {
    let bodies = create_bodies(BODIES);
    let values: Vec<serde_json::Value> = bodies
        .iter()
        .map(|b| serde_json::to_value(b).expect("encodes"))
        .collect();
    let bytes: usize = bodies
        .iter()
        .map(|b| serde_json::to_vec(b).expect("encodes").len())
        .sum();
    println!("\nencode: {BODIES} bodies, {bytes} bytes of JSON");

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("typed_each", |b| {
        b.iter(|| {
            black_box(&bodies)
                .iter()
                .map(|body| serde_json::to_vec(body).expect("encodes").len())
                .sum::<usize>()
        })
    });
    group.bench_function("value_each", |b| {
        b.iter(|| {
            black_box(&values)
                .iter()
                .map(|body| serde_json::to_vec(body).expect("encodes").len())
                .sum::<usize>()
        })
    });
    group.bench_function("typed_list", |b| {
        b.iter(|| serde_json::to_vec(black_box(&bodies)).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, bench_encode);
criterion_main!(benches);

//! Generation benchmarks: load + lower + render + format, from spec text to the files of the
//! crate (nothing is written).
//!
//! Cases:
//! - `spec`: `spec/cloudflare-identity.yaml`, the document `generated/` comes from;
//! - `upstream`: `../shared/specs/cloudflare-2023-08-04-identity-providers.yaml` (skipped with a
//!   note when that file is missing);
//! - `synthetic/1x`, `2x`, `4x`: a spec built in memory, 500 operations and 1,250 schemas per
//!   `x` (4x = 2,000 operations, 5,000 schemas), with discriminated unions, allOf chains, string
//!   enums and nested inline objects.
//!
//! And `multi-file`: synthetic 2x read from one file (`bundled`) and split into 500 files
//! beside a root (`split`, see `split.rs`), both from disk; the split must generate the same
//! crate, and within 1.2x of the bundled time.
//!
//! Besides criterion's timings, each case is generated once under a counting global allocator
//! and its peak heap use (above what was allocated before it started) is printed.
//!
//! Run with `cargo bench -p openapi-rs-generator`. Under `cargo test --benches` (no `--bench`
//! argument) only the small cases run, once each.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

mod split;
mod synthetic;
use synthetic::{synthetic, OPS_PER_UNIT, OPS_PER_X, SCHEMAS_PER_UNIT};

// ---------------------------------------------------------------------------------------------
// Peak memory

/// mimalloc, the allocator `cargo xtask codegen` runs with, counting live bytes and their
/// high-water mark while [`COUNTING`] is on. It is off while criterion times: shared counters
/// updated from every formatting thread on every allocation would slow the generator down by
/// themselves.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let size = size as isize;
        let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(size as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to `MiMalloc` unchanged; only counters are updated on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = MiMalloc.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

/// What one run cost.
struct Cost {
    time: Duration,
    /// Highest heap use while it ran, above what was live before it.
    peak: usize,
    /// Heap still held after it returned (and its result was dropped): leaks, caches.
    retained: isize,
}

/// Runs `f` once, counting, and drops its result.
fn measure<T>(f: impl FnOnce() -> T) -> Cost {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    drop(out);
    COUNTING.store(false, Ordering::SeqCst);
    Cost {
        time,
        peak: PEAK.load(Ordering::Relaxed).max(0) as usize,
        retained: LIVE.load(Ordering::Relaxed),
    }
}

// ---------------------------------------------------------------------------------------------
// The pipeline

/// Load + lower + render + format; returns the total size of the files, so nothing is
/// optimised away.
fn generate(text: &str) -> usize {
    let doc = generator::load::load_str(text).unwrap_or_else(|d| panic!("load failed: {d:?}"));
    let generated = generator::generate_from_doc(&doc, &generator::lower::Options::default())
        .unwrap_or_else(|d| panic!("generation failed: {d:?}"));
    generated.files.iter().map(|f| f.contents.len()).sum()
}

/// The same from a file, other files read beside it; returns the crate's files.
fn generate_file(path: &Path) -> Vec<generator::OutputFile> {
    let doc = generator::load::load_file(path, &[])
        .unwrap_or_else(|d| panic!("{}: load failed: {d:?}", path.display()));
    generator::generate_from_doc(&doc, &generator::lower::Options::default())
        .unwrap_or_else(|d| panic!("generation failed: {d:?}"))
        .files
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ has a parent")
        .to_path_buf()
}

// ---------------------------------------------------------------------------------------------
// Cases

struct Case {
    name: String,
    text: String,
    /// Operations, to print the time per operation.
    ops: Option<usize>,
}

fn cases(full: bool) -> Vec<Case> {
    let root = workspace_root();
    let mut cases = vec![Case {
        name: "spec".to_owned(),
        text: std::fs::read_to_string(root.join("spec/cloudflare-identity.yaml"))
            .expect("spec/cloudflare-identity.yaml"),
        ops: None,
    }];
    let upstream = root.join("../shared/specs/cloudflare-2023-08-04-identity-providers.yaml");
    match std::fs::read_to_string(&upstream) {
        Ok(text) => cases.push(Case {
            name: "upstream".to_owned(),
            text,
            ops: None,
        }),
        Err(e) => println!(
            "note: skipping the upstream case: cannot read {}: {e}",
            upstream.display()
        ),
    }
    let sizes: &[usize] = if full { &[1, 2, 4] } else { &[1] };
    for &x in sizes {
        cases.push(Case {
            name: format!("synthetic/{x}x"),
            text: synthetic(x),
            ops: Some(x * OPS_PER_X),
        });
    }
    cases
}

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn bench_generate(c: &mut Criterion) {
    // As xtask/src/main.rs sets it: freed pages stay with the process.
    // SAFETY: plain FFI call setting an option; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then the big cases
    // (seconds each in a debug build) are left out.
    let full = std::env::args().any(|a| a == "--bench");
    let cases = cases(full);

    println!(
        "\none run per case under the counting allocator, after one to warm up \
         (peak: above what was live before):"
    );
    for case in &cases {
        let mut bytes = 0;
        measure(|| generate(&case.text));
        let cost = measure(|| bytes = generate(&case.text));
        let size = case
            .ops
            .map(|n| {
                format!(
                    ", {n} operations, {} schemas",
                    n / OPS_PER_UNIT * SCHEMAS_PER_UNIT
                )
            })
            .unwrap_or_default();
        println!(
            "  {:<14} peak {:>6.1} MiB ({} bytes), retained {} bytes; input {:.0} KiB, output {:.0} KiB{size}; counted run {:.3} s",
            case.name,
            cost.peak as f64 / MIB,
            cost.peak,
            cost.retained,
            case.text.len() as f64 / 1024.0,
            bytes as f64 / 1024.0,
            cost.time.as_secs_f64(),
        );
    }
    println!();

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for case in &cases {
        // The large cases take seconds per run: criterion's default budget would be minutes.
        if case.ops.is_some_and(|n| n > OPS_PER_X) {
            group.measurement_time(Duration::from_secs(30));
        } else {
            group.measurement_time(Duration::from_secs(8));
        }
        group.throughput(Throughput::Bytes(case.text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(&case.name),
            &case.text,
            |b, text| b.iter(|| generate(text)),
        );
    }
    group.finish();
}

/// One spec bundled in one file and split into 500: the cost of reading many files.
fn bench_multi_file(c: &mut Criterion) {
    let full = std::env::args().any(|a| a == "--bench");
    let x = if full { 2 } else { 1 };
    let dir = tempfile::tempdir().expect("temp dir");
    let bundled = dir.path().join("bundled.yaml");
    let text = synthetic(x);
    std::fs::write(&bundled, &text).expect("write the bundled spec");
    let (split_root, parts) = split::split(&text, &dir.path().join("split"));
    let same = generate_file(&bundled) == generate_file(&split_root);
    assert!(
        same,
        "the split spec must generate the same crate as the bundled one"
    );
    println!(
        "multi-file: synthetic {x}x bundled vs split into {parts} files beside a root: same crate"
    );

    let mut group = c.benchmark_group("multi-file");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));
    for (name, path) in [("bundled", &bundled), ("split", &split_root)] {
        group.bench_with_input(BenchmarkId::from_parameter(name), path, |b, path| {
            b.iter(|| generate_file(path).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_generate, bench_multi_file);
criterion_main!(benches);

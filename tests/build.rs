//! Tests that read `../shared/` (specs we may not copy into the repository) are compiled as
//! ignored, with the reason in `cargo test`'s output, when that folder is absent.

use std::path::Path;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    println!("cargo::rerun-if-changed={}", shared.display());
    println!("cargo::rustc-check-cfg=cfg(shared_specs)");
    if shared.is_dir() {
        println!("cargo::rustc-cfg=shared_specs");
    } else {
        println!(
            "cargo::warning=../shared/specs is absent: the tests that read it are ignored \
             (see `cargo test -- --ignored`)"
        );
    }
}

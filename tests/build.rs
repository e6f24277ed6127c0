//! Tests that read `../shared/` (specs we may not copy into the repository) are compiled as
//! ignored, with the reason in `cargo test`'s output, when that folder is absent.
//!
//! `SKIP_CONFORMANCE=1` compiles the Prism conformance tests as ignored, with the reason, unless
//! `CI` is set too: without it, a missing Prism fails them.

use std::path::Path;

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn main() {
    println!("cargo::rerun-if-env-changed=SKIP_CONFORMANCE");
    println!("cargo::rustc-check-cfg=cfg(skip_conformance)");
    if flag("SKIP_CONFORMANCE") {
        // `CI` matters only then: watching it always would rebuild the tests whenever it flips.
        println!("cargo::rerun-if-env-changed=CI");
    }
    if flag("SKIP_CONFORMANCE") && !flag("CI") {
        println!("cargo::rustc-cfg=skip_conformance");
        println!("cargo::warning=SKIP_CONFORMANCE is set: the Prism conformance tests are ignored");
    }
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

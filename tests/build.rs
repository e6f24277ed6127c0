//! Tests that read `../shared/` (specs we may not copy into the repository) are compiled as
//! ignored, with the reason in `cargo test`'s output, when that folder is absent.
//!
//! The trybuild `.stderr` files hold one rustc's wording, the version in `ui/rustc-version`:
//! with another rustc, the compile-fail test is compiled as ignored, with the reason.
//!
//! `SKIP_CONFORMANCE=1` compiles the Prism conformance tests as ignored, with the reason, unless
//! `CI` is set too: without it, a missing Prism fails them.

use std::path::Path;

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// `1.95` from `rustc 1.95.0 (59807616e 2026-04-14)`.
fn rustc_minor() -> Option<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    Some(format!("{}.{}", parts.next()?, parts.next()?))
}

fn main() {
    let pinned_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/rustc-version");
    println!("cargo::rerun-if-changed={}", pinned_path.display());
    println!("cargo::rustc-check-cfg=cfg(ui_stderr_toolchain)");
    let pinned = std::fs::read_to_string(&pinned_path).unwrap_or_default();
    let pinned = pinned.trim();
    match rustc_minor() {
        Some(found) if found == pinned => println!("cargo::rustc-cfg=ui_stderr_toolchain"),
        found => println!(
            "cargo::warning=the trybuild .stderr files are rustc {pinned}'s wording, this is \
             rustc {}: the compile-fail UI test is ignored",
            found.as_deref().unwrap_or("(unknown)")
        ),
    }
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

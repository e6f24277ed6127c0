//! Cloudflare's own 2023 spec for these endpoints: hashed names, allOf envelopes, schemas
//! without `type`, `4XX` responses, and a union of kinds with no discriminator.

use integration_tests::{build_crate, fixture, generate_into_temp, root, shared};

fn upstream() -> std::path::PathBuf {
    shared("specs/cloudflare-2023-08-04-identity-providers.yaml")
}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn the_upstream_slice_generates_a_crate_that_compiles() {
    let dir = generate_into_temp(&upstream(), &[]);
    build_crate(&dir.path().join("crate")).unwrap_or_else(|e| panic!("does not compile:\n{e}"));
}

/// With the overlay that supplies the discriminator, the 13 kinds the spec lists decode to 13
/// distinct variants, and a kind it lacks (`onetimepin`) to the fallback, even in a list.
#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn with_the_overlay_its_13_kinds_decode_to_13_variants() {
    let overlay = root().join("spec/overlays/cloudflare-2023-discriminator.yaml");
    let dir = generate_into_temp(&upstream(), &[overlay]);
    let krate = dir.path().join("crate");
    let payloads = fixture("payloads/idp");
    let test = format!(
        r#"
use cloudflare_upstream::models::IdentityProvider;

const KINDS: [&str; 13] = ["azureAD", "centrify", "facebook", "github", "google", "google-apps",
    "linkedin", "oidc", "okta", "onelogin", "pingone", "saml", "yandex"];

fn payload(kind: &str) -> String {{
    std::fs::read_to_string(format!("{{}}/{{kind}}.json", {dir:?})).unwrap()
}}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn kinds_decode_to_distinct_variants() {{
    let mut seen = std::collections::BTreeSet::new();
    for kind in KINDS {{
        let idp: IdentityProvider = serde_json::from_str(&payload(kind)).unwrap();
        assert_eq!(idp.kind(), Some(kind));
        assert!(!matches!(idp, IdentityProvider::Unknown(_)), "{{kind}}");
        assert!(seen.insert(format!("{{:?}}", std::mem::discriminant(&idp))), "{{kind}}");
    }}
    assert_eq!(seen.len(), 13);
    let otp: IdentityProvider = serde_json::from_str(&payload("onetimepin")).unwrap();
    assert!(matches!(otp, IdentityProvider::Unknown(_)));
    let list = format!("[{{}},{{}},{{}}]", payload("okta"), payload("onetimepin"), payload("saml"));
    let items: Vec<IdentityProvider> = serde_json::from_str(&list).unwrap();
    assert_eq!(items.len(), 3);
    assert!(matches!(items[1], IdentityProvider::Unknown(_)));
}}
"#,
        dir = payloads.display().to_string()
    );
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::write(krate.join("tests/decode.rs"), test).unwrap();
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["test", "--offline", "--test", "decode"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

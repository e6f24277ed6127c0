//! Cloudflare's own 2023 spec for these endpoints: hashed names, allOf envelopes, schemas
//! without `type`, `4XX` responses. It must generate a crate that compiles without warnings.

use integration_tests::{build_crate, generate_into_temp, shared};

#[test]
fn the_upstream_slice_generates_a_crate_that_compiles() {
    let spec = shared("specs/cloudflare-2023-08-04-identity-providers.yaml");
    let dir = generate_into_temp(&spec, &[]);
    build_crate(&dir.path().join("crate")).unwrap_or_else(|e| panic!("does not compile:\n{e}"));
}

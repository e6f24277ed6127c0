//! Each identity provider kind takes its own config type: a SAML config is not an Okta config.

use cloudflare_identity::models::{Okta, SamlConfig};

fn main() {
    let _okta = Okta::new(SamlConfig::default(), "Okta");
}

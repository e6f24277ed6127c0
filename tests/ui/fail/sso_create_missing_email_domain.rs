//! `email_domain` is required to create an SSO connector: `new` takes it, and the struct cannot
//! be built field by field around it because it is `#[non_exhaustive]`.

use cloudflare_identity::models::SsoConnectorCreateRequest;

fn main() {
    let _from_new = SsoConnectorCreateRequest::new().with_begin_verification(true);

    let _literal = SsoConnectorCreateRequest {
        begin_verification: Some(true),
        use_fedramp_language: None,
    };
}

//! Normal use of the models: telling identity providers apart, and building each request body.

use cloudflare_identity::models::{
    AzureAd, AzureAdConfig, GenericOauthConfig, Github, IdentityProvider,
    IdentityProviderScimConfig, IdpFederationGrantCreateRequest, Okta, OktaConfig, Saml,
    SamlConfig, SsoConnectorCreateRequest, SsoConnectorUpdateRequest,
};

/// Every known kind by name; the wildcard is required (the enum is `#[non_exhaustive]`) and
/// also catches `Unknown`, a kind added to the API after this crate was generated.
fn describe(idp: &IdentityProvider) -> String {
    match idp {
        IdentityProvider::AzureAd(p) => format!("Azure AD {}", p.name),
        IdentityProvider::Centrify(p) => format!("Centrify {}", p.name),
        IdentityProvider::Facebook(p) => format!("Facebook {}", p.name),
        IdentityProvider::Github(p) => format!("GitHub {}", p.name),
        IdentityProvider::Google(p) => format!("Google {}", p.name),
        IdentityProvider::GoogleApps(p) => format!("Google Workspace {}", p.name),
        IdentityProvider::Linkedin(p) => format!("LinkedIn {}", p.name),
        IdentityProvider::Oidc(p) => format!("OIDC {}", p.name),
        IdentityProvider::Okta(p) => format!("Okta {} at {:?}", p.name, p.config.okta_account),
        IdentityProvider::Onelogin(p) => format!("OneLogin {}", p.name),
        IdentityProvider::Pingone(p) => format!("PingOne {}", p.name),
        IdentityProvider::Saml(p) => format!("SAML {} ({:?})", p.name, p.config.issuer_url),
        IdentityProvider::Yandex(p) => format!("Yandex {}", p.name),
        IdentityProvider::Onetimepin(p) => format!("one-time PIN {}", p.name),
        IdentityProvider::Unknown(raw) => format!("unknown kind {:?}", raw.get("type")),
        _ => "a kind added in a later version of this crate".to_owned(),
    }
}

/// Request bodies: required fields go to `new`, optional ones to `with_*` setters.
fn bodies() -> (
    SsoConnectorCreateRequest,
    SsoConnectorUpdateRequest,
    IdpFederationGrantCreateRequest,
    Vec<IdentityProvider>,
) {
    let create = SsoConnectorCreateRequest::new("example.com")
        .with_begin_verification(true)
        .with_use_fedramp_language(false);
    let update = SsoConnectorUpdateRequest::default()
        .with_enabled(true)
        .with_use_fedramp_language(false);
    let idp = cloudflare_identity::uuid::Uuid::parse_str("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
        .expect("a UUID");
    let grant = IdpFederationGrantCreateRequest::new(idp);
    let idps = vec![
        IdentityProvider::Okta(Okta::new(
            OktaConfig::default()
                .with_okta_account("https://example.okta.com")
                .with_client_id("client-id")
                .with_client_secret("client-secret"),
            "Okta",
        )),
        // `From` impls let a variant's struct stand for the union.
        Saml::new(
            SamlConfig::new()
                .with_issuer_url("https://idp.example.com")
                .with_sign_request(true),
            "SAML",
        )
        .with_scim_config(IdentityProviderScimConfig::new().with_enabled(true))
        .into(),
        AzureAd::new(AzureAdConfig::new().with_directory_id("dir"), "Azure").into(),
        Github::new(GenericOauthConfig::new().with_client_id("id"), "GitHub").into(),
    ];
    (create, update, grant, idps)
}

fn main() {
    let (create, update, grant, idps) = bodies();
    assert_eq!(create.email_domain, "example.com");
    assert_eq!(update.enabled, Some(true));
    assert_eq!(grant.idp_id.to_string(), "f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
    assert_eq!(
        describe(&idps[0]),
        "Okta Okta at Some(\"https://example.okta.com\")"
    );
    assert_eq!(idps[1].kind(), Some("saml"));
}

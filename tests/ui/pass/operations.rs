//! Normal use of the client: both ways to authenticate, and every operation called with the
//! arguments it takes. The async function is only type-checked, never run.

use cloudflare_identity::models::{
    AccountOrZone, IdentityProvider, IdentityProvidersListParams, IdpFederationGrant,
    IdpFederationGrantCreateRequest, Okta, OktaConfig, SsoConnector, SsoConnectorCreateRequest,
    SsoConnectorDeleteResponseResult, SsoConnectorUpdateRequest,
};
use cloudflare_identity::{Client, Error, Page};
use futures::TryStreamExt;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// An API token, or an email address with the Global API key.
fn clients() -> Result<(Client, Client), Error> {
    let with_token = Client::builder().api_token("token").build()?;
    let with_key = Client::builder()
        .api_email("user@example.com")
        .api_key("global-api-key")
        .build()?;
    Ok((with_token, with_key))
}

/// The nine operations, with their result types spelled out.
async fn every_operation(client: &Client) -> Result<(), Error> {
    // zero_trust.identity_providers: scoped to an account or to a zone.
    let account = AccountOrZone::account(ACCOUNT);
    let zone = AccountOrZone::zone("zone-id");
    let params = IdentityProvidersListParams::new()
        .with_per_page(50)
        .with_scim_enabled("true");
    let page: Page<IdentityProvider> = client
        .zero_trust()
        .identity_providers()
        .list(&account, &params)
        .await?;
    let _: Vec<IdentityProvider> = page.items;
    let all: Vec<IdentityProvider> = client
        .zero_trust()
        .identity_providers()
        .list_all(&zone, &Default::default())
        .try_collect()
        .await?;
    let _ = all;
    let okta = IdentityProvider::Okta(Okta::new(
        OktaConfig::default().with_okta_account("https://example.okta.com"),
        "Okta",
    ));
    let created: IdentityProvider = client
        .zero_trust()
        .identity_providers()
        .create(&account, &okta)
        .await?;
    let _ = created.kind();

    // zero_trust.access.idp_federation_grants
    let grant: IdpFederationGrant = client
        .zero_trust()
        .access()
        .idp_federation_grants()
        .create(
            ACCOUNT,
            &IdpFederationGrantCreateRequest::new(cloudflare_identity::uuid::Uuid::nil()),
        )
        .await?;
    let _: cloudflare_identity::uuid::Uuid = grant.idp_id;

    // iam.sso
    let sso = client.iam().sso();
    let list: Vec<SsoConnector> = sso.list(ACCOUNT).await?;
    let _ = list;
    let connector: SsoConnector = sso
        .create(
            ACCOUNT,
            &SsoConnectorCreateRequest::new("example.com").with_begin_verification(true),
        )
        .await?;
    let id = connector.id.unwrap_or_default();
    let _: SsoConnector = sso.get(ACCOUNT, &id).await?;
    let _: SsoConnector = sso
        .update(
            ACCOUNT,
            &id,
            &SsoConnectorUpdateRequest::default().with_enabled(true),
        )
        .await?;
    sso.begin_verification(ACCOUNT, &id).await?;
    let deleted: Option<SsoConnectorDeleteResponseResult> = sso.delete(ACCOUNT, &id).await?;
    let _ = deleted.map(|d| d.id);
    Ok(())
}

fn main() {
    // Only type-checked: building a client or calling the API is the behaviour tests' job.
    let _ = clients;
    let _ = every_operation;
}

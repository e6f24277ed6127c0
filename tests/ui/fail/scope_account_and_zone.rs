//! A request is scoped to an account or to a zone, never both and never neither: the method
//! takes one `AccountOrZone`, where other SDKs take an optional account id and an optional zone
//! id and reject both (or neither) at run time. Passing the two ids, as those SDKs do, does not
//! compile; nor does leaving the scope out.

use cloudflare_identity::models::IdentityProvidersListParams;
use cloudflare_identity::Client;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE: &str = "9a7806061c88ada191ed06f989cc3dac";

async fn both(client: &Client, params: &IdentityProvidersListParams) {
    let _ = client
        .zero_trust()
        .identity_providers()
        .list(ACCOUNT, ZONE, params)
        .await;
}

async fn neither(client: &Client, params: &IdentityProvidersListParams) {
    let _ = client.zero_trust().identity_providers().list(params).await;
}

fn main() {
    let _ = (both, neither);
}

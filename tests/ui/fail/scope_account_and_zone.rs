//! A request is scoped to an account or to a zone, never both: the scope is an enum with one
//! constructor per case, and nothing adds the other case to a value, the way the models'
//! `with_*` setters add a field.

use cloudflare_identity::models::AccountOrZone;

fn main() {
    let _scope = AccountOrZone::account("023e105f4ecef8ad9ca31a8372d0c353").with_zone("zone-id");
}

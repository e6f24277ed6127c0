//! Authentication schemes and which combinations of them an API accepts.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use super::names::{self, Namespace};
use super::Ctx;
use crate::diag::child;
use crate::ir::{CredentialLocation, SecurityScheme};

/// Builder methods of the generated `ClientBuilder`; a scheme may not take these names.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server",
    "server_named",
    "server_variable",
    "with_env",
    "with_env_from",
    "timeout",
    "max_retries",
    "retry_backoff",
    "user_agent",
    "http_client",
    "build",
    "credential",
    "new",
    "default",
];

impl<'a> Ctx<'a> {
    /// Lowers the schemes used by the global or any operation's `security`.
    pub fn lower_security(&mut self) {
        let mut requirements: Vec<Vec<String>> = Vec::new();
        let global = self.doc.security.iter().flatten();
        let per_op = self
            .doc
            .operations()
            .filter_map(|(_, _, op)| op.security.as_ref())
            .flatten();
        for req in global.chain(per_op) {
            let names: Vec<String> = req.keys().cloned().collect();
            if !requirements.contains(&names) {
                requirements.push(names);
            }
        }
        let declared = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut rust_names = Namespace::with_reserved(BUILDER_METHODS);
        let mut supported: Vec<String> = Vec::new();
        let used: Vec<String> = {
            let mut u: Vec<String> = Vec::new();
            for r in &requirements {
                for n in r {
                    if !u.contains(n) {
                        u.push(n.clone());
                    }
                }
            }
            u
        };
        for name in &used {
            let pointer = child("#/components/securitySchemes", name);
            let scheme = match declared.and_then(|d| d.get(name)) {
                Some(ReferenceOr::Item(s)) => s,
                Some(ReferenceOr::Reference { .. }) => {
                    self.diags.warn(
                        &pointer,
                        "security scheme references are not supported; scheme ignored",
                    );
                    continue;
                }
                None => {
                    self.diags.warn(
                        "#/security",
                        format!("security scheme `{name}` is used but not declared; ignored"),
                    );
                    continue;
                }
            };
            let (location, doc, extensions) = match scheme {
                Scheme::HTTP {
                    scheme,
                    description,
                    extensions,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => {
                    (CredentialLocation::Bearer, description, extensions)
                }
                Scheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    description,
                    extensions,
                } => (
                    CredentialLocation::Header(header.clone()),
                    description,
                    extensions,
                ),
                Scheme::APIKey {
                    location: APIKeyLocation::Query,
                    name: param,
                    description,
                    extensions,
                } => (
                    CredentialLocation::Query(param.clone()),
                    description,
                    extensions,
                ),
                Scheme::OAuth2 {
                    description,
                    extensions,
                    ..
                }
                | Scheme::OpenIDConnect {
                    description,
                    extensions,
                    ..
                } => {
                    self.diags.warn(
                        &pointer,
                        "OAuth2/OpenID Connect flows are not run by the client; supply an access token, sent as Bearer",
                    );
                    (CredentialLocation::Bearer, description, extensions)
                }
                _ => {
                    self.diags.warn(
                        &pointer,
                        "unsupported security scheme (HTTP basic or cookie); ignored",
                    );
                    continue;
                }
            };
            supported.push(name.clone());
            self.ir.security_schemes.push(SecurityScheme {
                name: name.clone(),
                rust_name: rust_names.claim(&names::snake_ident(name)),
                location,
                env: extensions
                    .get("x-sdk-env")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
                doc: doc.clone(),
            });
        }
        self.ir.security_requirements = requirements
            .into_iter()
            .filter(|r| r.iter().all(|n| supported.contains(n)))
            .collect();
    }
}

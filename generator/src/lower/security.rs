//! Authentication schemes and which combinations of them an API accepts.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use super::names::{self, Namespace};
use super::servers::is_header_name;
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

/// HTTP authentication schemes whose `Authorization` value is not a static credential: a
/// challenge-response exchange, or a signature per request. The client cannot send them.
const CHALLENGE_SCHEMES: &[&str] = &[
    "digest",
    "negotiate",
    "ntlm",
    "hoba",
    "mutual",
    "scram-sha-1",
    "scram-sha-256",
    "oauth",
    "dpop",
    "concealed",
    "aws4-hmac-sha256",
];

impl<'a> Ctx<'a> {
    /// Lowers the schemes used by the global or any operation's `security`, and the global
    /// requirements: the alternatives every operation without its own `security` accepts.
    pub fn lower_security(&mut self) {
        let mut used: Vec<String> = Vec::new();
        let global = self.doc.security.iter().flatten();
        let per_op = self
            .doc
            .operations()
            .filter_map(|(_, _, op)| op.security.as_ref())
            .flatten();
        for name in global.chain(per_op).flat_map(|req| req.keys()) {
            if !used.contains(name) {
                used.push(name.clone());
            }
        }
        let mut rust_names = Namespace::with_reserved(BUILDER_METHODS);
        for name in &used {
            if let Some(scheme) = self.lower_scheme(name, &mut rust_names) {
                self.ir.security_schemes.push(scheme);
            }
        }
        let global: Vec<Vec<String>> = self
            .doc
            .security
            .iter()
            .flatten()
            .map(|r| r.keys().cloned().collect())
            .collect();
        self.ir.security_requirements = self.supported_alternatives(&global, "#/security");
    }

    /// An operation's own `security`, without the alternatives the client cannot send.
    pub(super) fn operation_security(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
    ) -> Option<Vec<Vec<String>>> {
        let declared: Vec<Vec<String>> = op
            .security
            .as_ref()?
            .iter()
            .map(|r| r.keys().cloned().collect())
            .collect();
        Some(self.supported_alternatives(&declared, &format!("{op_ptr}/security")))
    }

    /// `alternatives` without those naming a scheme the client cannot hold; a warning when
    /// that leaves none of several, as the requests then go without credentials.
    fn supported_alternatives(
        &mut self,
        alternatives: &[Vec<String>],
        pointer: &str,
    ) -> Vec<Vec<String>> {
        let supported = |name: &String| self.ir.security_schemes.iter().any(|s| &s.name == name);
        let mut kept: Vec<Vec<String>> = Vec::new();
        for alt in alternatives {
            if alt.iter().all(supported) && !kept.contains(alt) {
                kept.push(alt.clone());
            }
        }
        if kept.is_empty() && !alternatives.is_empty() {
            self.diags.warn(
                pointer,
                "the client can send none of these security alternatives, so these requests go \
                 without credentials: give them with `RequestOptions::header`",
            );
        }
        kept
    }

    /// One declared scheme, or `None` (with a warning saying why) when the client cannot send it.
    fn lower_scheme(&mut self, name: &str, rust_names: &mut Namespace) -> Option<SecurityScheme> {
        let pointer = child("#/components/securitySchemes", name);
        let declared = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let scheme = match declared.and_then(|d| d.get(name)) {
            Some(ReferenceOr::Item(s)) => s,
            Some(ReferenceOr::Reference { .. }) => {
                self.diags.warn(
                    &pointer,
                    "security scheme references are not supported; scheme ignored",
                );
                return None;
            }
            None => {
                self.diags.warn(
                    "#/security",
                    format!("security scheme `{name}` is used but not declared; ignored"),
                );
                return None;
            }
        };
        let (location, token_provider) = self.credential_location(scheme, &pointer)?;
        let (doc, extensions) = match scheme {
            Scheme::HTTP {
                description,
                extensions,
                ..
            }
            | Scheme::APIKey {
                description,
                extensions,
                ..
            }
            | Scheme::OAuth2 {
                description,
                extensions,
                ..
            }
            | Scheme::OpenIDConnect {
                description,
                extensions,
                ..
            } => (description, extensions),
        };
        let rust_name = rust_names.claim(&names::snake_ident(name));
        let provider_method =
            token_provider.then(|| rust_names.claim(&format!("{rust_name}_provider")));
        Some(SecurityScheme {
            name: name.to_owned(),
            rust_name,
            location,
            env: extensions
                .get("x-sdk-env")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            doc: doc.clone(),
            provider_method,
        })
    }

    /// Where a scheme's credential goes, and whether it may come from a token provider.
    fn credential_location(
        &mut self,
        scheme: &Scheme,
        pointer: &str,
    ) -> Option<(CredentialLocation, bool)> {
        let location = match scheme {
            Scheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                CredentialLocation::Bearer
            }
            Scheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                CredentialLocation::Basic
            }
            Scheme::HTTP { scheme, .. }
                if CHALLENGE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) =>
            {
                self.diags.warn(
                    pointer,
                    format!(
                        "HTTP `{scheme}` authentication needs a challenge-response exchange or a \
                         signature per request, which the client does not perform; scheme \
                         ignored"
                    ),
                );
                return None;
            }
            Scheme::HTTP { scheme, .. } if is_header_name(scheme) => {
                self.diags.warn(
                    pointer,
                    format!(
                        "HTTP `{scheme}` authentication is sent as `Authorization: {scheme} \
                         <value>`, with the value given to the client as it is"
                    ),
                );
                CredentialLocation::Scheme(scheme.clone())
            }
            Scheme::HTTP { scheme, .. } => {
                self.diags.warn(
                    pointer,
                    format!("`{scheme}` is not an HTTP authentication scheme name; scheme ignored"),
                );
                return None;
            }
            Scheme::APIKey { location, name, .. } => {
                if !is_header_name(name) && !matches!(location, APIKeyLocation::Query) {
                    self.diags.warn(
                        pointer,
                        format!("`{name}` cannot name a header or a cookie; scheme ignored"),
                    );
                    return None;
                }
                match location {
                    APIKeyLocation::Header => CredentialLocation::Header(name.clone()),
                    APIKeyLocation::Query => CredentialLocation::Query(name.clone()),
                    APIKeyLocation::Cookie => CredentialLocation::Cookie(name.clone()),
                }
            }
            Scheme::OAuth2 { .. } | Scheme::OpenIDConnect { .. } => {
                self.diags.warn(
                    pointer,
                    "OAuth2/OpenID Connect flows are not run by the client; supply an access \
                     token or a token provider, sent as Bearer",
                );
                return Some((CredentialLocation::Bearer, true));
            }
        };
        Some((location, false))
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{CredentialLocation as L, Ir};

    fn lower(yaml: &str) -> (Ir, Vec<String>) {
        let doc = crate::load::load_str(yaml).expect("a valid spec");
        let (ir, diags) = super::super::lower(&doc, &Default::default());
        let warnings = diags.warnings().map(ToString::to_string).collect();
        (ir, warnings)
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: a
      security: [{digest: []}, {cookie: [], basic: []}, {}]
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: b
      security: [{digest: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    digest: {type: http, scheme: Digest}
    basic: {type: http, scheme: basic}
    cookie: {type: apiKey, in: cookie, name: sid}
    custom: {type: http, scheme: Token}
    bad: {type: http, scheme: 'not a token'}
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://x/t', scopes: {}}}
security: [{custom: []}, {bad: []}, {oauth: []}]
"#;

    #[test]
    fn schemes_are_placed_and_unsendable_ones_dropped_with_a_warning() {
        let (ir, warnings) = lower(SPEC);
        let schemes: Vec<(&str, &L, Option<&str>)> = ir
            .security_schemes
            .iter()
            .map(|s| (s.name.as_str(), &s.location, s.provider_method.as_deref()))
            .collect();
        assert_eq!(
            schemes,
            [
                ("custom", &L::Scheme("Token".into()), None),
                ("oauth", &L::Bearer, Some("oauth_provider")),
                ("cookie", &L::Cookie("sid".into()), None),
                ("basic", &L::Basic, None),
            ]
        );
        assert_eq!(ir.security_requirements, [vec!["custom"], vec!["oauth"]]);
        let a = ir.operations.iter().find(|o| o.id == "a").expect("a");
        assert_eq!(
            a.security,
            Some(vec![vec!["cookie".to_owned(), "basic".to_owned()], vec![]])
        );
        let b = ir.operations.iter().find(|o| o.id == "b").expect("b");
        assert_eq!(b.security, Some(vec![]));
        let about = |pointer: &str| warnings.iter().filter(|w| w.contains(pointer)).count();
        assert_eq!(about("securitySchemes/digest)"), 1, "{warnings:#?}");
        assert_eq!(about("securitySchemes/bad)"), 1, "{warnings:#?}");
        assert_eq!(about("securitySchemes/custom)"), 1, "{warnings:#?}");
        assert_eq!(about("#/paths/~1b/get/security"), 1, "{warnings:#?}");
        assert_eq!(about("#/paths/~1a/get/security"), 0, "{warnings:#?}");
    }

    #[test]
    fn the_idempotency_header_comes_from_the_extension_else_a_parameter() {
        let with_param = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    post:
      operationId: a
      parameters: [{name: X-Idempotency-Key, in: header, schema: {type: string}}]
      responses: {'204': {description: ok}}
"#;
        let (ir, _) = lower(with_param);
        assert_eq!(
            ir.api.idempotency_header.as_deref(),
            Some("X-Idempotency-Key")
        );
        let extension =
            with_param.replace("paths:", "x-sdk-idempotency-header: Request-Key\npaths:");
        let (ir, _) = lower(&extension);
        assert_eq!(ir.api.idempotency_header.as_deref(), Some("Request-Key"));
        let none = with_param.replace("X-Idempotency-Key", "X-Request-Key");
        assert_eq!(lower(&none).0.api.idempotency_header, None);
    }
}

//! Where the API lives: `servers` (URL templates, their variables and the builder methods
//! that set them), and the response header that carries a request id.

use openapiv3::Server as SpecServer;

use super::names::{self, Namespace};
use super::security::BUILDER_METHODS;
use super::Ctx;
use crate::ir::{is_absolute_url, Server, ServerEnum, ServerVariable, ServerVariableSetter};

/// Where the request-id header is named.
const REQUEST_ID_HEADER: &str = "x-sdk-request-id-header";
/// Where an extra, deprecated name of `Error::request_id` is given.
const REQUEST_ID_ALIAS: &str = "x-sdk-request-id-alias";

/// Methods of the runtime's `Error`: an alias may not take these names.
const ERROR_METHODS: &[&str] = &[
    "status",
    "request_id",
    "error_codes",
    "is_retryable",
    "source",
    "fmt",
    "to_string",
    "into",
    "from",
    "provide",
    "description",
    "cause",
];

impl<'a> Ctx<'a> {
    /// Lowers `servers` into the IR. Runs after the security schemes, whose builder methods
    /// the variable setters must not collide with.
    pub fn lower_servers(&mut self) {
        let doc = self.doc;
        if doc.servers.is_empty() {
            self.diags.warn(
                "#/servers",
                "no servers: the client has no default base URL and needs one set",
            );
        }
        for (i, s) in doc.servers.iter().enumerate() {
            let pointer = format!("#/servers/{i}");
            let server = self.lower_server(s, &pointer);
            if i == 0 && server.variables.is_empty() && !is_absolute_url(&server.url) {
                self.diags.warn(
                    &pointer,
                    format!(
                        "the server URL `{}` is relative: the client needs a base URL set",
                        server.url
                    ),
                );
            }
            self.ir.api.servers.push(server);
        }
        self.ir.api.server_variables = self.variable_setters();
        self.lower_request_id();
    }

    fn lower_server(&mut self, s: &SpecServer, pointer: &str) -> Server {
        let mut variables = Vec::new();
        for (name, v) in s.variables.iter().flatten() {
            if !v.enumeration.is_empty() && !v.enumeration.contains(&v.default) {
                self.diags.warn(
                    format!("{pointer}/variables/{name}/default"),
                    format!(
                        "the default `{}` is not one of the variable's `enum` values",
                        v.default
                    ),
                );
            }
            if !s.url.contains(&format!("{{{name}}}")) {
                self.diags.warn(
                    format!("{pointer}/variables/{name}"),
                    format!("the server URL does not use the variable `{name}`"),
                );
            }
            variables.push(ServerVariable {
                name: name.clone(),
                default: v.default.clone(),
                values: v.enumeration.clone(),
            });
        }
        for used in template_names(&s.url) {
            if !variables.iter().any(|v| v.name == used) {
                self.diags.warn(
                    format!("{pointer}/url"),
                    format!(
                        "the server URL uses `{{{used}}}`, which is not among its variables: \
                         the server cannot be used without a base URL set"
                    ),
                );
            }
        }
        Server {
            url: s.url.clone(),
            description: s.description.clone(),
            variables,
        }
    }

    /// One setter per variable name, whichever servers declare it.
    fn variable_setters(&mut self) -> Vec<ServerVariableSetter> {
        let mut reserved: Vec<&str> = BUILDER_METHODS.to_vec();
        reserved.extend(
            self.ir
                .security_schemes
                .iter()
                .map(|s| s.rust_name.as_str()),
        );
        let mut methods = Namespace::with_reserved(&reserved);
        let mut enum_names = Namespace::for_types();
        let mut setters: Vec<ServerVariableSetter> = Vec::new();
        let doc = self.doc;
        let declared = doc
            .servers
            .iter()
            .flat_map(|s| s.variables.iter().flatten());
        for (name, _) in declared {
            if setters.iter().any(|s| &s.name == name) {
                continue;
            }
            let all: Vec<&openapiv3::ServerVariable> = doc
                .servers
                .iter()
                .filter_map(|s| s.variables.as_ref().and_then(|vars| vars.get(name)))
                .collect();
            let values = all.iter().all(|v| !v.enumeration.is_empty()).then(|| {
                let mut values: Vec<&String> = Vec::new();
                for value in all.iter().flat_map(|v| &v.enumeration) {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                let mut variant_names = Namespace::default();
                ServerEnum {
                    name: enum_names.claim(&names::type_name(name)),
                    variants: values
                        .into_iter()
                        .map(|v| (variant_names.claim(&names::variant_name(v)), v.clone()))
                        .collect(),
                }
            });
            setters.push(ServerVariableSetter {
                name: name.clone(),
                method: methods.claim(&names::snake_ident(name)),
                doc: all.iter().find_map(|v| v.description.clone()),
                values,
            });
        }
        setters
    }

    /// `x-sdk-request-id-header` and `x-sdk-request-id-alias` at the document's root.
    fn lower_request_id(&mut self) {
        let extensions = &self.doc.extensions;
        let pointer = |name: &str| format!("#/{name}");
        if let Some(value) = extensions.get(REQUEST_ID_HEADER) {
            match value.as_str() {
                Some(header) if is_header_name(header) => {
                    self.ir.api.request_id_header = Some(header.to_owned());
                }
                _ => self.diags.error(
                    pointer(REQUEST_ID_HEADER),
                    format!("`{value}` is not an HTTP header name"),
                ),
            }
        }
        if let Some(value) = extensions.get(REQUEST_ID_ALIAS) {
            match value.as_str() {
                Some(alias)
                    if self.ir.api.request_id_header.is_some()
                        && names::snake_ident(alias) == alias
                        && names::is_valid_ident(alias)
                        && !ERROR_METHODS.contains(&alias) =>
                {
                    self.ir.api.request_id_alias = Some(alias.to_owned());
                }
                _ if self.ir.api.request_id_header.is_none() => self.diags.error(
                    pointer(REQUEST_ID_ALIAS),
                    format!("an alias needs `{REQUEST_ID_HEADER}` beside it"),
                ),
                _ => self.diags.error(
                    pointer(REQUEST_ID_ALIAS),
                    format!(
                        "`{value}` cannot name a method of `Error`: it must be a snake_case \
                         identifier other than {}",
                        ERROR_METHODS.join(", ")
                    ),
                ),
            }
        }
    }
}

/// The `{name}`s of a URL template, in order.
fn template_names(url: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// RFC 9110's `token`: what an HTTP header name may be made of.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_read_in_order() {
        assert_eq!(
            template_names("{protocol}://{host}:{port}/v1"),
            ["protocol", "host", "port"]
        );
        assert!(template_names("https://example.com/{unclosed").is_empty());
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(is_header_name("cf-ray"));
        assert!(is_header_name("X-Request-Id"));
        assert!(!is_header_name("request id"));
        assert!(!is_header_name(""));
    }
}

//! Credentials: how each one is put in a request.
//!
//! The client holds one [`Credential`] per security scheme it was given;
//! before each call, [`authenticate`] turns those an operation needs into
//! headers and query pairs (asking a token provider for a fresh token if
//! the scheme has one).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use crate::client::Location;
use crate::error::Error;
use crate::spec;

/// What a token provider returns: a token, or why there is none.
pub(crate) type TokenResult = Result<String, Box<dyn std::error::Error + Send + Sync>>;

/// A token provider, boxed: called once per call of an operation.
pub(crate) type TokenProvider =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = TokenResult> + Send>> + Send + Sync>;

/// A secret as the builder holds it, before it is checked and placed.
#[derive(Clone)]
pub(crate) enum Secret {
    /// A fixed value (for HTTP Basic, `username:password`).
    Value(String),
    /// A token asked for on every call.
    Provider(TokenProvider),
}

/// A credential, ready to be put in a request.
pub(crate) struct Credential {
    /// The scheme's name in the API description.
    pub(crate) scheme: &'static str,
    placement: Placement,
}

enum Placement {
    /// Marked sensitive, so `reqwest` and `http` never print it.
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    /// One `name=value` pair of the `Cookie` header.
    Cookie(&'static str, String),
    /// `Authorization: Bearer <token>`, the token asked for per call.
    Token(TokenProvider),
}

/// The credentials of one call, placed.
#[derive(Default)]
pub(crate) struct Authentication {
    /// Headers to send (values marked sensitive).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Query pairs to add to the URL.
    pub(crate) query: Vec<(&'static str, String)>,
}

impl fmt::Debug for Authentication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let params: Vec<&str> = self.query.iter().map(|(n, _)| *n).collect();
        f.debug_struct("Authentication")
            .field("headers", &names)
            .field("query", &params)
            .finish()
    }
}

/// Places the credentials an operation needs, asking token providers for
/// their tokens. Cookies are sent together, in one `Cookie` header.
pub(crate) async fn authenticate(credentials: &[&Credential]) -> Result<Authentication, Error> {
    let mut auth = Authentication::default();
    let mut cookies: Vec<String> = Vec::new();
    for credential in credentials {
        match &credential.placement {
            Placement::Header(name, value) => auth.headers.push((name.clone(), value.clone())),
            Placement::Query(name, value) => auth.query.push((name, value.clone())),
            Placement::Cookie(name, value) => cookies.push(format!("{name}={value}")),
            Placement::Token(provider) => {
                let token = provider().await.map_err(|e| {
                    Error::Config(format!(
                        "the token provider of {} failed: {e}",
                        credential.scheme
                    ))
                })?;
                let value = sensitive(credential.scheme, &format!("Bearer {token}"))?;
                auth.headers.push((AUTHORIZATION, value));
            }
        }
    }
    if !cookies.is_empty() {
        auth.headers
            .push((COOKIE, sensitive("cookie", &cookies.join("; "))?));
    }
    Ok(auth)
}

/// Prepares the credential of scheme `name` for sending.
pub(crate) fn credential(name: &'static str, secret: &Secret) -> Result<Credential, Error> {
    let scheme = spec::SECURITY_SCHEMES
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| Error::Config(format!("unknown credential `{name}`")))?;
    let value = match secret {
        Secret::Provider(provider) => {
            return Ok(Credential {
                scheme: name,
                placement: Placement::Token(provider.clone()),
            })
        }
        Secret::Value(value) => value,
    };
    let placement = match scheme.location {
        Location::Bearer => {
            Placement::Header(AUTHORIZATION, sensitive(name, &format!("Bearer {value}"))?)
        }
        Location::Basic => Placement::Header(
            AUTHORIZATION,
            sensitive(name, &format!("Basic {}", base64(value.as_bytes())))?,
        ),
        Location::Scheme(auth_scheme) => Placement::Header(
            AUTHORIZATION,
            sensitive(name, &format!("{auth_scheme} {value}"))?,
        ),
        Location::Header(header) => Placement::Header(
            HeaderName::from_bytes(header.as_bytes()).map_err(|_| {
                Error::Config(format!("`{header}` is not a valid HTTP header name"))
            })?,
            sensitive(name, value)?,
        ),
        Location::Query(param) => Placement::Query(param, value.clone()),
        Location::Cookie(cookie) => {
            // RFC 6265's cookie-octets: no controls, whitespace, `"`, `,`, `;` or `\`.
            let octet =
                |b: &u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
            if !value.bytes().all(|b| octet(&b)) {
                return Err(Error::Config(format!(
                    "the {name} credential contains characters not allowed in a cookie"
                )));
            }
            Placement::Cookie(cookie, value.clone())
        }
    };
    Ok(Credential {
        scheme: name,
        placement,
    })
}

/// A header value marked sensitive; the error never echoes the value, a secret.
fn sensitive(name: &str, text: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        Error::Config(format!(
            "the {name} credential contains characters not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648 §4), for HTTP Basic.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(input.as_bytes()), output, "{input}");
        }
    }
}

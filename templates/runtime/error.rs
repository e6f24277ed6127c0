//! The error type returned by every operation of this crate.
//!
// @if envelope
//! Each failure is classified so that callers can react to it without parsing
//! strings: [`Error::Api`] when the API answered with its JSON envelope and
//! `success: false`, [`Error::Http`] when the answer was an HTTP error that is
//! not an envelope (an HTML error page from a proxy, say), [`Error::Decode`]
//! when a successful answer could not be read, and so on. The accessors
//! [`Error::status`], [`Error::request_id`], [`Error::error_codes`] and
//! [`Error::is_retryable`] work across the variants.
// @else
//! Each failure is classified so that callers can react to it without parsing
//! strings: [`Error::Http`] when the API answered with an HTTP error status,
//! [`Error::Decode`] when a successful answer could not be read, and so on.
//! The accessors [`Error::status`], [`Error::request_id`] and
//! [`Error::is_retryable`] work across the variants.
// @end

use std::fmt;

// @if error_bodies
use crate::error_body::{ErrorBody, ErrorBodyType};
// @end
// @if envelope
use crate::spec::ApiMessage;

/// What the runtime reads from one entry of the envelope's `errors`/`messages`; implemented in
/// `spec.rs` for whatever message type the spec declares.
pub(crate) trait MessageInfo {
    /// The numeric error code, if the message has one.
    fn code(&self) -> Option<i64>;
    /// The human-readable text.
    fn text(&self) -> &str;
}
// @end

/// How many bytes of a response body an error keeps for diagnostics.
pub(crate) const BODY_SNIPPET_LIMIT: usize = 512;

/// Everything that can go wrong when talking to the API.
///
/// The enum is `#[non_exhaustive]`: match on the variants you care about and
/// keep a wildcard arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client is misconfigured: missing or malformed credentials, an
    /// invalid base URL or user agent, an unusable TLS setup, credentials
    /// that do not satisfy what an operation requires, a token provider that
    /// failed, or request options that cannot be sent.
    Config(String),

    /// An argument was rejected before any request was sent.
    InvalidArgument {
        /// The name of the parameter, as the API spells it.
        name: &'static str,
        /// Why the value was rejected.
        reason: String,
    },

    /// No complete response arrived within the configured timeout, on the
    /// last attempt.
    // @if downloads
    /// Or, in a streamed download, the next chunk of the body did not.
    // @end
    Timeout,

    /// The request could not be sent or the response could not be read:
    /// DNS, connection, TLS or I/O failures.
    Transport(#[source] reqwest::Error),

    // @if envelope
    /// The API answered with its JSON envelope and reported a failure,
    /// either with `success: false` (even under HTTP 200) or with a non-2xx
    /// status.
    Api {
        /// The HTTP status code of the response.
        status: u16,
        /// The envelope's `errors`: the API's error codes and messages.
        errors: Vec<ApiMessage>,
        /// The envelope's `messages`.
        messages: Vec<ApiMessage>,
        /// The request id the response carried (see [`Error::request_id`]).
        request_id: Option<String>,
    },

    /// A non-2xx response whose body is not the API's envelope, such as an
    /// HTML error page.
    // @else
    /// A non-2xx response.
    // @end
    Http {
        /// The HTTP status code of the response.
        status: u16,
        /// The request id the response carried (see [`Error::request_id`]).
        request_id: Option<String>,
        /// The start of the response body (at most 512 bytes, cut on a
        /// character boundary; values of secret-looking JSON fields masked).
        body_snippet: String,
    },

    // @if error_bodies
    /// A non-2xx response for which the operation declares a body type:
    /// the body decoded into it (see [`ErrorBody`]), or its raw bytes when
    /// it does not fit.
    Status {
        /// The HTTP status code of the response.
        status: u16,
        /// The request id the response carried (see [`Error::request_id`]).
        request_id: Option<String>,
        /// The response body.
        body: Box<ErrorBody>,
    },

    // @end
    /// A successful (2xx) response whose body is not the JSON that was
    /// expected: truncated, of another shape, or missing its `result`.
    Decode {
        /// The HTTP status code of the response.
        status: u16,
        /// The request id the response carried (see [`Error::request_id`]).
        request_id: Option<String>,
        /// The start of the response body (at most 512 bytes, cut on a
        /// character boundary; values of secret-looking JSON fields masked).
        body_snippet: String,
        /// What the JSON decoder reported.
        #[source]
        source: serde_json::Error,
    },

    /// Walking a paginated list was stopped because the server misbehaved:
    /// it answered with another page than the one asked for, repeated the
    /// previous page, or never reached an end.
    Pagination(String),
}

impl Error {
    /// The HTTP status code of the response that caused this error, if a
    /// response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            // @if envelope
            Error::Api { status, .. } => Some(*status),
            // @end
            // @if error_bodies
            Error::Status { status, .. } => Some(*status),
            // @end
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(err) => err.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The id the API gave the request that caused this error, if any: the
    /// value of the response header that the API description names with
    /// `x-sdk-request-id-header` (always `None` if it names none). Quote it
    /// when asking the API's operators about a failure.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            // @if envelope
            Error::Api { request_id, .. } => request_id.as_deref(),
            // @end
            Error::Http { request_id, .. } | Error::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            // @if error_bodies
            Error::Status { request_id, .. } => request_id.as_deref(),
            // @end
            _ => None,
        }
    }
    // @if error_bodies

    /// The body of an error response the operation declares a type for.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Status { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The body of an error response, when it decoded into `T`:
    /// `err.error_body_as::<models::NotFound>()`.
    pub fn error_body_as<T: ErrorBodyType>(&self) -> Option<&T> {
        self.error_body().and_then(T::from_error_body)
    }
    // @end

    // @if envelope
    /// The API's error codes (from the envelope's `errors`), in order.
    /// Empty for errors that did not come from an envelope.
    pub fn error_codes(&self) -> Vec<i64> {
        match self {
            Error::Api { errors, .. } => errors.iter().filter_map(MessageInfo::code).collect(),
            _ => Vec::new(),
        }
    }

    // @end
    /// Whether sending the same request again may succeed: timeouts,
    /// connection failures, and HTTP 408, 409, 429 and 5xx answers.
    ///
    /// The client already retries such failures (see
    /// `ClientBuilder::max_retries`); this tells whether the final error was
    /// of that kind.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Transport(err) => transport_is_retryable(err),
            // @if envelope
            Error::Api { status, .. } => status_is_retryable(*status),
            // @end
            Error::Http { status, .. } => status_is_retryable(*status),
            // @if error_bodies
            Error::Status { status, .. } => status_is_retryable(*status),
            // @end
            _ => false,
        }
    }
}

/// Statuses worth retrying: request timeout, conflict (often a lock held by a
/// concurrent change), rate limiting, and server-side failures.
pub(crate) fn status_is_retryable(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || (500..=599).contains(&status)
}

/// Transport failures worth retrying: anything that went wrong on the wire,
/// but not a request that could not even be built.
pub(crate) fn transport_is_retryable(err: &reqwest::Error) -> bool {
    !err.is_builder() && !err.is_redirect() && !err.is_status()
}

/// Turns a `reqwest` failure into an [`Error`], keeping timeouts apart.
pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(err)
    }
}

/// A bounded, printable excerpt of a response body, for diagnostics.
///
/// Keeps at most [`BODY_SNIPPET_LIMIT`] bytes, cut on a character boundary
/// (invalid UTF-8 is replaced), and masks the string values of JSON fields
/// whose names suggest a secret, so that an error logged by the caller does
/// not leak one.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    // Decode a little more than the limit so that masking sees whole values
    // near the cut, then cut the masked text.
    let window = &body[..body.len().min(BODY_SNIPPET_LIMIT * 2)];
    let text = String::from_utf8_lossy(window);
    let masked = mask_secrets(&text);
    truncate_on_char_boundary(masked, BODY_SNIPPET_LIMIT)
}

fn truncate_on_char_boundary(mut text: String, limit: usize) -> String {
    if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Field names (compared case-insensitively, as substrings) whose string
/// values are masked in body snippets, and whose values the `Debug` output of
/// raw JSON kept by the models hides.
const SECRET_FIELD_MARKERS: &[&str] = &[
    "secret",
    "token",
    "password",
    "passwd",
    "passphrase",
    "key",
    "credential",
];

/// Whether a JSON member of this name looks like it holds a secret.
pub(crate) fn is_secret_field(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    SECRET_FIELD_MARKERS.iter().any(|m| lowered.contains(m))
}

/// Replaces the string value of every JSON member whose key looks secret
/// with `"***"`. Works on truncated or otherwise invalid JSON: it only looks
/// for `"key": "value"` pairs and never fails.
fn mask_secrets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // bytes of `text` already copied to `out`
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // A string starts at `i`; find its end.
        let start = i + 1;
        let end = string_end(bytes, start);
        let Some(end) = end else { break };
        let key = &text[start..end];
        i = end + 1;
        // Is it a key followed by `:` and a string value?
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b':' {
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'"' {
            continue;
        }
        let value_start = j + 1;
        if !is_secret_field(key) {
            i = value_start - 1; // let the loop read the value as a string
            continue;
        }
        out.push_str(&text[copied..value_start]);
        out.push_str("***");
        match string_end(bytes, value_start) {
            Some(value_end) => {
                copied = value_end;
                i = value_end + 1;
            }
            None => {
                // The value runs to the end of the (truncated) text.
                copied = bytes.len();
                i = bytes.len();
            }
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The index of the closing quote of a JSON string whose content starts at
/// `start`, honouring backslash escapes.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut k = start;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'"' => return Some(k),
            _ => k += 1,
        }
    }
    None
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(reason) => write!(f, "configuration error: {reason}"),
            Error::InvalidArgument { name, reason } => {
                write!(f, "invalid argument `{name}`: {reason}")
            }
            Error::Timeout => f.write_str("the request timed out"),
            // The cause is available through `source()`; repeating it here
            // would print it twice in error reports that walk the chain.
            Error::Transport(_) => {
                f.write_str("the request could not be completed (transport error)")
            }
            // @if envelope
            Error::Api {
                status,
                errors,
                messages,
                request_id,
            } => {
                write!(f, "API error (HTTP {status}")?;
                write_request_id(f, request_id.as_deref(), ", ")?;
                f.write_str(")")?;
                // Prefer the errors; fall back to the messages when a failure
                // came with no error entries.
                let list = if errors.is_empty() { messages } else { errors };
                if list.is_empty() {
                    return f.write_str(": no error details given");
                }
                for (n, m) in list.iter().enumerate() {
                    f.write_str(if n == 0 { ": " } else { "; " })?;
                    match m.code() {
                        Some(code) => write!(f, "[{code}] {}", m.text())?,
                        None => f.write_str(m.text())?,
                    }
                }
                Ok(())
            }
            // @end
            Error::Http {
                status,
                request_id,
                body_snippet,
            } => {
                // @if envelope
                write!(
                    f,
                    "HTTP {status} with a body that is not an API response envelope"
                )?;
                // @else
                write!(f, "HTTP {status}")?;
                // @end
                if request_id.is_some() {
                    f.write_str(" (")?;
                    write_request_id(f, request_id.as_deref(), "")?;
                    f.write_str(")")?;
                }
                // One line, whitespace collapsed: HTML pages are mostly
                // indentation.
                for (n, word) in body_snippet.split_whitespace().enumerate() {
                    f.write_str(if n == 0 { ": " } else { " " })?;
                    f.write_str(word)?;
                }
                Ok(())
            }
            // @if error_bodies
            Error::Status {
                status,
                request_id,
                body,
            } => {
                write!(f, "HTTP {status}")?;
                write_request_id(f, request_id.as_deref(), ", ")?;
                match body.as_ref() {
                    ErrorBody::Unknown(_) => {
                        f.write_str(" with a body of none of the declared error types")
                    }
                    typed => write!(f, " with a `{}` error body", typed.kind()),
                }
            }
            // @end
            Error::Decode {
                status, request_id, ..
            } => {
                write!(
                    f,
                    "could not decode the response to a successful request (HTTP {status}"
                )?;
                write_request_id(f, request_id.as_deref(), ", ")?;
                f.write_str(")")
            }
            Error::Pagination(reason) => write!(f, "pagination stopped: {reason}"),
        }
    }
}

/// Writes `{prefix}{header} {id}`, if there is an id.
fn write_request_id(f: &mut fmt::Formatter<'_>, id: Option<&str>, prefix: &str) -> fmt::Result {
    match (id, crate::spec::REQUEST_ID_HEADER) {
        (Some(id), Some(header)) => write!(f, "{prefix}{header} {id}"),
        (Some(id), None) => write!(f, "{prefix}request id {id}"),
        (None, _) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_bounded_on_a_char_boundary() {
        let body = "é".repeat(600); // 1200 bytes, 2 per char
        let s = body_snippet(body.as_bytes());
        assert!(s.len() <= BODY_SNIPPET_LIMIT);
        assert_eq!(s.len(), BODY_SNIPPET_LIMIT);
        let body = format!("a{}", "é".repeat(600));
        let s = body_snippet(body.as_bytes());
        assert_eq!(s.len(), BODY_SNIPPET_LIMIT - 1);
    }

    #[test]
    fn snippet_masks_secret_fields_even_when_truncated() {
        let s = body_snippet(br#"{"name":"x","client_secret": "hunter2", "id":"1","scim_config":{"secret":"abc\"def"#);
        assert_eq!(
            s,
            r#"{"name":"x","client_secret": "***", "id":"1","scim_config":{"secret":"***"#
        );
        let s = body_snippet(br#"{"token":"t","secret":42,"a":"token"}"#);
        assert_eq!(s, r#"{"token":"***","secret":42,"a":"token"}"#);
    }
}

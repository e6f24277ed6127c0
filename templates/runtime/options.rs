//! Per-request options: a timeout, a retry count, extra headers and query
//! parameters for some calls only, without building another client.
//!
//! The crate's documentation shows them in use.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;

/// Options for the requests made through one [`Client`](crate::Client)
/// handle; see [`Client::with_options`](crate::Client::with_options).
///
/// Every option left unset falls back to the client's setting. `Debug`
/// shows the names of the extra headers and query parameters, never their
/// values (they may hold credentials).
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    /// In the order they were added; a later one of a name replaces an earlier one.
    headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    // @if idempotency
    pub(crate) idempotency_key: Option<String>,
    // @end
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(name, _)| name.clone()).collect()
        };
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &names(&self.headers))
            .field("query", &names(&self.query))
            .finish_non_exhaustive()
    }
}

impl RequestOptions {
    /// No options: every setting is the client's.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The timeout of each attempt, instead of the client's
    /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)). A call
    /// with a zero timeout fails with [`Error::Config`] before sending.
    // @if downloads
    ///
    /// A streamed download (a `…_stream` method) is not cut short while it
    /// makes progress: there the timeout bounds the wait for the response,
    /// then for each chunk of the body.
    // @end
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt is retried, instead of the client's
    /// ([`ClientBuilder::max_retries`](crate::ClientBuilder::max_retries));
    /// 0 disables retries.
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Sends this header too, replacing any header of that name the client
    /// or the operation would send (including `Authorization` and
    /// `User-Agent`). A name or value that cannot be sent in HTTP makes the
    /// call fail with [`Error::Config`] before sending.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds this query parameter (percent-encoded) after the operation's own.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    // @if idempotency
    /// The idempotency key of the calls made with these options, sent as
    /// the API's idempotency header on every attempt. Without one, each call
    /// of an operation that is not a `GET`, `HEAD` or `OPTIONS` gets a random
    /// key of its own (unless the operation's own parameters set the header),
    /// kept across its retries, so that the server can tell a retry from a
    /// new request.
    ///
    /// Give the same key to several calls only if they are the same request.
    #[must_use]
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
    // @end

    /// These options, then `later`'s: a setting of `later` wins; headers and
    /// query parameters are added after these.
    pub(crate) fn merged(&self, later: RequestOptions) -> RequestOptions {
        let mut headers = self.headers.clone();
        headers.extend(later.headers);
        let mut query = self.query.clone();
        query.extend(later.query);
        RequestOptions {
            timeout: later.timeout.or(self.timeout),
            max_retries: later.max_retries.or(self.max_retries),
            headers,
            query,
            // @if idempotency
            idempotency_key: later.idempotency_key.or(self.idempotency_key.clone()),
            // @end
        }
    }

    /// The timeout of an attempt: this one, else `default`.
    pub(crate) fn timeout_or(&self, default: Duration) -> Result<Duration, Error> {
        match self.timeout {
            Some(timeout) if timeout.is_zero() => Err(Error::Config(
                "the request options' timeout must be longer than zero".to_owned(),
            )),
            Some(timeout) => Ok(timeout),
            None => Ok(default),
        }
    }

    /// The extra headers, checked; values are marked sensitive.
    pub(crate) fn header_map(&self) -> Result<HeaderMap, Error> {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Config(format!(
                    "the request options' header `{name}` is not a valid HTTP header name"
                ))
            })?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!(
                    "the request options' header `{name}` has a value not allowed in HTTP"
                ))
            })?;
            value.set_sensitive(true);
            map.insert(header, value);
        }
        Ok(map)
    }
}

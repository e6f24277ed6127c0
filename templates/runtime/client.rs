//! The HTTP client: configuration, authentication, retries.
//!
//! Build a [`Client`] with [`Client::builder`] or [`Client::from_env`], then
//! reach the API's resources through its methods. A `Client` is cheap to
//! clone (the clones share one connection pool) and safe to share between
//! tasks.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
// @if envelope
use serde::de::IgnoredAny;
// @end
use serde::de::DeserializeOwned;
use serde::Serialize;

// @if envelope
use crate::envelope::{Envelope, ResponseMeta};
// @end
use crate::auth::{self, Credential, Secret, TokenResult};
// @if downloads
use crate::download::ByteStream;
// @end
use crate::error::{self, Error};
use crate::options::RequestOptions;
use crate::params::{self, Style};
use crate::response::Response;
use crate::spec;

/// The default timeout of one HTTP request (one attempt).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default number of retries after a failed attempt.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The default first backoff ceiling.
const DEFAULT_BACKOFF_INITIAL: Duration = Duration::from_millis(500);
/// The default largest backoff ceiling.
const DEFAULT_BACKOFF_MAX: Duration = Duration::from_secs(8);
/// The longest wait a `Retry-After` header can impose.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The default `User-Agent`.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How the API expects one credential to be sent.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// `Authorization: Bearer <value>`.
    Bearer,
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
    /// `Authorization: <this scheme> <value>`.
    Scheme(&'static str),
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// One way of authenticating, as declared by the API description.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the API description (and of its builder method).
    pub name: &'static str,
    /// Where the credential goes in a request.
    pub location: Location,
    /// The environment variable [`Client::from_env`] reads it from.
    pub env: Option<&'static str>,
}

/// One server the API description lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Server {
    /// The URL, with a `{name}` for each variable.
    pub(crate) url: &'static str,
    /// The server's `description`, by which [`ClientBuilder::server_named`]
    /// chooses it.
    pub(crate) description: Option<&'static str>,
    /// The variables of the URL.
    pub(crate) variables: &'static [ServerVariable],
}

/// A variable of a server URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServerVariable {
    /// Its name in the URL.
    pub(crate) name: &'static str,
    /// Its value unless the builder sets one.
    pub(crate) default: &'static str,
    /// The only values it may take; empty: any.
    pub(crate) values: &'static [&'static str],
}

/// A client of the API.
///
/// Cheap to clone: clones share the configuration and the connection pool.
/// Its `Debug` output names the credentials it holds but never shows them.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What every request of this handle carries (see [`Client::with_options`]).
    options: Arc<RequestOptions>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Credential>,
    user_agent: HeaderValue,
    timeout: Duration,
    max_retries: u32,
    backoff_initial: Duration,
    backoff_max: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field(
                "credentials",
                &inner
                    .credentials
                    .iter()
                    .map(|c| c.scheme)
                    .collect::<Vec<_>>(),
            )
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("retry_backoff", &(inner.backoff_initial, inner.backoff_max))
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client; see [`ClientBuilder`] for the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: the credentials from the
    /// variables named in [`ClientBuilder`]'s credential methods, and the
    /// base URL from the base URL variable, if set. Everything else has its
    /// default.
    ///
    /// Use `Client::builder().with_env()?` to change other settings too.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().with_env()?.build()
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A handle on the same client (the same connection pool, credentials
    /// and settings) whose requests carry `options` too: a timeout, a retry
    /// count, extra headers or query parameters for some calls only. Cheap:
    /// nothing is rebuilt. On a handle that has options already, `options`
    /// are added to them (a setting given again wins).
    ///
    /// Paginated streams made through the handle use the options for every
    /// page.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: Arc::new(self.options.merged(options)),
        }
    }

    /// The options every request of this handle carries.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }

    // @if envelope
    /// Sends a request, retrying failures that may be transient, and decodes
    /// the response envelope. `success: false` and HTTP errors become
    /// [`Error`]s; the caller unwraps the `result` (see [`Envelope`]).
    ///
    /// For operations without a result, use `T` =
    /// [`serde::de::IgnoredAny`].
    #[allow(dead_code)] // used only when the API has enveloped operations
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<Response<Envelope<T>>, Error> {
        self.execute_with(request, decode_response::<T>).await
    }
    // @end

    /// Sends a request, retrying failures that may be transient, and decodes
    /// a plain JSON response body.
    #[allow(dead_code)] // used only when the API has such operations
    pub(crate) async fn execute_json<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<Response<T>, Error> {
        self.execute_with(request, decode_plain::<T>).await
    }

    /// Like [`Client::execute_json`] for operations whose body is not JSON.
    #[allow(dead_code)] // used only when the API has such operations
    pub(crate) async fn execute_bytes(
        &self,
        request: ApiRequest,
    ) -> Result<Response<Vec<u8>>, Error> {
        self.execute_with(request, decode_bytes).await
    }

    // @if paging
    /// Like [`Client::execute_bytes`], keeping the response's status, request
    /// id, URL and headers too: the walk through a paged list reads them.
    pub(crate) async fn execute_raw(&self, request: ApiRequest) -> Result<RawResponse, Error> {
        let response = self.execute_bytes(request).await?;
        Ok(RawResponse {
            status: response.status().as_u16(),
            request_id: response.request_id().map(str::to_owned),
            url: response.url().clone(),
            headers: response.headers().clone(),
            body: response.into_inner(),
        })
    }
    // @end

    // @if downloads
    /// Like [`Client::execute_bytes`], handing the success body out as it
    /// arrives (see [`ByteStream`]). Failures are retried as for a buffered
    /// call until the first chunk is in; the stream itself never retries.
    ///
    /// The timeout bounds the wait for the response head, then for each chunk,
    /// not the whole body: a long download that keeps making progress is not
    /// cut short.
    pub(crate) async fn execute_stream(
        &self,
        request: ApiRequest,
    ) -> Result<Response<ByteStream>, Error> {
        let attempt = self.prepare(&request).await?;
        self.inner
            .retrying(attempt.max_retries, || self.inner.attempt_stream(&attempt))
            .await
    }

    // @end
    /// Sends a request with this handle's options: the credentials placed
    /// once per call (a token provider is asked once), then attempts until
    /// one succeeds, fails for good, or the retries run out.
    ///
    /// Dropping the returned future cancels the call: the attempt in flight
    /// is abandoned (its connection closed) and nothing is retried.
    async fn execute_with<R>(
        &self,
        request: ApiRequest,
        decode: Decoder<R>,
    ) -> Result<Response<R>, Error> {
        let attempt = self.prepare(&request).await?;
        self.inner
            .retrying(attempt.max_retries, || self.inner.attempt(&attempt, decode))
            .await
    }

    /// What every attempt of a call sends, with this handle's options.
    async fn prepare<'a>(&self, request: &'a ApiRequest) -> Result<Attempt<'a>, Error> {
        let inner = &*self.inner;
        let options = &*self.options;
        let timeout = options.timeout_or(inner.timeout)?;
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let extra_headers = request.extra_headers(options)?;
        let credentials = inner.credentials_for(request.security)?;
        let authentication = auth::authenticate(&credentials).await?;
        let url = inner.url_for(request, &options.query, &authentication.query)?;
        Ok(Attempt {
            request,
            url,
            auth_headers: authentication.headers,
            extra_headers,
            timeout,
            max_retries,
        })
    }
}

/// What every attempt of one call sends.
struct Attempt<'a> {
    request: &'a ApiRequest,
    url: Url,
    auth_headers: Vec<(reqwest::header::HeaderName, HeaderValue)>,
    /// The request options' headers, which replace any other of their names.
    extra_headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
}

/// What the status line and headers of a response say.
struct Head {
    status: StatusCode,
    headers: HeaderMap,
    url: Url,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl Head {
    fn of(response: &reqwest::Response) -> Head {
        let headers = response.headers().clone();
        Head {
            status: response.status(),
            url: response.url().clone(),
            request_id: spec::REQUEST_ID_HEADER.and_then(|h| header_string(&headers, h)),
            retry_after: retry_after(&headers),
            headers,
        }
    }
}

impl Inner {
    /// The credentials to send with a request: the first alternative of the
    /// operation's requirements (or the API's) that the client holds.
    fn credentials_for(
        &self,
        security: Option<&'static [&'static [&'static str]]>,
    ) -> Result<Vec<&Credential>, Error> {
        let requirements = security.unwrap_or(spec::SECURITY_REQUIREMENTS);
        // An empty alternative (`{}`) makes authentication optional: it is
        // chosen only when the client holds no other alternative.
        if requirements.is_empty() || requirements.iter().all(|alt| alt.is_empty()) {
            return Ok(Vec::new());
        }
        let held = |name: &str| self.credentials.iter().find(|c| c.scheme == name);
        for alternative in requirements.iter().filter(|alt| !alt.is_empty()) {
            if let Some(found) = alternative
                .iter()
                .map(|name| held(name))
                .collect::<Option<Vec<_>>>()
            {
                return Ok(found);
            }
        }
        if requirements.iter().any(|alt| alt.is_empty()) {
            return Ok(Vec::new());
        }
        let held_names: Vec<&str> = self.credentials.iter().map(|c| c.scheme).collect();
        Err(Error::Config(format!(
            "this operation needs {}; the client has {}",
            describe_alternatives(requirements),
            if held_names.is_empty() {
                "no credentials".to_owned()
            } else {
                join_and(&held_names)
            },
        )))
    }

    /// The URL of a request: the operation's query, then the request
    /// options', then the credentials'.
    fn url_for(
        &self,
        request: &ApiRequest,
        extra_query: &[(String, String)],
        auth_query: &[(&'static str, String)],
    ) -> Result<Url, Error> {
        let separator = if request.path.starts_with('/') {
            ""
        } else {
            "/"
        };
        let mut url = Url::parse(&format!("{}{separator}{}", self.base_url, request.path))
            .map_err(|e| {
                Error::Config(format!(
                    "cannot build a request URL from path `{}`: {e}",
                    request.path
                ))
            })?;
        if !request.query.is_empty() {
            url.set_query(Some(&request.query.join("&")));
        }
        if !extra_query.is_empty() || !auth_query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(extra_query)
                .extend_pairs(auth_query.iter().map(|(name, value)| (*name, value)));
        }
        Ok(url)
    }

    /// Runs `attempt` until it succeeds, fails for good, or `max_retries`
    /// retries have failed too, pausing between tries as the server's
    /// `Retry-After` or the backoff says.
    async fn retrying<T, F, Fut>(&self, max_retries: u32, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = (Result<T, Error>, Option<Duration>)>,
    {
        let mut retries = 0;
        loop {
            let (outcome, retry_after) = attempt().await;
            match outcome {
                Err(err) if retries < max_retries && err.is_retryable() => {
                    let delay = match retry_after {
                        Some(delay) => delay.min(MAX_RETRY_AFTER),
                        None => self.backoff(retries),
                    };
                    tokio::time::sleep(delay).await;
                    retries += 1;
                }
                outcome => return outcome,
            }
        }
    }

    /// The request of one attempt, without a timeout.
    fn request(&self, attempt: &Attempt<'_>) -> reqwest::RequestBuilder {
        let request = attempt.request;
        let mut builder = self
            .http
            .request(request.method.clone(), attempt.url.clone())
            // A media type that is no header value fails the send, as a header argument would.
            .header(ACCEPT, request.accept)
            .header(USER_AGENT, self.user_agent.clone());
        for (name, value) in &attempt.auth_headers {
            builder = builder.header(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, request.content_type.as_ref())
                .body(body.clone());
        }
        if !attempt.extra_headers.is_empty() {
            // Replaces the headers of the same names set above.
            builder = builder.headers(attempt.extra_headers.clone());
        }
        builder
    }

    /// One attempt: the outcome, and the server's `Retry-After`, if any.
    /// The timeout covers the whole exchange, body included.
    async fn attempt<R>(
        &self,
        attempt: &Attempt<'_>,
        decode: Decoder<R>,
    ) -> (Result<Response<R>, Error>, Option<Duration>) {
        let sent = self.request(attempt).timeout(attempt.timeout).send().await;
        let response = match sent {
            Ok(response) => response,
            Err(err) => return (Err(error::from_reqwest(err)), None),
        };
        let head = Head::of(&response);
        let outcome = match response.bytes().await {
            Ok(body) if !head.status.is_success() => {
                Err(attempt.request.status_error(&head, &body))
            }
            Ok(body) => decode(head.status.as_u16(), head.request_id, &body)
                .map(|data| Response::new(head.status, head.headers, head.url, data)),
            Err(err) => Err(error::from_reqwest(err)),
        };
        (outcome, head.retry_after)
    }

    // @if downloads
    /// One attempt of a streamed call: the outcome, and the server's
    /// `Retry-After`, if any. An error status reads and decodes the body as
    /// [`Inner::attempt`] does; a success reads the first chunk, so that a
    /// failure before any byte is handed out can still be retried.
    async fn attempt_stream(
        &self,
        attempt: &Attempt<'_>,
    ) -> (Result<Response<ByteStream>, Error>, Option<Duration>) {
        let timeout = attempt.timeout;
        let sent = tokio::time::timeout(timeout, self.request(attempt).send()).await;
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(err)) => return (Err(error::from_reqwest(err)), None),
            Err(_) => return (Err(Error::Timeout), None),
        };
        let head = Head::of(&response);
        if !head.status.is_success() {
            let outcome = match tokio::time::timeout(timeout, response.bytes()).await {
                Ok(Ok(body)) => attempt.request.status_error(&head, &body),
                Ok(Err(err)) => error::from_reqwest(err),
                Err(_) => Error::Timeout,
            };
            return (Err(outcome), head.retry_after);
        }
        let outcome = match ByteStream::start(response, timeout).await {
            Ok(body) => Ok(Response::new(head.status, head.headers, head.url, body)),
            Err(err) => Err(err),
        };
        (outcome, head.retry_after)
    }

    // @end
    /// The pause before retry number `retries + 1`: exponential backoff with
    /// full jitter, a uniformly random duration between zero and a ceiling
    /// that starts at the initial backoff and doubles up to the maximum.
    fn backoff(&self, retries: u32) -> Duration {
        let ceiling = self
            .backoff_initial
            .saturating_mul(2u32.saturating_pow(retries))
            .min(self.backoff_max);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

// @if envelope
/// Classifies a 2xx response: a successful envelope, or the right [`Error`].
#[allow(dead_code)] // used only when the API has enveloped operations
fn decode_response<T: DeserializeOwned>(
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Result<Envelope<T>, Error> {
    let api_error = |envelope: Envelope<IgnoredAny>, request_id: Option<String>| Error::Api {
        status,
        errors: envelope.errors,
        messages: envelope.messages,
        request_id,
    };
    let meta = |request_id| ResponseMeta {
        status,
        request_id,
        body_snippet: error::body_snippet(body),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Envelope::empty_success(meta(request_id)));
    }
    match serde_json::from_slice::<Envelope<T>>(body) {
        Ok(envelope) if !envelope.success => Err(Error::Api {
            status,
            errors: envelope.errors,
            messages: envelope.messages,
            request_id,
        }),
        Ok(mut envelope) => {
            envelope.meta = meta(request_id);
            Ok(envelope)
        }
        Err(source) => match serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
            // A failure whose `result` does not fit `T` is still a failure.
            Ok(envelope) if !envelope.success => Err(api_error(envelope, request_id)),
            _ => Err(Error::Decode {
                status,
                request_id,
                body_snippet: error::body_snippet(body),
                source,
            }),
        },
    }
}
// @end

// @if paging
/// A successful response kept whole, for the walk through a paged list.
pub(crate) struct RawResponse {
    /// The HTTP status code.
    pub(crate) status: u16,
    /// The request id the response carried.
    pub(crate) request_id: Option<String>,
    /// The URL the response came from.
    pub(crate) url: Url,
    /// The response headers.
    pub(crate) headers: HeaderMap,
    /// The body.
    pub(crate) body: Vec<u8>,
}
// @end

/// Turns a 2xx status, the request-id header and the body into an operation's
/// outcome (non-2xx responses are [`ApiRequest::status_error`]'s).
type Decoder<R> = fn(u16, Option<String>, &[u8]) -> Result<R, Error>;

// @if envelope
/// The error for a non-2xx response: the API's envelope if the body is one, else the raw body.
// @else
/// The error for a non-2xx response.
// @end
fn error_response(status: u16, request_id: Option<String>, body: &[u8]) -> Error {
    // @if envelope
    if let Ok(envelope) = serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
        return Error::Api {
            status,
            errors: envelope.errors,
            messages: envelope.messages,
            request_id,
        };
    }
    // @end
    Error::Http {
        status,
        request_id,
        body_snippet: error::body_snippet(body),
    }
}

/// Decodes a 2xx response whose body is plain JSON.
fn decode_plain<T: DeserializeOwned>(
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| Error::Decode {
        status,
        request_id,
        body_snippet: error::body_snippet(body),
        source,
    })
}

/// Keeps a 2xx response's body as bytes.
fn decode_bytes(_status: u16, _request_id: Option<String>, body: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(body.to_vec())
}

fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_owned)
}

/// The wait a `Retry-After` header asks for: delay seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Configures and builds a [`Client`].
///
/// Defaults: the first server of the API description with its URL variables
/// at their defaults (see [`ClientBuilder::server`]), a 60 s timeout per request, 2 retries with
/// backoff from 0.5 s up to 8 s, and a `User-Agent` of this crate's name and
/// version. Credentials have no default: set them with the credential
/// methods, or read them from the environment with
/// [`ClientBuilder::with_env`].
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: BTreeMap<&'static str, Secret>,
    base_url: Option<String>,
    server: ServerChoice,
    server_variables: BTreeMap<&'static str, String>,
    timeout: Duration,
    max_retries: u32,
    backoff_initial: Duration,
    backoff_max: Duration,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("base_url", &self.base_url)
            .field("server", &self.server)
            .field("server_variables", &self.server_variables)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("retry_backoff", &(self.backoff_initial, self.backoff_max))
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults and no credentials.
    pub fn new() -> Self {
        ClientBuilder {
            credentials: BTreeMap::new(),
            base_url: None,
            server: ServerChoice::Index(0),
            server_variables: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff_initial: DEFAULT_BACKOFF_INITIAL,
            backoff_max: DEFAULT_BACKOFF_MAX,
            user_agent: None,
            http_client: None,
        }
    }

    /// Sets the credential of security scheme `name`. An empty value counts
    /// as not set.
    #[allow(dead_code)] // used by the generated credential methods, if the API has any
    pub(crate) fn credential(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        if value.is_empty() {
            self.credentials.remove(name);
        } else {
            self.credentials.insert(name, Secret::Value(value));
        }
        self
    }

    /// Sets the credential of security scheme `name` to a bearer token that
    /// `provider` returns, asked for once per call of an operation (its
    /// retries reuse the token): a provider refreshes an expired token, or
    /// returns a cached one. Replaces a token set with the scheme's other
    /// method.
    #[allow(dead_code)] // used by the generated token-provider methods, if the API has any
    pub(crate) fn token_provider<F, Fut, E>(mut self, name: &'static str, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<String, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let provider: auth::TokenProvider = Arc::new(move || {
            let token = provider();
            Box::pin(async move { token.await.map_err(Into::into) as TokenResult })
        });
        self.credentials.insert(name, Secret::Provider(provider));
        self
    }

    /// Reads the settings left unset from the process environment: the
    /// credentials (only if none was set on this builder, so that explicit
    /// credentials are never mixed with the environment's) and the base URL.
    /// Empty variables count as unset.
    ///
    /// Fails if a variable is set but is not valid Unicode.
    pub fn with_env(self) -> Result<Self, Error> {
        let mut failure = None;
        let builder = self.with_env_from(|var| match std::env::var(var) {
            Ok(value) => Some(value),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                failure.get_or_insert_with(|| {
                    Error::Config(format!("environment variable {var} is not valid Unicode"))
                });
                None
            }
        });
        match failure {
            Some(err) => Err(err),
            None => Ok(builder),
        }
    }

    /// Like [`ClientBuilder::with_env`], but looks variables up with
    /// `lookup` instead of in the process environment (for tests, or
    /// configuration kept elsewhere).
    pub fn with_env_from(mut self, mut lookup: impl FnMut(&str) -> Option<String>) -> Self {
        let mut found = |var: &str| lookup(var).filter(|value| !value.trim().is_empty());
        if self.credentials.is_empty() {
            for scheme in spec::SECURITY_SCHEMES {
                if let Some(value) = scheme.env.and_then(&mut found) {
                    self.credentials.insert(scheme.name, Secret::Value(value));
                }
            }
        }
        if self.base_url.is_none() {
            self.base_url = spec::BASE_URL_ENV.and_then(&mut found);
        }
        self
    }

    /// Sends requests to this base URL instead of the API's server, for
    /// example a proxy or a mock server. An `http` or `https` URL; a path is
    /// kept, a trailing `/` ignored. It takes precedence over the server and
    /// server variables chosen on this builder.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends requests to server number `index` (from 0) of the API
    /// description's `servers` instead of the first. The build fails if there
    /// is no such server.
    pub fn server(mut self, index: usize) -> Self {
        self.server = ServerChoice::Index(index);
        self
    }

    /// Sends requests to the server whose `description` in the API
    /// description is `description` (compared without regard to case). The
    /// build fails if no server has it.
    pub fn server_named(mut self, description: impl Into<String>) -> Self {
        self.server = ServerChoice::Named(description.into());
        self
    }

    /// Sets variable `name` of the chosen server's URL.
    #[allow(dead_code)] // used by the generated setters, if the API's servers have variables
    pub(crate) fn server_variable(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.server_variables.insert(name, value.into());
        self
    }

    /// The timeout of each HTTP request (each attempt, not all retries
    /// together), from sending it to having read the whole response.
    /// Default: 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a request is retried after a failure that may be
    /// transient: connection errors, timeouts, HTTP 408, 409, 429 and 5xx.
    /// Other errors are never retried. Default: 2; 0 disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The pause between retries: exponential backoff with full jitter,
    /// whose ceiling starts at `initial` and doubles after each retry up to
    /// `max`. A `Retry-After` header from the server (at most 60 s) is
    /// obeyed instead. Default: 0.5 s and 8 s.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff_initial = initial;
        self.backoff_max = max;
        self
    }

    /// The `User-Agent` header. Default: this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests with this `reqwest` client instead of building one,
    /// to share a connection pool or to configure proxies, TLS or DNS.
    ///
    /// Start from [`Client::http_client_builder`], which is set up like the
    /// default client (rustls, no redirects); a client given here is used as
    /// it is. The timeout, retry and user agent settings of this builder
    /// still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] if no complete set of credentials was
    /// given, if a credential or the user agent cannot be sent in an HTTP
    /// header, if the base URL is invalid, if the API description gives no
    /// usable server (none, or only a relative URL) and no base URL was set,
    /// if the chosen server does not exist or does not take the server
    /// variables set, if the timeout is zero or the backoff range inverted,
    /// or if TLS cannot be set up.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match &self.base_url {
            Some(url) => parse_base_url(url)?,
            None => parse_base_url(&server_url(
                spec::SERVERS,
                &self.server,
                &self.server_variables,
            )?)?,
        };
        if self.timeout.is_zero() {
            return Err(Error::Config(
                "the timeout must be longer than zero".to_owned(),
            ));
        }
        if self.backoff_initial > self.backoff_max {
            return Err(Error::Config(format!(
                "the initial retry backoff ({:?}) is longer than the maximum ({:?})",
                self.backoff_initial, self.backoff_max
            )));
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config(format!(
                "the user agent `{user_agent}` is not a valid HTTP header value"
            ))
        })?;

        let credentials = self
            .credentials
            .iter()
            .map(|(name, secret)| auth::credential(name, secret))
            .collect::<Result<Vec<_>, _>>()?;
        check_requirements(&self.credentials)?;

        let http = match self.http_client {
            Some(client) => client,
            None => default_http_client()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                user_agent,
                timeout: self.timeout,
                max_retries: self.max_retries,
                backoff_initial: self.backoff_initial,
                backoff_max: self.backoff_max,
            }),
            options: Arc::new(RequestOptions::new()),
        })
    }
}

/// Which of the API description's servers a builder uses.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ServerChoice {
    /// By position, from 0.
    Index(usize),
    /// By `description`, compared without regard to case.
    Named(String),
}

/// The URL of the chosen server, its variables replaced by the values set or
/// their defaults.
fn server_url(
    servers: &[Server],
    choice: &ServerChoice,
    values: &BTreeMap<&'static str, String>,
) -> Result<String, Error> {
    let set_base_url = match spec::BASE_URL_ENV {
        Some(var) => format!("set one with `ClientBuilder::base_url` (or {var})"),
        None => "set one with `ClientBuilder::base_url`".to_owned(),
    };
    if servers.is_empty() {
        return Err(Error::Config(format!(
            "the API description names no server, so there is no default base URL: {set_base_url}"
        )));
    }
    let listed = || {
        let names: Vec<String> = servers
            .iter()
            .enumerate()
            .map(|(i, s)| match s.description {
                Some(d) => format!("{i}: `{d}` ({})", s.url),
                None => format!("{i}: {}", s.url),
            })
            .collect();
        names.join(", ")
    };
    let server = match choice {
        ServerChoice::Index(i) => servers.get(*i).ok_or_else(|| {
            Error::Config(format!(
                "there is no server {i}: the API description lists {}",
                listed()
            ))
        })?,
        ServerChoice::Named(name) => servers
            .iter()
            .find(|s| s.description.is_some_and(|d| d.eq_ignore_ascii_case(name)))
            .ok_or_else(|| {
                Error::Config(format!(
                    "no server is named `{name}`: the API description lists {}",
                    listed()
                ))
            })?,
    };
    let mut url = server.url.to_owned();
    for name in values.keys() {
        if !server.variables.iter().any(|v| v.name == *name) {
            return Err(Error::Config(format!(
                "the server variable `{name}` was set, but the server `{}` has no such variable",
                server.url
            )));
        }
    }
    for variable in server.variables {
        let value = values
            .get(variable.name)
            .map(String::as_str)
            .unwrap_or(variable.default);
        if !variable.values.is_empty() && !variable.values.contains(&value) {
            return Err(Error::Config(format!(
                "the server variable `{}` cannot be `{value}`: the server `{}` takes {}",
                variable.name,
                server.url,
                variable.values.join(", ")
            )));
        }
        url = url.replace(&format!("{{{}}}", variable.name), value);
    }
    if let Some(open) = url.find('{') {
        let name = url[open..].split('}').next().unwrap_or_default();
        return Err(Error::Config(format!(
            "the server URL `{}` has a variable {name}}} that the API description does not \
             declare: {set_base_url}",
            server.url
        )));
    }
    if !url.contains("://") {
        return Err(Error::Config(format!(
            "the server URL `{url}` is relative (to wherever the API description was \
             published), so it cannot be used as it is: {set_base_url}"
        )));
    }
    Ok(url)
}

/// Validates a base URL and returns it without a trailing `/`.
fn parse_base_url(raw: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::Config(format!("invalid base URL `{raw}`: {why}"));
    let url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(invalid("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks that the credentials satisfy one of the API's alternatives.
fn check_requirements(held: &BTreeMap<&'static str, Secret>) -> Result<(), Error> {
    let requirements = spec::SECURITY_REQUIREMENTS;
    if requirements.is_empty()
        || requirements
            .iter()
            .any(|alt| alt.iter().all(|name| held.contains_key(name)))
    {
        return Ok(());
    }
    // Point out a half-supplied alternative: the likeliest mistake.
    let incomplete = requirements.iter().find_map(|alt| {
        let (have, missing): (Vec<&str>, Vec<&str>) =
            alt.iter().partition(|name| held.contains_key(*name));
        (!have.is_empty()).then(|| {
            format!(
                "{} {} set but {} {} missing; ",
                join_and(&have),
                if have.len() == 1 { "is" } else { "are" },
                join_and(&missing),
                if missing.len() == 1 { "is" } else { "are" },
            )
        })
    });
    Err(Error::Config(format!(
        "{}: {}set {}",
        if incomplete.is_some() {
            "incomplete credentials"
        } else {
            "no credentials"
        },
        incomplete.unwrap_or_default(),
        describe_alternatives(requirements),
    )))
}

/// "api_token, or api_email and api_key (env API_TOKEN, or API_EMAIL and
/// API_KEY)".
fn describe_alternatives(requirements: &[&[&str]]) -> String {
    let names: Vec<String> = requirements.iter().map(|alt| join_and(alt)).collect();
    let mut text = names.join(", or ");
    let env_of = |name: &str| {
        spec::SECURITY_SCHEMES
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.env)
    };
    let envs: Option<Vec<String>> = requirements
        .iter()
        .map(|alt| {
            alt.iter()
                .map(|name| env_of(name))
                .collect::<Option<Vec<_>>>()
                .map(|v| join_and(&v))
        })
        .collect();
    if let Some(envs) = envs {
        text.push_str(&format!(" (env {})", envs.join(", or ")));
    }
    text
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The HTTP client used unless one is given.
fn default_http_client() -> Result<reqwest::Client, Error> {
    Client::http_client_builder()?
        .build()
        .map_err(|e| Error::Config(format!("cannot set up the HTTP client: {e}")))
}

impl Client {
    /// A `reqwest` client builder set up like the one this crate uses by
    /// default: rustls with the *ring* provider and the platform's root
    /// certificates, and no redirects (a redirect would carry the
    /// credentials to another host). Customise it (proxies, DNS, pool) and
    /// pass the result to [`ClientBuilder::http_client`].
    ///
    /// A plain `reqwest::Client::builder()` would panic when built, because
    /// this crate enables rustls without choosing a process-wide crypto
    /// provider; start from this builder instead, or install a provider
    /// first with `rustls::crypto::CryptoProvider::install_default`.
    pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
        use rustls_platform_verifier::BuilderVerifierExt;

        let tls_error = |e: &dyn fmt::Display| Error::Config(format!("cannot set up TLS: {e}"));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error(&e))?
            .with_platform_verifier()
            .map_err(|e| tls_error(&e))?
            .with_no_client_auth();
        Ok(reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none()))
    }
}

/// Percent-encodes `value` as one path segment (RFC 3986's unreserved
/// characters are kept, `/` and everything else encoded); `name` is the
/// parameter's name, for the error. An empty value, `.` or `..` is rejected with
/// [`Error::InvalidArgument`]: each would address another resource.
#[allow(dead_code)] // used by the generated operations, if any has a path parameter
pub(crate) fn encode_path(name: &'static str, value: &str) -> Result<String, Error> {
    let reason = match value {
        "" => "must not be empty",
        "." | ".." => "must not be `.` or `..`",
        _ => return Ok(utf8_percent_encode(value, crate::params::UNRESERVED).to_string()),
    };
    Err(Error::InvalidArgument {
        name,
        reason: reason.to_owned(),
    })
}

/// A request to the API, built by the generated operations.
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    method: Method,
    path: String,
    /// `name=value` pairs, already percent-encoded.
    query: Vec<String>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    content_type: Cow<'static, str>,
    /// The media type asked for (`Accept`).
    accept: &'static str,
    security: Option<&'static [&'static [&'static str]]>,
    // @if error_bodies
    /// Decodes the body of an error status the operation declares a type for.
    error_body: Option<ErrorBodyDecoder>,
    // @end
}

// @if error_bodies
/// Decodes an error response's body by its status; `None` for a status the
/// operation declares no body type for.
pub(crate) type ErrorBodyDecoder = fn(u16, &[u8]) -> Option<crate::ErrorBody>;

// @end
#[allow(dead_code)] // which methods the generated operations use depends on the API
impl ApiRequest {
    /// A request for `path` (already percent-encoded, starting with `/`),
    /// relative to the client's base URL.
    pub(crate) fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: Cow::Borrowed("application/json"),
            accept: "application/json",
            security: None,
            // @if error_bodies
            error_body: None,
            // @end
        }
    }

    /// Adds a query parameter, laid out in `style` and percent-encoded.
    pub(crate) fn query<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        self.query
            .extend(params::query_pairs(name, value, style, false)?);
        Ok(self)
    }

    /// Adds a query parameter whose value may hold RFC 3986's reserved
    /// characters as they are (`allowReserved: true`).
    pub(crate) fn query_allow_reserved<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        self.query
            .extend(params::query_pairs(name, value, style, true)?);
        Ok(self)
    }

    /// Adds a request header parameter, laid out in `style`.
    pub(crate) fn header<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        self.headers
            .push((name, params::header_value(name, value, style)?));
        Ok(self)
    }

    /// Asks for the success response in `media_type` instead of JSON.
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// Sets a raw body of the given media type.
    pub(crate) fn bytes(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.content_type = Cow::Borrowed(content_type);
        self.body = Some(body.into());
        self
    }
    // @if forms

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart(mut self, form: crate::body::Multipart) -> Self {
        let (content_type, body) = form.finish();
        self.content_type = Cow::Owned(content_type);
        self.body = Some(body);
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub(crate) fn form(self, form: crate::body::Form) -> Self {
        self.bytes("application/x-www-form-urlencoded", form.finish())
    }
    // @end

    /// Sets a JSON body (sent with `Content-Type: application/json`).
    pub(crate) fn json(mut self, body: &impl Serialize) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidArgument {
            name: "body",
            reason: format!("cannot be serialized to JSON: {e}"),
        })?;
        self.body = Some(bytes);
        Ok(self)
    }

    /// The error for a non-2xx response: the body type the operation declares
    /// for its status, if any, else [`error_response`]'s.
    fn status_error(&self, head: &Head, body: &[u8]) -> Error {
        let status = head.status.as_u16();
        let request_id = head.request_id.clone();
        // @if error_bodies
        if let Some(body) = self.error_body.and_then(|decode| decode(status, body)) {
            return Error::Status {
                status,
                request_id,
                body: Box::new(body),
            };
        }
        // @end
        error_response(status, request_id, body)
    }

    // @if error_bodies
    /// Decodes the bodies of the error statuses the operation declares a
    /// type for into [`Error::Status`].
    pub(crate) fn error_body(mut self, decode: ErrorBodyDecoder) -> Self {
        self.error_body = Some(decode);
        self
    }

    // @end
    /// The request options' headers for this request: those given, and
    /// the idempotency key, if this request should carry one.
    fn extra_headers(&self, options: &RequestOptions) -> Result<HeaderMap, Error> {
        // @if idempotency
        let headers = self.with_idempotency_key(options, options.header_map()?)?;
        // @else
        let headers = options.header_map()?;
        // @end
        Ok(headers)
    }

    // @if idempotency
    /// `headers` with the idempotency key of this call, unless they have
    /// one: the options' key; else, unless the operation's parameters set
    /// the header or the method is safe, a random one, made once per call so
    /// that every attempt carries the same.
    fn with_idempotency_key(
        &self,
        options: &RequestOptions,
        mut headers: HeaderMap,
    ) -> Result<HeaderMap, Error> {
        let name = spec::IDEMPOTENCY_HEADER;
        let from_params = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name));
        let safe = matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let key = match &options.idempotency_key {
            Some(key) => key.clone(),
            None if from_params || safe => return Ok(headers),
            None => format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..)),
        };
        let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid HTTP header name")))?;
        if !headers.contains_key(&header) {
            let value = HeaderValue::from_str(&key).map_err(|_| {
                Error::Config("the idempotency key has characters not allowed in HTTP".to_owned())
            })?;
            headers.insert(header, value);
        }
        Ok(headers)
    }
    // @end

    // @if paging
    /// Points the request at another path and query under the base URL (the
    /// `path` percent-encoded, the `query` a whole encoded query string), as a
    /// `Link` header's next page asks.
    pub(crate) fn retarget(mut self, path: String, query: Option<&str>) -> Self {
        self.path = path;
        self.query = query.map(str::to_owned).into_iter().collect();
        self
    }
    // @end

    /// Overrides the API's security requirements for this operation:
    /// alternatives, the first one whose credentials the client holds wins.
    /// If the client holds none, the request fails with [`Error::Config`]
    /// before anything is sent.
    pub(crate) fn security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirements);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(
            encode_path("id", "a/b c?d#e%f").unwrap(),
            "a%2Fb%20c%3Fd%23e%25f"
        );
        assert_eq!(encode_path("id", "AZaz09-._~").unwrap(), "AZaz09-._~");
        assert_eq!(encode_path("id", "é").unwrap(), "%C3%A9");
        for bad in ["", ".", ".."] {
            assert!(matches!(
                encode_path("id", bad),
                Err(Error::InvalidArgument { name: "id", .. })
            ));
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28),
            "{wait:?}"
        );
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn base_urls_are_validated() {
        assert_eq!(
            parse_base_url("https://example.com/client/v4/").unwrap(),
            "https://example.com/client/v4"
        );
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "https://example.com/?a=1",
            "mailto:x@example.com",
        ] {
            assert!(
                matches!(parse_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}

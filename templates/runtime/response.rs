//! The raw response beside the typed result: what every operation's
//! `…_with_response` method returns.

use reqwest::header::{HeaderMap, AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
use reqwest::{StatusCode, Url};

use crate::error::Error;
use crate::spec;

/// A decoded result with the HTTP status and headers of the response it
/// came in (rate-limit headers, for one).
///
/// `Debug` shows the headers, except the values of those that carry
/// credentials (`Set-Cookie`, `Cookie`, `Authorization`).
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    url: Url,
    data: T,
}

impl<T> Response<T> {
    /// A response with its headers; the credential-bearing ones are marked
    /// sensitive, so `Debug` never shows them.
    pub(crate) fn new(status: StatusCode, mut headers: HeaderMap, url: Url, data: T) -> Self {
        for name in [SET_COOKIE, COOKIE, AUTHORIZATION, PROXY_AUTHORIZATION] {
            if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(name) {
                for value in entry.iter_mut() {
                    value.set_sensitive(true);
                }
            }
        }
        Response {
            status,
            headers,
            url,
            data,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The URL the response came from (after any redirects).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of header `name` (case does not matter), if it is there and
    /// is text. For a header sent several times, the first value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The id the server gave the request, from the response header the API
    /// description names for it (if it names one).
    pub fn request_id(&self) -> Option<&str> {
        self.header(spec::REQUEST_ID_HEADER?)
    }

    /// The decoded result.
    pub fn data(&self) -> &T {
        &self.data
    }

    // @if downloads
    /// The decoded result, to change in place.
    pub(crate) fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    // @end
    /// The decoded result, without the status and headers.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The status, the headers and the decoded result.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.data)
    }

    /// The same response with its result turned into another.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            url: self.url,
            data: f(self.data),
        }
    }

    /// Like [`Response::map`], for a step that may fail.
    #[allow(dead_code)] // used by the generated operations, if any unwraps an envelope
    pub(crate) fn try_map<U>(
        self,
        f: impl FnOnce(T) -> Result<U, Error>,
    ) -> Result<Response<U>, Error> {
        Ok(Response {
            status: self.status,
            headers: self.headers,
            url: self.url,
            data: f(self.data)?,
        })
    }
}

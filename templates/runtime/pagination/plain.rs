//! Walking plain JSON lists whose response names the next page: an opaque
//! cursor, `has_more` with the last item's id, the `Link` header's
//! `rel="next"` URL, an offset past the items seen, or the next page number.
//!
//! The generated `_all` operations describe their list with a [`Plan`] and
//! build each page's request from a [`Next`]; [`walk`] does the rest.

use std::collections::BTreeSet;
use std::future::Future;

use futures::Stream;
use reqwest::header::LINK;
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::MAX_PAGES;
use crate::client::{ApiRequest, Client, RawResponse};
use crate::error::{self, Error};

/// How a list is laid out and what names its next page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// Member names leading from the body to the items array; empty when the
    /// body is the array.
    pub(crate) items: &'static [&'static str],
    /// What names the next page.
    pub(crate) style: Style,
}

/// What names the next page.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // which styles a crate uses depends on the API
pub(crate) enum Style {
    /// A token at `field` in the body; none (or `null`, or `""`) on the last
    /// page.
    Cursor {
        /// Member names leading to the token.
        field: &'static [&'static str],
    },
    /// A boolean at `has_more`; the next request sends the last item's `id`.
    AfterId {
        /// Member names leading to the boolean.
        has_more: &'static [&'static str],
        /// The item's id member.
        id: &'static str,
    },
    /// The `Link` header's `rel="next"` URL.
    Link,
    /// The next request skips the items seen; the walk ends on an empty or
    /// short page, or when `total` items are seen.
    Offset {
        /// The offset of the first page.
        start: u64,
        /// The page size asked for, if the caller set one.
        limit: Option<u64>,
        /// Member names leading to the total item count, if the body has one.
        total: Option<&'static [&'static str]>,
    },
    /// The next request asks for the next page number; the walk ends on an
    /// empty or short page, or when the number of pages or items says so.
    Page {
        /// The number of the page asked for first.
        start: u64,
        /// The number of the API's first page (0 or 1).
        first: u64,
        /// The page size asked for, if the caller set one.
        size: Option<u64>,
        /// Member names leading to the number of pages, if the body has one.
        total_pages: Option<&'static [&'static str]>,
        /// Member names leading to the total item count, if the body has one.
        total: Option<&'static [&'static str]>,
    },
}

/// Where a page starts: what the generated operation changes in its request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Next {
    /// The first page: the request as the caller made it.
    First,
    /// A cursor or last id, for the paging parameter.
    Token(String),
    /// The number of items to skip, for the offset parameter.
    Offset(u64),
    /// The number of the page, for the page parameter.
    Page(u64),
    /// The next page's URL, from the `Link` header.
    Url(Url),
}

/// Converts an offset or page number into the integer type of the parameter
/// `name`.
#[allow(dead_code)] // used only when the API has lists that page by offset or number
pub(crate) fn number_param<T: TryFrom<u64>>(number: u64, name: &str) -> Result<T, Error> {
    T::try_from(number)
        .map_err(|_| Error::Pagination(format!("{number} does not fit the parameter `{name}`")))
}

/// Sends one page's request: as built, or pointed at the `Link` header's
/// URL, which is followed only under the client's base URL, so that
/// credentials never go to another origin.
pub(crate) async fn fetch(
    client: &Client,
    request: ApiRequest,
    next: Next,
) -> Result<RawResponse, Error> {
    let request = match next {
        Next::Url(url) => {
            let path = path_under(client.base_url(), &url).ok_or_else(|| {
                Error::Pagination(format!(
                    "the next page's URL `{url}` is not under the client's base URL; \
                     it is not followed, so that credentials stay with the API"
                ))
            })?;
            request.retarget(path, url.query())
        }
        _ => request,
    };
    client.execute_raw(request).await
}

/// The path of `url` relative to `base` (which has no trailing `/`), if
/// `url` has the same origin and lies under it.
fn path_under(base: &str, url: &Url) -> Option<String> {
    let base = Url::parse(base).ok()?;
    if base.origin() != url.origin() {
        return None;
    }
    let prefix = base.path().trim_end_matches('/');
    let rest = url.path().strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then(|| rest.to_owned())
}

/// Walks a list page by page, yielding every item in order. `fetch(next)`
/// must send the request for the page `next` describes.
///
/// The stream is lazy: a page is requested only when the items before it are
/// consumed, and exactly once. It ends after the last page or the first
/// error. It never loops forever: a cursor, last id or URL the server already
/// sent, or more than [`MAX_PAGES`] pages, end it with an
/// [`Error::Pagination`].
pub(crate) fn walk<T, F, Fut>(plan: Plan, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    T: DeserializeOwned,
    F: FnMut(Next) -> Fut,
    Fut: Future<Output = Result<RawResponse, Error>>,
{
    let offset = match plan.style {
        Style::Offset { start, .. } => start,
        _ => 0,
    };
    let page = match plan.style {
        Style::Page { start, .. } => start,
        _ => 0,
    };
    let state = Walk {
        plan,
        fetch,
        next: Some(Next::First),
        items: Vec::new().into_iter(),
        sent: BTreeSet::new(),
        offset,
        page,
        longest: 0,
        fetched: 0,
        failure: None,
    };
    Box::pin(futures::stream::unfold(state, |mut walk| async move {
        let item = walk.next_item().await?;
        Some((item, walk))
    }))
}

/// The state of a walk.
struct Walk<T, F> {
    plan: Plan,
    fetch: F,
    /// The page to fetch once `items` runs out; `None` when done.
    next: Option<Next>,
    /// What is left of the current page.
    items: std::vec::IntoIter<T>,
    /// Every cursor, id or URL the server has named, to catch a repeat.
    sent: BTreeSet<String>,
    /// Items seen so far, plus the first page's offset.
    offset: u64,
    /// The number of the page fetched last (or first).
    page: u64,
    /// The most items a page has held, the page size when the caller set none.
    longest: u64,
    /// Pages fetched so far.
    fetched: u64,
    /// Why the walk stops after the current page's items, if it stops early.
    failure: Option<Error>,
}

impl<T, F, Fut> Walk<T, F>
where
    T: DeserializeOwned,
    F: FnMut(Next) -> Fut,
    Fut: Future<Output = Result<RawResponse, Error>>,
{
    /// The next item, the error that ends the walk, or `None` at the end.
    async fn next_item(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            // Nothing is fetched again unless this page names another one.
            let Some(next) = self.next.take() else {
                return self.failure.take().map(Err);
            };
            if self.fetched >= MAX_PAGES {
                return Some(Err(Error::Pagination(format!(
                    "gave up after {MAX_PAGES} pages without reaching the end"
                ))));
            }
            self.fetched += 1;
            match self.page(next).await {
                Ok(items) => self.items = items.into_iter(),
                Err(err) => return Some(Err(err)),
            }
        }
    }

    /// Fetches a page: its items, with `self.next` set if another follows.
    async fn page(&mut self, next: Next) -> Result<Vec<T>, Error> {
        let response = (self.fetch)(next).await?;
        let decode_error = |source| Error::Decode {
            status: response.status,
            request_id: response.request_id.clone(),
            body_snippet: error::body_snippet(&response.body),
            source,
        };
        let body: Value = serde_json::from_slice(&response.body).map_err(decode_error)?;
        let list = member(&body, self.plan.items).unwrap_or(&Value::Null);
        let items: Vec<T> = match list {
            Value::Null => Vec::new(),
            list => Vec::<T>::deserialize(list).map_err(decode_error)?,
        };
        let len = items.len() as u64;
        let next = match self.plan.style {
            Style::Cursor { field } => match member(&body, field) {
                Some(Value::String(token)) if !token.is_empty() => Some(Next::Token(token.clone())),
                _ => None,
            },
            Style::AfterId { has_more, id } => {
                let more = member(&body, has_more) == Some(&Value::Bool(true));
                let last = list.as_array().and_then(|l| l.last());
                match last.and_then(|item| item.get(id)) {
                    Some(Value::String(last)) if more => Some(Next::Token(last.clone())),
                    _ => None,
                }
            }
            Style::Link => next_link(&response).map(Next::Url),
            Style::Offset { limit, total, .. } => {
                self.offset = self.offset.saturating_add(len);
                let total = total.and_then(|t| member(&body, t)).and_then(Value::as_u64);
                let more = len > 0
                    && limit.is_none_or(|limit| len >= limit)
                    && total.is_none_or(|total| self.offset < total);
                more.then_some(Next::Offset(self.offset))
            }
            Style::Page {
                first,
                size,
                total_pages,
                total,
                ..
            } => {
                self.longest = self.longest.max(len);
                let count = |path: Option<&[&str]>| path.and_then(|p| member(&body, p)?.as_u64());
                // Pages up to this one, counted from the API's first.
                let pages = self.page.saturating_sub(first).saturating_add(1);
                let items = pages.saturating_mul(size.unwrap_or(self.longest));
                let more = len > 0
                    && size.is_none_or(|size| len >= size)
                    && count(total_pages).is_none_or(|total| pages < total)
                    && count(total).is_none_or(|total| items < total);
                self.page = self.page.saturating_add(1);
                more.then_some(Next::Page(self.page))
            }
        };
        // A page whose next one repeats an earlier one still yields its
        // items; the walk then ends with the error.
        match next.map(|next| self.unseen(next)).transpose() {
            Ok(next) => self.next = next,
            Err(err) => self.failure = Some(err),
        }
        Ok(items)
    }

    /// `next`, unless the server named its cursor, id or URL before: a server
    /// that repeats itself would be walked forever.
    fn unseen(&mut self, next: Next) -> Result<Next, Error> {
        let (name, what) = match &next {
            Next::Token(token) => (token.clone(), "cursor"),
            Next::Url(url) => (url.to_string(), "next-page URL"),
            Next::First | Next::Offset(_) | Next::Page(_) => return Ok(next),
        };
        if !self.sent.insert(name.clone()) {
            return Err(Error::Pagination(format!(
                "the server sent the {what} `{name}` a second time"
            )));
        }
        Ok(next)
    }
}

/// The member at `path` inside `value`.
fn member<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, name| v.get(name))
}

/// The `rel="next"` target of the response's `Link` headers, resolved
/// against the URL the response came from.
fn next_link(response: &RawResponse) -> Option<Url> {
    response
        .headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            links(value).into_iter().find(|(_, rels)| {
                rels.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
            })
        })
        .and_then(|(target, _)| response.url.join(&target).ok())
}

/// The links of an RFC 8288 `Link` header value: (target, `rel`).
fn links(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let target = rest[open + 1..open + close].trim().to_owned();
        rest = &rest[open + close + 1..];
        // The parameters run to the next link, a `,` outside quotes.
        let mut rel = String::new();
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        for param in rest[..end].split(';') {
            if let Some((name, value)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("rel") {
                    rel = value.trim().trim_matches('"').to_owned();
                }
            }
        }
        out.push((target, rel));
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_are_split_into_targets_and_rels() {
        let value = r#"<https://x.test/a?page=2&q=a,b>; rel="next", <https://x.test/a?page=9>; rel="last first"; title="a, b""#;
        assert_eq!(
            links(value),
            [
                (
                    "https://x.test/a?page=2&q=a,b".to_owned(),
                    "next".to_owned()
                ),
                (
                    "https://x.test/a?page=9".to_owned(),
                    "last first".to_owned()
                ),
            ]
        );
        assert_eq!(
            links("<x>; rel=next"),
            [("x".to_owned(), "next".to_owned())]
        );
        assert!(links("garbage").is_empty());
        assert!(links("<unclosed; rel=next").is_empty());
    }

    #[test]
    fn only_urls_under_the_base_url_are_followed() {
        let url = |s: &str| Url::parse(s).expect("a URL");
        let base = "https://api.test/v1";
        assert_eq!(
            path_under(base, &url("https://api.test/v1/items?after=3")),
            Some("/items".to_owned())
        );
        assert_eq!(
            path_under(base, &url("https://api.test/v1")),
            Some(String::new())
        );
        assert_eq!(path_under(base, &url("https://api.test/v10/items")), None);
        assert_eq!(path_under(base, &url("https://api.test/v2/items")), None);
        assert_eq!(path_under(base, &url("http://api.test/v1/items")), None);
        assert_eq!(path_under(base, &url("https://evil.test/v1/items")), None);
        assert_eq!(
            path_under(base, &url("https://api.test:444/v1/items")),
            None
        );
    }

    #[test]
    fn members_are_found_by_path() {
        let body = serde_json::json!({"next_page": {"offset": "abc"}, "data": []});
        assert_eq!(
            member(&body, &["next_page", "offset"]),
            Some(&Value::from("abc"))
        );
        assert_eq!(member(&body, &[]), Some(&body));
        assert_eq!(member(&body, &["next_page", "missing"]), None);
    }
}

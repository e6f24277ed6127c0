//! Paginated lists.
//!
// @if envelope
//! A list operation returns one [`Page`] at a time; its `list_all`
//! counterpart walks every page and yields the items as a
//! [`Stream`]. The stream stops after the last page and
//! refuses to loop forever on a misbehaving server.
// @else
//! A list operation whose response names its next page has an `_all`
//! counterpart that walks every page and yields the items as a
//! `Stream`. The stream stops after the last page and refuses to loop
//! forever on a misbehaving server.
// @end

// @if envelope
use std::future::Future;

use futures::Stream;
use serde::Serialize;

use crate::envelope::Envelope;
use crate::error::Error;
use crate::spec::ApiResultInfo;
// @end
// @if paging
mod plain;

#[allow(unused_imports)] // which parts a crate uses depends on the API
pub(crate) use plain::{fetch, number_param, walk, Next, Plan, Style};
// @end

/// The most pages a single walk will fetch before giving up with
// @if envelope
/// [`Error::Pagination`].
// @else
/// [`Error::Pagination`](crate::error::Error::Pagination).
// @end
pub const MAX_PAGES: u64 = 10_000;
// @if envelope

/// Read access to the paging fields of a list response's `result_info`.
///
/// Every method returns `None` when the server left the field out (or sent
/// a negative number).
pub trait PageInfo {
    /// The number of this page, starting at 1.
    fn page(&self) -> Option<u64>;
    /// The page size that was asked for (or applied by the server).
    fn per_page(&self) -> Option<u64>;
    /// How many pages there are in total.
    fn total_pages(&self) -> Option<u64>;
    /// How many items there are in total, across all pages.
    fn total_count(&self) -> Option<u64>;
    /// How many items this page holds.
    fn count(&self) -> Option<u64>;
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The paging information the server sent, if any.
    pub result_info: Option<ApiResultInfo>,
}

impl<T> Page<T> {
    /// Unwraps a list response. A `null` or missing `result` is an empty
    /// page; `success: false` is an [`Error::Api`].
    #[allow(dead_code)] // used by the generated list operations, if the API has any
    pub(crate) fn from_envelope(envelope: Envelope<Vec<T>>) -> Result<Self, Error> {
        let result_info = envelope.result_info.clone();
        let items = envelope.into_optional_result()?.unwrap_or_default();
        Ok(Page { items, result_info })
    }

    /// Whether another page follows this one (see [`Page::next_page`]).
    pub fn has_next_page(&self) -> bool {
        self.next_page().is_some()
    }

    /// The number of the page after this one, if there is one.
    ///
    /// The end is found from `total_pages` if the server sent it, else from
    /// `total_count`, else from a page shorter than `per_page`; an empty page
    /// is always the last. Without a page number in `result_info` there is
    /// no next page.
    pub fn next_page(&self) -> Option<u64> {
        let info = self.result_info.as_ref()?;
        let page = info.page()?;
        let len = self.items.len() as u64;
        // Items on this page and the ones before it, assuming full pages.
        let page_size = info.per_page().unwrap_or(len);
        let seen = page
            .saturating_sub(1)
            .saturating_mul(page_size)
            .saturating_add(len);
        more_pages(Some(info), page, len, seen).then(|| page.saturating_add(1))
    }
}

/// Whether a page (`page`, holding `len` items, after which `seen` items
/// have been seen in total) is followed by another one.
fn more_pages(info: Option<&ApiResultInfo>, page: u64, len: u64, seen: u64) -> bool {
    if len == 0 {
        return false;
    }
    // No paging information at all: the list came whole.
    let Some(info) = info else { return false };
    if let Some(total_pages) = info.total_pages() {
        return page < total_pages;
    }
    if let Some(total_count) = info.total_count() {
        return seen < total_count;
    }
    if let Some(per_page) = info.per_page() {
        return len >= per_page;
    }
    // The server numbers pages but gives no end: walk until an empty page
    // (or a repeated one, or `MAX_PAGES`).
    info.page().is_some()
}

/// Walks a paginated list from `first_page`, yielding every item of every
/// page in order. `fetch(n)` must request page `n`.
///
/// The stream ends after the last page (see [`Page::next_page`]; the item
/// count is tracked across pages) or after the first error. It never loops
/// forever: if the server answers the request for page `n` with another page
/// number, or with exactly the items of the previous page, or if more than
/// [`MAX_PAGES`] pages are fetched, it yields an [`Error::Pagination`] and
/// stops.
///
/// Pages are compared by their JSON serialization (hence `T: Serialize`,
/// which every model implements), so items need not be `PartialEq` or
/// `Clone`.
///
/// The stream is `Unpin` (and `Send` when `fetch` and its future are), so
/// `StreamExt::next` can be called on it directly.
#[allow(dead_code)] // used by the generated list operations, if the API has any
pub(crate) fn paginate<T, F, Fut>(first_page: u64, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    T: Serialize,
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = Walk {
        fetch,
        next_page: Some(first_page),
        items: Vec::new().into_iter(),
        previous: None,
        seen: 0,
        fetched: 0,
    };
    Box::pin(futures::stream::unfold(state, |mut walk| async move {
        let item = walk.next_item().await?;
        Some((item, walk))
    }))
}

/// The state of a walk through a paginated list.
struct Walk<T, F> {
    fetch: F,
    /// The page to fetch once `items` runs out; `None` when done.
    next_page: Option<u64>,
    /// What is left of the current page.
    items: std::vec::IntoIter<T>,
    /// The JSON of the previous non-empty page, to detect a repeat.
    previous: Option<Vec<u8>>,
    /// Items received so far.
    seen: u64,
    /// Pages fetched so far.
    fetched: u64,
}

impl<T, F, Fut> Walk<T, F>
where
    T: Serialize,
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    /// The next item, the error that ends the walk, or `None` at the end.
    async fn next_item(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            // Whatever happens below, nothing is fetched again unless this
            // page says another one follows.
            let page_no = self.next_page.take()?;
            if self.fetched >= MAX_PAGES {
                return Some(Err(Error::Pagination(format!(
                    "gave up after {MAX_PAGES} pages without reaching the end"
                ))));
            }
            self.fetched += 1;
            let page = match (self.fetch)(page_no).await {
                Ok(page) => page,
                Err(err) => return Some(Err(err)),
            };
            let info = page.result_info.as_ref();
            if let Some(answered) = info.and_then(PageInfo::page) {
                if answered != page_no {
                    return Some(Err(Error::Pagination(format!(
                        "asked for page {page_no}, the server answered with page {answered}"
                    ))));
                }
            }
            let len = page.items.len() as u64;
            if len > 0 {
                // A serialization failure only disables the repeat check.
                let current = serde_json::to_vec(&page.items).ok();
                if current.is_some() && current == self.previous {
                    return Some(Err(Error::Pagination(format!(
                        "page {page_no} repeats the items of the page before it"
                    ))));
                }
                self.previous = current;
            }
            self.seen = self.seen.saturating_add(len);
            if more_pages(info, page_no, len, self.seen) {
                self.next_page = page_no.checked_add(1);
            }
            self.items = page.items.into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use serde_json::json;

    use super::*;

    fn info(json: serde_json::Value) -> Option<ApiResultInfo> {
        Some(serde_json::from_value(json).expect("valid result_info"))
    }

    fn page(items: std::ops::Range<u64>, result_info: Option<ApiResultInfo>) -> Page<u64> {
        Page {
            items: items.collect(),
            result_info,
        }
    }

    /// Drains a stream whose futures never wait (the fakes below).
    fn drain<S: Stream>(stream: S) -> Vec<S::Item> {
        let mut stream = pin!(stream);
        let mut cx = Context::from_waker(Waker::noop());
        let mut out = Vec::new();
        loop {
            match stream.as_mut().poll_next(&mut cx) {
                Poll::Ready(Some(item)) => out.push(item),
                Poll::Ready(None) => return out,
                Poll::Pending => panic!("the fake fetch never waits"),
            }
        }
    }

    #[test]
    fn next_page_follows_total_pages_then_total_count_then_page_size() {
        let p = page(
            0..2,
            info(json!({"page": 1, "per_page": 2, "total_pages": 2})),
        );
        assert_eq!(p.next_page(), Some(2));
        let p = page(
            0..2,
            info(json!({"page": 2, "per_page": 2, "total_pages": 2})),
        );
        assert_eq!(p.next_page(), None);
        let p = page(
            0..2,
            info(json!({"page": 2, "per_page": 2, "total_count": 5})),
        );
        assert_eq!(p.next_page(), Some(3));
        let p = page(
            0..2,
            info(json!({"page": 2, "per_page": 2, "total_count": 4})),
        );
        assert!(!p.has_next_page());
        let p = page(0..2, info(json!({"page": 1, "per_page": 2})));
        assert_eq!(p.next_page(), Some(2));
        let p = page(0..1, info(json!({"page": 1, "per_page": 2})));
        assert_eq!(p.next_page(), None);
        let p = page(0..0, info(json!({"page": 1, "total_pages": 9})));
        assert_eq!(p.next_page(), None, "an empty page is the last");
        assert_eq!(page(0..2, None).next_page(), None);
    }

    #[test]
    fn a_walk_without_an_end_stops_at_the_page_cap() {
        let items = drain(paginate(1, |n| async move {
            Ok(page(n * 10..n * 10 + 2, info(json!({ "page": n }))))
        }));
        assert_eq!(items.len() as u64, MAX_PAGES * 2 + 1);
        assert!(matches!(items.last(), Some(Err(Error::Pagination(_)))));
    }

    #[test]
    fn a_walk_starts_where_asked_and_stops_after_an_error() {
        let mut asked = Vec::new();
        let items = drain(paginate(3, |n| {
            asked.push(n);
            async move {
                if n == 3 {
                    Ok(page(0..2, info(json!({ "page": 3, "per_page": 2 }))))
                } else {
                    Err(Error::Pagination("boom".into()))
                }
            }
        }));
        assert_eq!(asked, [3, 4]);
        assert_eq!(items.len(), 3);
        assert!(items[2].is_err());
    }
}
// @end

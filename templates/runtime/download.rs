//! Downloads: a binary response body handed out chunk by chunk as it
//! arrives, for bodies too large to hold whole. What every operation's
//! `…_stream` method returns, inside a [`Response`].

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::Stream;

use crate::error::{self, Error};
use crate::response::Response;

/// A response body as a [`Stream`] of chunks, in the order they arrive.
///
/// A failure while reading (the connection cut, no chunk within the
/// timeout) is the last item: the stream never ends early without an
/// error, and never retries, so no byte is ever handed out twice.
///
/// A named type rather than an `impl Stream`, so that it can be kept in a
/// struct field or passed to a function; [`Response<ByteStream>`] is a
/// stream too, so the status and headers of a download stay at hand while
/// its body is read.
pub struct ByteStream {
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// Where a [`ByteStream`] is: a chunk read but not yet handed out, the
/// response to read more from.
struct Reading {
    first: Option<Bytes>,
    response: Option<reqwest::Response>,
    timeout: Duration,
}

impl ByteStream {
    /// Reads the first chunk of `response` (waiting at most `timeout`), then
    /// hands it and the rest out, waiting at most `timeout` for each chunk.
    pub(crate) async fn start(
        mut response: reqwest::Response,
        timeout: Duration,
    ) -> Result<ByteStream, Error> {
        let first = next_chunk(&mut response, timeout).await?;
        let state = Reading {
            response: first.is_some().then_some(response),
            first,
            timeout,
        };
        let chunks = futures::stream::unfold(state, |mut state| async move {
            if let Some(chunk) = state.first.take() {
                return Some((Ok(chunk), state));
            }
            let response = state.response.as_mut()?;
            match next_chunk(response, state.timeout).await {
                Ok(Some(chunk)) => Some((Ok(chunk), state)),
                Ok(None) => None,
                Err(err) => {
                    // Nothing is read after a failure.
                    state.response = None;
                    Some((Err(err), state))
                }
            }
        });
        Ok(ByteStream {
            chunks: Box::pin(chunks),
        })
    }
}

/// The next chunk of `response`'s body, `None` at its end.
async fn next_chunk(
    response: &mut reqwest::Response,
    timeout: Duration,
) -> Result<Option<Bytes>, Error> {
    match tokio::time::timeout(timeout, response.chunk()).await {
        Ok(chunk) => chunk.map_err(error::from_reqwest),
        Err(_) => Err(Error::Timeout),
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

/// A download is read like its body: `while let Some(chunk) =
/// response.try_next().await? { … }`, with `status()` and `headers()` at
/// hand.
impl Stream for Response<ByteStream> {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(self.get_mut().data_mut()).poll_next(cx)
    }
}

//! The API's response envelope.
//!
//! Every answer of the API wraps its payload the same way, for example:
//!
//! ```json
//! { "success": true, "errors": [], "messages": [], "result": { ... },
//!   "result_info": { "page": 1, "per_page": 20, "count": 1, "total_count": 1 } }
//! ```
//!
//! The client decodes that wrapper into an [`Envelope`] and turns failures
//! into [`Error`]s, so operations return just the `result`.

use serde::Deserialize;

use crate::error::Error;
use crate::spec::{ApiMessage, ApiResultInfo};

/// A decoded response envelope.
///
/// Missing `errors` and `messages` read as empty lists, a missing or `null`
/// `result` or `result_info` reads as `None`, and unknown fields are ignored.
/// `success` is required: a body without it is not an envelope.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope<T> {
    /// Whether the request succeeded.
    pub success: bool,
    /// Errors reported by the API (codes and messages).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub errors: Vec<ApiMessage>,
    /// Informational messages reported by the API.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub messages: Vec<ApiMessage>,
    /// The payload.
    pub result: Option<T>,
    /// Paging information, on lists.
    pub result_info: Option<ApiResultInfo>,
    /// Facts about the HTTP response this envelope came in, for errors.
    #[serde(skip)]
    pub(crate) meta: ResponseMeta,
}

/// What an envelope remembers of its HTTP response, to build errors later.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResponseMeta {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body_snippet: String,
}

fn null_as_empty<'de, D>(deserializer: D) -> Result<Vec<ApiMessage>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Ok(Option::<Vec<ApiMessage>>::deserialize(deserializer)?.unwrap_or_default())
}

impl<T> Envelope<T> {
    /// An envelope for a successful response with an empty body (such as
    /// `204 No Content`).
    #[allow(dead_code)] // used only when the API has enveloped operations
    pub(crate) fn empty_success(meta: ResponseMeta) -> Self {
        Envelope {
            success: true,
            errors: Vec::new(),
            messages: Vec::new(),
            result: None,
            result_info: None,
            meta,
        }
    }

    /// Fails with [`Error::Api`] unless the envelope reports success.
    fn check(self) -> Result<Self, Error> {
        if self.success {
            Ok(self)
        } else {
            Err(Error::Api {
                status: self.meta.status,
                errors: self.errors,
                messages: self.messages,
                request_id: self.meta.request_id,
            })
        }
    }

    /// The `result`, which must be present.
    ///
    /// A successful envelope without a `result` (or with `result: null`)
    /// is an [`Error::Decode`]; `success: false` is an [`Error::Api`].
    pub fn into_result(self) -> Result<T, Error> {
        let envelope = self.check()?;
        match envelope.result {
            Some(result) => Ok(result),
            None => Err(Error::Decode {
                status: envelope.meta.status,
                request_id: envelope.meta.request_id,
                body_snippet: envelope.meta.body_snippet,
                source: serde::de::Error::custom("the response has no `result`"),
            }),
        }
    }

    /// The `result`, for operations whose result may be `null`.
    ///
    /// `success: false` is an [`Error::Api`].
    pub fn into_optional_result(self) -> Result<Option<T>, Error> {
        Ok(self.check()?.result)
    }

    /// Nothing, for operations whose result is of no interest. Whatever
    /// `result` the server sent is discarded.
    ///
    /// `success: false` is an [`Error::Api`]. Decode such responses with
    /// `T` = [`serde::de::IgnoredAny`], so that any `result` is accepted.
    pub fn into_unit(self) -> Result<(), Error> {
        self.check().map(|_| ())
    }
}

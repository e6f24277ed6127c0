//! Request bodies that are not JSON: `multipart/form-data` (with files) and
//! `application/x-www-form-urlencoded`, encoded from the operations' typed
//! body structs.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::params::{self, Style};

/// A file sent as one part of a `multipart/form-data` body: its bytes, and
/// optionally the file name and the media type the part declares.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, with no name (its part is sent as
    /// `application/octet-stream` unless the API says otherwise).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name the part carries (`filename=` of its
    /// `Content-Disposition`).
    #[must_use]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`, overriding the API description's.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name, if one was set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the name, media type and size, not the bytes.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

/// A `multipart/form-data` body being built, one part at a time.
#[allow(dead_code)] // used only when the API has multipart operations
pub(crate) struct Multipart {
    boundary: String,
    parts: Vec<Part>,
}

/// One part: its headers' values and its content.
struct Part {
    name: &'static str,
    file_name: Option<String>,
    content_type: Option<String>,
    content: Vec<u8>,
}

#[allow(dead_code)] // used only when the API has multipart operations
impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: String::new(),
            parts: Vec::new(),
        }
    }

    /// Adds a field: a string, number or boolean as its text, an object as
    /// JSON (`application/json`), an array as one part per item; `null`
    /// adds nothing. `content_type` is the API description's `encoding`.
    pub(crate) fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|e| Error::InvalidArgument {
            name,
            reason: format!("cannot be encoded: {e}"),
        })?;
        match value {
            Value::Array(items) => {
                for item in &items {
                    self.value(name, item, content_type);
                }
            }
            value => self.value(name, &value, content_type),
        }
        Ok(())
    }

    fn value(&mut self, name: &'static str, value: &Value, content_type: Option<&'static str>) {
        let (content, default_type) = match value {
            Value::Null => return,
            Value::String(s) => (s.clone().into_bytes(), None),
            Value::Bool(_) | Value::Number(_) => (value.to_string().into_bytes(), None),
            Value::Array(_) | Value::Object(_) => {
                (value.to_string().into_bytes(), Some("application/json"))
            }
        };
        self.parts.push(Part {
            name,
            file_name: None,
            content_type: content_type.or(default_type).map(str::to_owned),
            content,
        });
    }

    /// Adds a file. Its own media type wins over `content_type` (the API
    /// description's), which wins over `application/octet-stream`.
    pub(crate) fn file(
        &mut self,
        name: &'static str,
        file: &FilePart,
        content_type: Option<&'static str>,
    ) {
        let content_type = file
            .content_type
            .clone()
            .or(content_type.map(str::to_owned))
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        self.parts.push(Part {
            name,
            file_name: file.file_name.clone(),
            content_type: Some(content_type),
            content: file.bytes.clone(),
        });
    }

    /// The `Content-Type` header (with its boundary) and the encoded body.
    pub(crate) fn finish(mut self) -> (String, Vec<u8>) {
        self.boundary = self.unused_boundary();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                let content_type = content_type.replace(['\r', '\n'], "");
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            body,
        )
    }

    /// A random boundary that no part's content contains.
    fn unused_boundary(&self) -> String {
        loop {
            let random: String = (0..24).map(|_| fastrand::alphanumeric()).collect();
            let boundary = format!("----boundary{random}");
            let needle = boundary.as_bytes();
            let clashes = self
                .parts
                .iter()
                .any(|p| p.content.windows(needle.len()).any(|w| w == needle));
            if !clashes {
                return boundary;
            }
        }
    }
}

/// A name or file name inside a quoted `Content-Disposition` parameter,
/// escaped as browsers do: `"` as `%22`, line breaks as `%0D`/`%0A`.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// An `application/x-www-form-urlencoded` body being built.
#[allow(dead_code)] // used only when the API has form operations
#[derive(Default)]
pub(crate) struct Form {
    pairs: Vec<String>,
}

#[allow(dead_code)] // used only when the API has form operations
impl Form {
    pub(crate) fn new() -> Self {
        Form::default()
    }

    /// Adds a field laid out as OpenAPI's default for forms (`form`,
    /// exploded): an array as the key repeated, an object as its members.
    pub(crate) fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.pairs.extend(params::query_pairs(
            name,
            value,
            Style::Form { explode: true },
            false,
        )?);
        Ok(())
    }

    /// The encoded body.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.pairs.join("&").into_bytes()
    }
}

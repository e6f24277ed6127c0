//! Decoding and `Debug` support shared by the generated models: secrets shown redacted, the
//! strings enums and keys are read as, and the fields of the models that read their members
//! one by one. Each part is emitted only for the crates whose models use it.

use std::fmt;
// @if strings
use std::borrow::Cow;

use serde::de::{self, Visitor};
// @end
// @if members
use serde_json::Value;
// @end
// @if extra
use serde::de::MapAccess;
// @end

// @if redacts
/// Shown by `Debug` in place of a secret.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}
// @end

// @if members
/// `Debug` for raw JSON that a union keeps for a kind it does not know: like
/// `Value`'s own, but the value of every member whose name looks secret
/// (`client_secret`, `secret`, `api_token`, ...; see
/// `crate::error::is_secret_field`), at any depth, is shown as `[redacted]`.
/// The crate cannot tell which fields of an unknown kind are secrets, so it
/// hides those that look like one.
pub(crate) struct RedactedJson<'a>(pub(crate) &'a Value);

impl fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(members) => {
                f.write_str("Object ")?;
                let mut map = f.debug_map();
                for (name, value) in members {
                    if !value.is_null() && crate::error::is_secret_field(name) {
                        map.entry(name, &Redacted);
                    } else {
                        map.entry(name, &RedactedJson(value));
                    }
                }
                map.finish()
            }
            Value::Array(items) => {
                f.write_str("Array ")?;
                f.debug_list()
                    .entries(items.iter().map(RedactedJson))
                    .finish()
            }
            other => fmt::Debug::fmt(other, f),
        }
    }
}
// @end

// @if strings
/// A string that borrows from the input when it can.
pub(crate) struct Str<'de>(pub(crate) Cow<'de, str>);

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}
// @end

// @if extra
impl Str<'_> {
    /// The string, owned (copied only if it was borrowed).
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

/// Reads the value of a model's field into its slot; a second value for the same field is an
/// error, as with serde's derived impls.
pub(crate) fn field<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}
// @end

//! Decoding support shared by the generated models.
//!
//! Discriminated unions find their tag, then decode the chosen variant straight from the input:
//! no intermediate tree when the tag comes first, and only the keys before the tag (as JSON
//! values) when it does not. serde's own `#[serde(tag)]` buffers every item whole.

// Which helpers a crate uses depends on its spec (no unions, no secrets, ...).
#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde_json::Value;

/// Shown by `Debug` in place of a secret.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

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
                f.debug_list().entries(items.iter().map(RedactedJson)).finish()
            }
            other => fmt::Debug::fmt(other, f),
        }
    }
}

/// A string that borrows from the input when it can.
pub(crate) struct Str<'de>(Cow<'de, str>);

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

/// The value found under a union's tag key.
pub(crate) enum Tag<'de> {
    /// A string, as the spec expects.
    Str(Cow<'de, str>),
    /// Anything else (kept so the fallback variant can hold it).
    Other(Value),
}

impl Tag<'_> {
    /// The tag as a string, if it is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Tag::Str(s) => Some(s),
            Tag::Other(_) => None,
        }
    }

    fn into_value(self) -> Value {
        match self {
            Tag::Str(s) => Value::String(s.into_owned()),
            Tag::Other(v) => v,
        }
    }
}

impl<'de> de::Deserialize<'de> for Tag<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tag<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a tag value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Tag::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Tag::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Tag::Str(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::from(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Tag::Other(Value::Null))
            }
            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Tag::Other(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Tag::Other(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

use serde::Deserialize as _;

/// A map key: the tag key, or another key kept for later.
enum Key {
    Tag,
    Other(String),
}

struct KeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(if v == self.0 { Key::Tag } else { Key::Other(v.to_owned()) })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(if v == self.0 { Key::Tag } else { Key::Other(v) })
    }
}

/// Reads keys until `tag_key`; returns its value and a map of everything else.
pub(crate) fn find_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_key: &'static str,
) -> Result<(Option<Tag<'de>>, Buffered<'de, A>), A::Error> {
    let mut before = Vec::new();
    while let Some(key) = map.next_key_seed(KeySeed(tag_key))? {
        match key {
            Key::Tag => {
                let tag: Tag<'de> = map.next_value()?;
                return Ok((Some(tag), Buffered::new(before, map)));
            }
            Key::Other(k) => {
                let v: Value = map.next_value()?;
                before.push((k, v));
            }
        }
    }
    Ok((None, Buffered::new(before, map)))
}

/// Decodes an unknown kind as raw JSON, putting the tag back.
pub(crate) fn unknown<'de, A: MapAccess<'de>>(
    tag: Option<Tag<'de>>,
    tag_key: &'static str,
    rest: Buffered<'de, A>,
) -> Result<Value, A::Error> {
    let mut object = serde_json::Map::deserialize(rest)?;
    if let Some(tag) = tag {
        object.insert(tag_key.to_owned(), tag.into_value());
    }
    Ok(Value::Object(object))
}

/// The keys read before the tag, then the rest of the input map, as one map.
pub(crate) struct Buffered<'de, A> {
    before: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    rest: A,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Buffered<'de, A> {
    fn new(before: Vec<(String, Value)>, rest: A) -> Self {
        Self {
            before: before.into_iter(),
            pending: None,
            rest,
            marker: PhantomData,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Buffered<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            let key: de::value::StringDeserializer<A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}

impl<'de, A: MapAccess<'de>> de::Deserializer<'de> for Buffered<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

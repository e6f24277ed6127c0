//! How a discriminated union finds its tag, then decodes the chosen variant, reading each member
//! once. Unions whose kinds are all structs read the members before the tag into typed slots
//! (see `read_to_tag`); the others keep those members as their JSON text (or, from other
//! inputs, as `Content`: strings borrowed from the input, no maps built) and replay them to the
//! kind. serde's own `#[serde(tag)]` buffers every item whole.

use std::borrow::Cow;
use std::fmt;
// @if held
use std::marker::PhantomData;
// @end

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::Value;

use crate::de::Str;
// @if held
use serde::de::{Deserializer as _, IntoDeserializer};
// @end
use serde::Deserialize as _;

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

/// A map key kept for later: borrowed from the input when it can be.
struct KeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

/// `None` for the tag key, the key otherwise.
impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok((v != self.0).then_some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((v != self.0).then(|| Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok((v != self.0).then_some(Cow::Owned(v)))
    }
}

/// An unknown kind's members as JSON, with its tag put back.
pub(crate) fn with_tag(tag: Option<Tag<'_>>, tag_key: &'static str, mut value: Value) -> Value {
    if let (Some(tag), Value::Object(object)) = (tag, &mut value) {
        object.insert(tag_key.to_owned(), tag.into_value());
    }
    value
}

// @if held
/// Reads keys until `tag_key`; returns its value and a map of everything else.
///
/// The values before the tag are kept as [`Held`]. Those of `scalars` (members every variant
/// has as a string, number or bool) are read as they are, a [`Content`] of one value. The
/// others, from JSON text, as the text itself, only skimmed (no tree, no strings copied), read
/// again into the variant once it is known; from any other input, as a [`Content`] tree.
/// Either way the variant reads them as it would have read the input.
pub(crate) fn find_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_key: &'static str,
    scalars: &[&str],
) -> Result<(Option<Tag<'de>>, Buffered<'de, A>), A::Error> {
    let mut before = Vec::new();
    while let Some(key) = map.next_key_seed(KeySeed(tag_key))? {
        match key {
            None => {
                let tag: Tag<'de> = map.next_value()?;
                return Ok((Some(tag), Buffered::new(before, map)));
            }
            Some(k) => {
                if before.is_empty() {
                    before.reserve(8);
                }
                let v = if scalars.contains(&k.as_ref()) {
                    Held::Content(map.next_value()?)
                } else {
                    map.next_value_seed(HeldSeed)?
                };
                before.push((k, v));
            }
        }
    }
    Ok((None, Buffered::new(before, map)))
}

/// The name under which serde_json hands out a value's raw text (its `RawValue`, with the
/// `raw_value` feature) instead of decoding it. Any other input, or a serde_json that stopped
/// recognising it, takes it for a plain newtype struct and gets a [`Content`] tree instead.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A value read before the tag.
pub(crate) enum Held<'de> {
    /// The JSON text of the value, as serde_json found it.
    Raw(Cow<'de, str>),
    /// The value itself, from an input that cannot give its text.
    Content(Content<'de>),
}

impl<'de> Held<'de> {
    /// Hands the value to `seed` as the original input would have.
    fn replay<S: DeserializeSeed<'de>, E: de::Error>(self, seed: S) -> Result<S::Value, E> {
        match self {
            Held::Raw(Cow::Borrowed(text)) => {
                let mut json = serde_json::Deserializer::from_str(text);
                let value = seed.deserialize(&mut json).map_err(relocate::<E>)?;
                json.end().map_err(relocate::<E>)?;
                Ok(value)
            }
            Held::Raw(Cow::Owned(text)) => {
                // Text that does not outlive this call (a reader's buffer): through a tree.
                let value: Value = serde_json::from_str(&text).map_err(relocate::<E>)?;
                seed.deserialize(value).map_err(relocate::<E>)
            }
            Held::Content(content) => seed.deserialize(ContentDeserializer::new(content)),
        }
    }
}

/// An error from re-reading a value's text, without the position in that text: the input's
/// own error reporting adds the position in the input.
fn relocate<E: de::Error>(error: serde_json::Error) -> E {
    let message = error.to_string();
    let message = match (error.line(), message.rfind(" at line ")) {
        (1.., Some(i)) => &message[..i],
        _ => &message[..],
    };
    E::custom(message)
}

struct HeldSeed;

impl<'de> DeserializeSeed<'de> for HeldSeed {
    type Value = Held<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Held<'de>, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, HeldVisitor)
    }
}

struct HeldVisitor;

impl<'de> Visitor<'de> for HeldVisitor {
    type Value = Held<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Held<'de>, E> {
        ContentVisitor.visit_bool(v).map(Held::Content)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Held<'de>, E> {
        ContentVisitor.visit_i64(v).map(Held::Content)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Held<'de>, E> {
        ContentVisitor.visit_u64(v).map(Held::Content)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Held<'de>, E> {
        ContentVisitor.visit_f64(v).map(Held::Content)
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Held<'de>, E> {
        ContentVisitor.visit_char(v).map(Held::Content)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Held<'de>, E> {
        ContentVisitor.visit_borrowed_str(v).map(Held::Content)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Held<'de>, E> {
        ContentVisitor.visit_str(v).map(Held::Content)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Held<'de>, E> {
        ContentVisitor.visit_string(v).map(Held::Content)
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Held<'de>, E> {
        ContentVisitor.visit_borrowed_bytes(v).map(Held::Content)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Held<'de>, E> {
        ContentVisitor.visit_bytes(v).map(Held::Content)
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Held<'de>, E> {
        ContentVisitor.visit_byte_buf(v).map(Held::Content)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Held<'de>, E> {
        Ok(Held::Content(Content::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Held<'de>, E> {
        Ok(Held::Content(Content::Null))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Held<'de>, D::Error> {
        Content::deserialize(d).map(Held::Content)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Held<'de>, D::Error> {
        Content::deserialize(d).map(Held::Content)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Held<'de>, A::Error> {
        ContentVisitor.visit_seq(seq).map(Held::Content)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Held<'de>, A::Error> {
        // serde_json's raw text comes as a map of one entry under the token.
        let first = match map.next_key_seed(FirstKeySeed)? {
            None => return Ok(Held::Content(Content::Map(Vec::new()))),
            Some(FirstKey::Other(key)) => key,
            Some(FirstKey::RawValueToken) => {
                let Str(text) = map.next_value()?;
                return Ok(match text {
                    // A plain string (no escapes) is itself: nothing to read again.
                    Cow::Borrowed(t) if t.len() >= 2 && t.starts_with('"') && !t.contains('\\') => {
                        Held::Content(Content::Str(&t[1..t.len() - 1]))
                    }
                    Cow::Borrowed("true") => Held::Content(Content::Bool(true)),
                    Cow::Borrowed("false") => Held::Content(Content::Bool(false)),
                    Cow::Borrowed("null") => Held::Content(Content::Null),
                    text => Held::Raw(text),
                });
            }
        };
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64) + 1);
        entries.push((first, map.next_value()?));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Held::Content(Content::Map(entries)))
    }
}

/// The first key of a map: serde_json's raw-text token, or a real key.
enum FirstKey<'de> {
    RawValueToken,
    Other(Content<'de>),
}

/// Reads a first key as [`Content`], except the token, which is only compared (not copied).
struct FirstKeySeed;

impl<'de> DeserializeSeed<'de> for FirstKeySeed {
    type Value = FirstKey<'de>;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(FirstKeyVisitor)
    }
}

struct FirstKeyVisitor;

impl<'de> Visitor<'de> for FirstKeyVisitor {
    type Value = FirstKey<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(if v == RAW_VALUE_TOKEN {
            FirstKey::RawValueToken
        } else {
            FirstKey::Other(Content::Str(v))
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(if v == RAW_VALUE_TOKEN {
            FirstKey::RawValueToken
        } else {
            FirstKey::Other(Content::String(v.to_owned()))
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(if v == RAW_VALUE_TOKEN {
            FirstKey::RawValueToken
        } else {
            FirstKey::Other(Content::String(v))
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::I64(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::U64(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::F64(v)))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::Bytes(v)))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::ByteBuf(v.to_vec())))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::ByteBuf(v)))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::String(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FirstKey::Other(Content::Null))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d).map(FirstKey::Other)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d).map(FirstKey::Other)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ContentVisitor.visit_seq(seq).map(FirstKey::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ContentVisitor.visit_map(map).map(FirstKey::Other)
    }
}

/// Decodes an unknown kind as raw JSON, putting the tag back.
pub(crate) fn unknown<'de, A: MapAccess<'de>>(
    tag: Option<Tag<'de>>,
    tag_key: &'static str,
    rest: Buffered<'de, A>,
) -> Result<Value, A::Error> {
    let object = serde_json::Map::deserialize(rest)?;
    Ok(with_tag(tag, tag_key, Value::Object(object)))
}

/// The keys read before the tag, then the rest of the input map, as one map.
pub(crate) struct Buffered<'de, A> {
    before: std::vec::IntoIter<(Cow<'de, str>, Held<'de>)>,
    pending: Option<Held<'de>>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> Buffered<'de, A> {
    fn new(before: Vec<(Cow<'de, str>, Held<'de>)>, rest: A) -> Self {
        Self {
            before: before.into_iter(),
            pending: None,
            rest,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Buffered<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            return seed.deserialize(CowStrDeserializer::new(key)).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => value.replay(seed),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest.size_hint().map(|n| n + self.before.len())
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

/// A string that is borrowed from the input or owned, handed to a visitor as such.
struct CowStrDeserializer<'de, E> {
    value: Cow<'de, str>,
    marker: PhantomData<E>,
}

impl<'de, E> CowStrDeserializer<'de, E> {
    fn new(value: Cow<'de, str>) -> Self {
        Self {
            value,
            marker: PhantomData,
        }
    }
}

impl<'de, E: de::Error> de::Deserializer<'de> for CowStrDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_enum(EnumDeserializer {
            variant: self.value,
            value: None,
            marker: PhantomData,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A JSON value held for later, its strings borrowed from the input when they can be: what a
/// union keeps of the keys it reads before its tag. Cheaper than [`Value`] (no key copies, no
/// sorted maps), and it hands everything back to the variant as the input would have.
pub(crate) enum Content<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'de str),
    String(String),
    Bytes(&'de [u8]),
    ByteBuf(Vec<u8>),
    Seq(Vec<Content<'de>>),
    Map(Vec<(Content<'de>, Content<'de>)>),
}

impl<'de> de::Deserialize<'de> for Content<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }
}

struct ContentVisitor;

impl<'de> Visitor<'de> for ContentVisitor {
    type Value = Content<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Content::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Content::I64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Content::U64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Content::F64(v))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Self::Value, E> {
        Ok(Content::String(v.to_string()))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Content::Str(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Content::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Content::String(v))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        Ok(Content::Bytes(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(Content::ByteBuf(v.to_vec()))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(Content::ByteBuf(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Content::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Content::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Content::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Content::Map(entries))
    }
}

/// Replays a [`Content`] to a visitor, as the input it came from would have.
pub(crate) struct ContentDeserializer<'de, E> {
    content: Content<'de>,
    marker: PhantomData<E>,
}

impl<'de, E> ContentDeserializer<'de, E> {
    fn new(content: Content<'de>) -> Self {
        Self {
            content,
            marker: PhantomData,
        }
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for Content<'de> {
    type Deserializer = ContentDeserializer<'de, E>;
    fn into_deserializer(self) -> Self::Deserializer {
        ContentDeserializer::new(self)
    }
}

impl<'de, E: de::Error> de::Deserializer<'de> for ContentDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            Content::Bool(v) => visitor.visit_bool(v),
            Content::U64(v) => visitor.visit_u64(v),
            Content::I64(v) => visitor.visit_i64(v),
            Content::F64(v) => visitor.visit_f64(v),
            Content::Str(v) => visitor.visit_borrowed_str(v),
            Content::String(v) => visitor.visit_string(v),
            Content::Bytes(v) => visitor.visit_borrowed_bytes(v),
            Content::ByteBuf(v) => visitor.visit_byte_buf(v),
            Content::Seq(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Content::Map(entries) => {
                let mut map = de::value::MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        // As serde_json reads enums: `"Variant"` or `{"Variant": value}`.
        match self.content {
            Content::Str(v) => {
                CowStrDeserializer::new(Cow::Borrowed(v)).deserialize_enum(name, variants, visitor)
            }
            Content::String(v) => {
                CowStrDeserializer::new(Cow::Owned(v)).deserialize_enum(name, variants, visitor)
            }
            Content::Map(entries) if entries.len() == 1 => {
                let (variant, value) = entries.into_iter().next().expect("one entry");
                let variant = match variant {
                    Content::Str(v) => Cow::Borrowed(v),
                    Content::String(v) => Cow::Owned(v),
                    _ => return Err(de::Error::custom("an enum's variant name must be a string")),
                };
                visitor.visit_enum(EnumDeserializer {
                    variant,
                    value: Some(value),
                    marker: PhantomData,
                })
            }
            other => Err(de::Error::invalid_type(
                ContentDeserializer::<E>::new(other).unexpected(),
                &"a string or an object with one key",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl<E> ContentDeserializer<'_, E> {
    fn unexpected(&self) -> de::Unexpected<'_> {
        match &self.content {
            Content::Null => de::Unexpected::Unit,
            Content::Bool(v) => de::Unexpected::Bool(*v),
            Content::U64(v) => de::Unexpected::Unsigned(*v),
            Content::I64(v) => de::Unexpected::Signed(*v),
            Content::F64(v) => de::Unexpected::Float(*v),
            Content::Str(v) => de::Unexpected::Str(v),
            Content::String(v) => de::Unexpected::Str(v),
            Content::Bytes(v) => de::Unexpected::Bytes(v),
            Content::ByteBuf(v) => de::Unexpected::Bytes(v),
            Content::Seq(_) => de::Unexpected::Seq,
            Content::Map(_) => de::Unexpected::Map,
        }
    }
}

/// An enum read from a variant name and, for variants with data, its value.
struct EnumDeserializer<'de, E> {
    variant: Cow<'de, str>,
    value: Option<Content<'de>>,
    marker: PhantomData<E>,
}

impl<'de, E: de::Error> de::EnumAccess<'de> for EnumDeserializer<'de, E> {
    type Error = E;
    type Variant = VariantDeserializer<'de, E>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), E> {
        let variant = seed.deserialize(CowStrDeserializer::<E>::new(self.variant))?;
        Ok((
            variant,
            VariantDeserializer {
                value: self.value,
                marker: PhantomData,
            },
        ))
    }
}

struct VariantDeserializer<'de, E> {
    value: Option<Content<'de>>,
    marker: PhantomData<E>,
}

impl<'de, E: de::Error> de::VariantAccess<'de> for VariantDeserializer<'de, E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        match self.value {
            None | Some(Content::Null) => Ok(()),
            Some(other) => Err(de::Error::invalid_type(
                ContentDeserializer::<E>::new(other).unexpected(),
                &"a unit variant",
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, E> {
        match self.value {
            Some(value) => seed.deserialize(ContentDeserializer::new(value)),
            None => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Some(Content::Seq(items)) => {
                ContentDeserializer::new(Content::Seq(items)).deserialize_any(visitor)
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            Some(Content::Map(entries)) => {
                ContentDeserializer::new(Content::Map(entries)).deserialize_any(visitor)
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a struct variant",
            )),
        }
    }
}
// @end
// @if slots

/// The members a union's kinds have, each in one typed slot, read before the tag is known (see
/// [`read_to_tag`]). Implemented by the slots the generator writes for a union.
pub(crate) trait Slots<'de> {
    /// Reads the value of member `key` into its slot, or keeps it among the unknown members.
    fn read<A: MapAccess<'de>>(&mut self, key: Str<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// The order in which members were read into slots, among the members no kind knows: a kind
/// built from the slots keeps its unknown members (other kinds' slots among them) in input
/// order. `N` is the number of slots; each is read at most once.
pub(crate) struct Order<const N: usize> {
    /// Slot numbers, in the order read.
    slots: [u8; N],
    /// For each of `slots`, how many unknown members came before it.
    before: [u32; N],
    len: usize,
    /// The slots read, as a set of bits (see [`slot_set`]): a kind checks in one step whether
    /// any other kind's slot was read.
    read: [u64; 4],
}

impl<const N: usize> Default for Order<N> {
    fn default() -> Self {
        Self {
            slots: [0; N],
            before: [0; N],
            len: 0,
            read: [0; 4],
        }
    }
}

impl<const N: usize> Order<N> {
    /// Notes that slot `slot` is read now, after the members of `unknown`.
    pub(crate) fn note(&mut self, slot: u8, unknown: &crate::Extra) {
        if let (Some(s), Some(b)) = (self.slots.get_mut(self.len), self.before.get_mut(self.len)) {
            *s = slot;
            *b = u32::try_from(unknown.len()).unwrap_or(u32::MAX);
            self.len += 1;
        }
        self.read[usize::from(slot / 64)] |= 1 << (slot % 64);
    }

    /// Whether any of the slots in `set` (made by [`slot_set`]) was read.
    pub(crate) fn read_any(&self, set: [u64; 4]) -> bool {
        self.read.iter().zip(set).any(|(read, set)| read & set != 0)
    }

    /// Where a walk through the input order of the `unknown` unknown members and the slots read
    /// starts (see [`Order::step`]).
    pub(crate) fn start(&self, unknown: usize) -> Step {
        Step {
            at: 0,
            done: 0,
            unknown: u32::try_from(unknown).unwrap_or(u32::MAX),
        }
    }

    /// The next step of the walk: `Some(None)` for the next unknown member, `Some(Some(slot))`
    /// for a slot, `None` at the end. A cursor rather than an iterator, so the slots can be
    /// taken out while walking.
    pub(crate) fn step(&self, step: &mut Step) -> Option<Option<u8>> {
        let read = &self.slots[..self.len.min(N)];
        let before = &self.before[..self.len.min(N)];
        match (read.get(step.at), before.get(step.at)) {
            (Some(&slot), Some(&before)) if step.done >= before || step.done >= step.unknown => {
                step.at += 1;
                Some(Some(slot))
            }
            _ if step.done < step.unknown => {
                step.done += 1;
                Some(None)
            }
            _ => None,
        }
    }
}

/// The slots in `runs` as the set of bits [`Order::read_any`] takes (slot `n` is bit `n % 64`
/// of word `n / 64`), made once, as a constant.
pub(crate) const fn slot_set(runs: &[std::ops::RangeInclusive<u8>]) -> [u64; 4] {
    let mut set = [0; 4];
    let mut i = 0;
    while i < runs.len() {
        let (start, end) = (*runs[i].start(), *runs[i].end());
        let mut n = start;
        while n <= end {
            set[(n / 64) as usize] |= 1 << (n % 64);
            if n == u8::MAX {
                break;
            }
            n += 1;
        }
        i += 1;
    }
    set
}

/// A position in an [`Order`]'s walk.
pub(crate) struct Step {
    at: usize,
    done: u32,
    unknown: u32,
}

/// Reads members into `slots` until the tag, and returns the tag's value: `None` when the map
/// ends without one. Members read so far stay in the slots: when they are all members the kinds
/// share, typed alike, the kind the tag names reads on from there (its `read_members`);
/// otherwise [`fill`] reads the rest into the slots too.
pub(crate) fn read_to_tag<'de, A: MapAccess<'de>, S: Slots<'de>>(
    map: &mut A,
    tag_key: &'static str,
    slots: &mut S,
) -> Result<Option<Tag<'de>>, A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed(tag_key))? {
        match key {
            Some(key) => slots.read(Str(key), map)?,
            None => return map.next_value().map(Some),
        }
    }
    Ok(None)
}

/// Reads the members after the tag into `slots`, once, typed: for a kind that cannot read on
/// from the input (a member only some kinds have came first), or a kind not known.
pub(crate) fn fill<'de, A: MapAccess<'de>, S: Slots<'de>>(
    map: &mut A,
    tag_key: &'static str,
    slots: &mut S,
) -> Result<(), A::Error> {
    // As the kinds do: a second tag is skipped.
    while read_to_tag(map, tag_key, slots)?.is_some() {}
    Ok(())
}

/// An unknown kind's members as JSON: `members`, those read before the tag, then the rest of
/// `map` as they are, and the tag put back.
pub(crate) fn unknown_rest<'de, A: MapAccess<'de>>(
    mut map: A,
    tag_key: &'static str,
    tag: Tag<'de>,
    members: Value,
) -> Result<Value, A::Error> {
    let Value::Object(mut object) = members else {
        return Ok(members);
    };
    while let Some(key) = map.next_key_seed(KeySeed(tag_key))? {
        match key {
            Some(key) => {
                object.insert(key.into_owned(), map.next_value()?);
            }
            // As the kinds do: a second tag is skipped.
            None => {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
    }
    Ok(with_tag(Some(tag), tag_key, Value::Object(object)))
}

/// Reads member `name` into its typed slot; a value of a shape the slot's type does not take (a
/// member of another kind, or of an unknown kind) goes into `raw` as JSON instead. Only the top
/// level is lenient: a list or object the type starts reading and then rejects is an error.
pub(crate) fn slot<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    raw: &mut crate::Extra,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    map.next_value_seed(Lenient { slot, raw, name })
}

// @end
// @if merges
/// Reads member `name`, an object in every kind that has it, into merged slots, filled in
/// place; a value of another shape goes into `raw` as JSON, and leaves the slots empty.
pub(crate) fn merged<'de, A: MapAccess<'de>, S: Slots<'de> + Default>(
    map: &mut A,
    slot: &mut Option<S>,
    raw: &mut crate::Extra,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    let mut seen = false;
    map.next_value_seed(Merged {
        slots: slot.get_or_insert_with(S::default),
        seen: &mut seen,
        raw,
        name,
    })?;
    if !seen {
        *slot = None;
    }
    Ok(())
}

// @end
// @if slots
/// A member held as JSON for a field of the kind: the field's value, or the error the kind's
/// own decoder gives for it. Rare (a member its slot did not take), so kept out of line: the
/// kinds' builders stay small enough to stay in the instruction cache.
#[cold]
#[inline(never)]
pub(crate) fn raw_field<T: serde::de::DeserializeOwned, E: de::Error>(
    field: &mut Option<T>,
    value: Value,
    name: &'static str,
) -> Result<(), E> {
    if field.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *field = Some(T::deserialize(value).map_err(de::Error::custom)?);
    Ok(())
}

/// A slot's value as JSON, for a kind that has no field for it. Rare, out of line (see
/// [`raw_field`]).
#[cold]
#[inline(never)]
pub(crate) fn json<T: serde::Serialize, E: de::Error>(value: T) -> Result<Value, E> {
    serde_json::to_value(value).map_err(de::Error::custom)
}

/// Keeps a member its slot did not take as JSON. Rare, out of line (see [`raw_field`]).
#[cold]
#[inline(never)]
fn keep_raw(raw: &mut crate::Extra, name: &'static str, json: Value) {
    raw.push(name.to_owned(), json);
}

/// The seed of [`slot`].
struct Lenient<'a, T> {
    slot: &'a mut Option<T>,
    raw: &'a mut crate::Extra,
    name: &'static str,
}

impl<T> Lenient<'_, T> {
    fn set<E>(self, value: Result<T, E>, json: impl FnOnce() -> Value) {
        match value {
            Ok(value) => *self.slot = Some(value),
            Err(_) => keep_raw(self.raw, self.name, json()),
        }
    }
}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for Lenient<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A scalar visit that tries the slot's type, keeping the value as JSON if it does not fit.
macro_rules! lenient_scalars {
    ($($visit:ident($ty:ty) => $de:ident,)*) => {
        $(fn $visit<E: de::Error>(self, v: $ty) -> Result<(), E> {
            self.set(T::deserialize(Present(de::value::$de::<E>::new(v))), || Value::from(v));
            Ok(())
        })*
    };
}

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for Lenient<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    lenient_scalars! {
        visit_bool(bool) => BoolDeserializer,
        visit_i64(i64) => I64Deserializer,
        visit_u64(u64) => U64Deserializer,
        visit_f64(f64) => F64Deserializer,
        visit_borrowed_str(&'de str) => BorrowedStrDeserializer,
        visit_str(&str) => StrDeserializer,
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.set(
            T::deserialize(de::value::UnitDeserializer::<E>::new()),
            || Value::Null,
        );
        Ok(())
    }
    fn visit_seq<S: de::SeqAccess<'de>>(self, seq: S) -> Result<(), S::Error> {
        let mut seq = Started::new(seq);
        match T::deserialize(Present(de::value::SeqAccessDeserializer::new(&mut seq))) {
            Ok(value) => *self.slot = Some(value),
            Err(e) if seq.started => return Err(e),
            Err(_) => {
                let json = Value::deserialize(de::value::SeqAccessDeserializer::new(seq.inner))?;
                keep_raw(self.raw, self.name, json);
            }
        }
        Ok(())
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<(), M::Error> {
        let mut map = Started::new(map);
        match T::deserialize(Present(de::value::MapAccessDeserializer::new(&mut map))) {
            Ok(value) => *self.slot = Some(value),
            Err(e) if map.started => return Err(e),
            Err(_) => {
                let json = Value::deserialize(de::value::MapAccessDeserializer::new(map.inner))?;
                keep_raw(self.raw, self.name, json);
            }
        }
        Ok(())
    }
}

/// A present value's deserializer: an `Option` reads it as `Some` (serde's deserializers of
/// one value read every `Option` through `deserialize_any`, which `Option` refuses).
struct Present<D>(D);

impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for Present<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        visitor.visit_some(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Forgets slots a kind has emptied, taking what it needed: every slot is `None` and the
/// unknown members never held one, so nothing in them holds memory, and their drop would only
/// check every slot again (28 of them in `config`'s merged slots). Only after a kind was built
/// from them, or took the members every kind shares and found nothing else read. A macro: a
/// function taking the slots would copy them first.
macro_rules! forget_emptied {
    ($slots:expr) => {
        std::mem::forget($slots)
    };
}
pub(crate) use forget_emptied;

// @end
// @if merges
/// The seed of [`merged`].
struct Merged<'a, S> {
    slots: &'a mut S,
    seen: &'a mut bool,
    raw: &'a mut crate::Extra,
    name: &'static str,
}

impl<'de, S: Slots<'de>> DeserializeSeed<'de> for Merged<'_, S> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, S: Slots<'de>> Visitor<'de> for Merged<'_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        *self.seen = true;
        while let Some(key) = map.next_key()? {
            self.slots.read(key, &mut map)?;
        }
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::from(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::from(v));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::from(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::from(v));
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::from(v));
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        keep_raw(self.raw, self.name, Value::Null);
        Ok(())
    }
    fn visit_seq<Q: de::SeqAccess<'de>>(self, seq: Q) -> Result<(), Q::Error> {
        let json = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        keep_raw(self.raw, self.name, json);
        Ok(())
    }
}

// @end
// @if slots
/// A map or list that notes whether anything was read from it: a type that rejects a value
/// before reading any of it leaves it whole, to be read as JSON instead.
struct Started<A> {
    inner: A,
    started: bool,
}

impl<A> Started<A> {
    fn new(inner: A) -> Self {
        Self {
            inner,
            started: false,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Started<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.started = true;
        self.inner.next_key_seed(seed)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Started<A> {
    type Error = A::Error;
    fn next_element_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.started = true;
        self.inner.next_element_seed(seed)
    }
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}
// @end

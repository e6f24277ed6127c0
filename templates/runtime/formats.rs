//! Strings of a `format` that have a Rust type: read by parsing the string, so a value that does
//! not parse is a decode error naming its field.
//!
//! What is written back: a `date-time` keeps the text it was read from ([`DateTime`]); a `date`
//! has one way to be written; a `uuid` is written in lowercase, hyphenated form, and a `uri` as
//! the `url` crate normalises it (lowercase scheme and host, `/` for an empty path).

// Which helpers a crate uses depends on the formats its spec has.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
// @if date-time
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
// @end

/// A type read from a JSON string by parsing it.
pub(crate) trait Parsed: Sized {
    /// What the string must be, for error messages.
    const EXPECTED: &'static str;

    /// Parses `text`; the error says why it is not one.
    fn parse(text: &str) -> Result<Self, String>;
}

/// Reads the value of a required field of type `T`, naming the field when it does not parse.
pub(crate) fn field<'de, A: MapAccess<'de>, T: Parsed>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(Seed::<T>::new(name))?);
    Ok(())
}

/// Reads the value of an optional (or nullable) field of type `T`: `null` is `None`.
pub(crate) fn optional_field<'de, A: MapAccess<'de>, T: Parsed>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(OptionSeed(Seed::<T>::new(name)))?);
    Ok(())
}

/// Parses a string into `T`; errors name the field.
struct Seed<T> {
    name: &'static str,
    parsed: PhantomData<T>,
}

impl<T> Seed<T> {
    fn new(name: &'static str) -> Self {
        Seed {
            name,
            parsed: PhantomData,
        }
    }
}

impl<'de, T: Parsed> de::DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T: Parsed> Visitor<'_> for Seed<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in `{}`", T::EXPECTED, self.name)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::parse(v).map_err(|e| E::custom(format_args!("`{}`: {e}", self.name)))
    }
}

/// `null` or what the inner seed reads.
struct OptionSeed<T>(Seed<T>);

impl<'de, T: Parsed> de::DeserializeSeed<'de> for OptionSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Parsed> Visitor<'de> for OptionSeed<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or {} in `{}`", T::EXPECTED, self.0.name)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        de::DeserializeSeed::deserialize(self.0, deserializer).map(Some)
    }
}

// @if date
impl Parsed for time::Date {
    const EXPECTED: &'static str = "an RFC 3339 date (YYYY-MM-DD)";

    fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("`{text}` is not an RFC 3339 date (YYYY-MM-DD)");
        let digits = |range: std::ops::Range<usize>| {
            let part = text.get(range).ok_or_else(invalid)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse::<u16>().map_err(|_| invalid())
        };
        if text.len() != 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
            return Err(invalid());
        }
        let month = u8::try_from(digits(5..7)?).map_err(|_| invalid())?;
        let month = time::Month::try_from(month).map_err(|e| format!("`{text}`: {e}"))?;
        let day = u8::try_from(digits(8..10)?).map_err(|_| invalid())?;
        time::Date::from_calendar_date(i32::from(digits(0..4)?), month, day)
            .map_err(|e| format!("`{text}`: {e}"))
    }
}
// @end

// @if uuid
impl Parsed for uuid::Uuid {
    const EXPECTED: &'static str = "a UUID";

    fn parse(text: &str) -> Result<Self, String> {
        uuid::Uuid::parse_str(text).map_err(|e| format!("`{text}` is not a UUID: {e}"))
    }
}
// @end

// @if uri
impl Parsed for url::Url {
    const EXPECTED: &'static str = "an absolute URI";

    fn parse(text: &str) -> Result<Self, String> {
        url::Url::parse(text).map_err(|e| format!("`{text}` is not an absolute URI: {e}"))
    }
}
// @end

// @if date-time
/// A `date-time`: an instant and its UTC offset, read from RFC 3339 text.
///
/// The text a value was read from is kept and written back as it came
/// (`2025-01-01T12:21:02.0000Z` stays so), so a value decoded and sent back is the JSON the
/// server sent. A value made from an [`OffsetDateTime`] is written in RFC 3339 with the
/// fractional digits it needs (`2025-01-01T12:21:02.5Z`). Values compare, order and hash by
/// instant: `2025-01-01T12:00:00Z` equals `2025-01-01T13:00:00+01:00`.
#[derive(Clone)]
pub struct DateTime {
    value: OffsetDateTime,
    /// The text it was read from; `None` for a value made in Rust.
    text: Option<Box<str>>,
}

impl DateTime {
    /// The instant, with the offset it was written with.
    pub fn get(&self) -> OffsetDateTime {
        self.value
    }

    /// Parses RFC 3339 text, keeping it to write back.
    pub fn parse(text: &str) -> Result<Self, time::error::Parse> {
        Ok(DateTime {
            value: OffsetDateTime::parse(text, &Rfc3339)?,
            text: Some(text.into()),
        })
    }

    /// The RFC 3339 text this value is written as: the text it was read from, if it was.
    /// Fails for an instant RFC 3339 cannot write (a year past 9999, an offset with seconds).
    pub fn to_rfc3339(&self) -> Result<String, time::error::Format> {
        match &self.text {
            Some(text) => Ok(text.to_string()),
            None => self.value.format(&Rfc3339),
        }
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(value: OffsetDateTime) -> Self {
        DateTime { value, text: None }
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.value
    }
}

impl std::str::FromStr for DateTime {
    type Err = time::error::Parse;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DateTime")
            .field(&format_args!("{self}"))
            .finish()
    }
}

/// The RFC 3339 text (or, for an instant RFC 3339 cannot write, `time`'s own form).
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_rfc3339() {
            Ok(text) => f.write_str(&text),
            Err(_) => fmt::Display::fmt(&self.value, f),
        }
    }
}

impl Parsed for DateTime {
    const EXPECTED: &'static str = "an RFC 3339 date-time";

    fn parse(text: &str) -> Result<Self, String> {
        DateTime::parse(text).map_err(|e| format!("`{text}` is not an RFC 3339 date-time: {e}"))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => {
                let text = self
                    .value
                    .format(&Rfc3339)
                    .map_err(serde::ser::Error::custom)?;
                serializer.serialize_str(&text)
            }
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(<DateTime as Parsed>::EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                <DateTime as Parsed>::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}
// @end

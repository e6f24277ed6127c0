//! Parameters of any type, laid out in the path, the query string or a
//! header as the OpenAPI style rules say (OpenAPI 3.0.3, "Style Values").
//!
//! A value is first reduced by serde to a [`Shape`]: a scalar, a list of
//! scalars, or an object whose members are scalars. A union is whatever it
//! holds, an enum its wire value. No style defines anything nested deeper, so
//! a nested member is sent as JSON text. The style then lays the shape out,
//! percent-encoding each value for the place it goes.
#![allow(dead_code)] // which styles the generated operations use depends on the API

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::ser::{self, Impossible, Serialize};

use crate::error::Error;

/// The characters left as they are in a path segment or a query value:
/// RFC 3986's unreserved set. Everything else is percent-encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A query value with `allowReserved: true`: RFC 3986's reserved characters
/// are also left as they are, but those that would end the value (`&`, `#`),
/// `+` (a space to form decoders) and `%` (the escape itself).
const QUERY_RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// How a parameter is laid out: OpenAPI's `style` and `explode`.
///
/// The examples are for `name` holding the list `[a, b]` or the object
/// `{k: v, k2: v2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Query: `name=a,b` and `name=k,v,k2,v2`; exploded, `name=a&name=b`
    /// and `k=v&k2=v2`.
    Form {
        /// One pair per item or member.
        explode: bool,
    },
    /// Query: `name=a%20b`; exploded, like [`Style::Form`].
    SpaceDelimited {
        /// One pair per item.
        explode: bool,
    },
    /// Query: `name=a|b`; exploded, like [`Style::Form`].
    PipeDelimited {
        /// One pair per item.
        explode: bool,
    },
    /// Query: `name[k]=v&name[k2]=v2`.
    DeepObject,
    /// Path and header: `a,b` and `k,v,k2,v2`; exploded, `k=v,k2=v2`.
    Simple {
        /// Members written `k=v`.
        explode: bool,
    },
    /// Path: `.a,b` and `.k,v,k2,v2`; exploded, `.a.b` and `.k=v.k2=v2`.
    Label {
        /// Items and members each after their own `.`.
        explode: bool,
    },
    /// Path: `;name=a,b` and `;name=k,v,k2,v2`; exploded, `;name=a;name=b`
    /// and `;k=v;k2=v2`.
    Matrix {
        /// Items and members each after their own `;`.
        explode: bool,
    },
    /// Anywhere: the whole value as JSON text (`content: application/json`).
    Json,
}

/// A value reduced to what the styles can lay out.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// A string, number, boolean or enum value; `null` is empty.
    Scalar(String),
    /// An array.
    List(Vec<String>),
    /// An object, members in order; `null` members are left out.
    Object(Vec<(String, String)>),
}

/// The `name=value` pairs of a query parameter, percent-encoded (with
/// `allow_reserved`, RFC 3986's reserved characters are kept as they are).
pub(crate) fn query_pairs<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: Style,
    allow_reserved: bool,
) -> Result<Vec<String>, Error> {
    let set = if allow_reserved {
        QUERY_RESERVED
    } else {
        UNRESERVED
    };
    let enc = |s: &str| utf8_percent_encode(s, set).to_string();
    let key = utf8_percent_encode(name, UNRESERVED).to_string();
    let pair = |v: String| format!("{key}={v}");
    let join = |items: &[String], sep: &str| -> String {
        items.iter().map(|s| enc(s)).collect::<Vec<_>>().join(sep)
    };
    let flat = |members: &[(String, String)]| -> Vec<String> {
        members
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect()
    };
    Ok(match (shape(name, value, style)?, style) {
        (Shape::Scalar(v), _) => vec![pair(enc(&v))],
        (Shape::List(items), Style::Form { explode: false } | Style::Simple { explode: false }) => {
            vec![pair(join(&items, ","))]
        }
        (Shape::List(items), Style::SpaceDelimited { explode: false }) => {
            vec![pair(join(&items, "%20"))]
        }
        (Shape::List(items), Style::PipeDelimited { explode: false }) => {
            vec![pair(join(&items, "|"))]
        }
        (Shape::List(items), _) => items.iter().map(|v| pair(enc(v))).collect(),
        (Shape::Object(members), Style::DeepObject) => members
            .iter()
            .map(|(k, v)| format!("{key}[{}]={}", enc(k), enc(v)))
            .collect(),
        (
            Shape::Object(members),
            Style::Form { explode: false } | Style::Simple { explode: false },
        ) => {
            vec![pair(join(&flat(&members), ","))]
        }
        (Shape::Object(members), Style::SpaceDelimited { explode: false }) => {
            vec![pair(join(&flat(&members), "%20"))]
        }
        (Shape::Object(members), Style::PipeDelimited { explode: false }) => {
            vec![pair(join(&flat(&members), "|"))]
        }
        (Shape::Object(members), _) => members
            .iter()
            .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, UNRESERVED), enc(v)))
            .collect(),
    })
}

/// The value of a header parameter (style `simple`); not encoded: a value
/// that is not a valid header value fails the request when it is sent.
pub(crate) fn header_value<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: Style,
) -> Result<String, Error> {
    let explode = matches!(
        style,
        Style::Simple { explode: true } | Style::Form { explode: true }
    );
    Ok(match shape(name, value, style)? {
        Shape::Scalar(v) => v,
        Shape::List(items) => items.join(","),
        Shape::Object(members) => members_text(&members, explode, ",", &|s| s.to_owned()),
    })
}

/// A path parameter, percent-encoded for its place in the path.
///
/// A value that would make an empty segment, `.` or `..` is rejected with
/// [`Error::InvalidArgument`]: each would address another resource.
pub(crate) fn path<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: Style,
) -> Result<String, Error> {
    let enc = |s: &str| utf8_percent_encode(s, UNRESERVED).to_string();
    let join = |items: &[String], sep: &str| -> String {
        items.iter().map(|s| enc(s)).collect::<Vec<_>>().join(sep)
    };
    let key = enc(name);
    let text = match (shape(name, value, style)?, style) {
        (Shape::Scalar(v), Style::Label { .. }) => format!(".{}", enc(&v)),
        (Shape::Scalar(v), Style::Matrix { .. }) => format!(";{key}={}", enc(&v)),
        (Shape::Scalar(v), _) => enc(&v),
        (Shape::List(items), Style::Label { explode }) => {
            format!(".{}", join(&items, if explode { "." } else { "," }))
        }
        (Shape::List(items), Style::Matrix { explode: true }) => {
            items.iter().map(|v| format!(";{key}={}", enc(v))).collect()
        }
        (Shape::List(items), Style::Matrix { explode: false }) if items.is_empty() => {
            format!(";{key}")
        }
        (Shape::List(items), Style::Matrix { explode: false }) => {
            format!(";{key}={}", join(&items, ","))
        }
        (Shape::List(items), _) => join(&items, ","),
        (Shape::Object(members), Style::Label { explode }) => {
            let sep = if explode { "." } else { "," };
            format!(".{}", members_text(&members, explode, sep, &enc))
        }
        (Shape::Object(members), Style::Matrix { explode: true }) => members
            .iter()
            .map(|(k, v)| format!(";{}={}", enc(k), enc(v)))
            .collect(),
        (Shape::Object(members), Style::Matrix { explode: false }) => {
            format!(";{key}={}", members_text(&members, false, ",", &enc))
        }
        (Shape::Object(members), style) => {
            let explode = matches!(
                style,
                Style::Simple { explode: true } | Style::Form { explode: true }
            );
            members_text(&members, explode, ",", &enc)
        }
    };
    let reason = match text.as_str() {
        "" => "must not be empty",
        "." | ".." => "must not be `.` or `..`",
        _ => return Ok(text),
    };
    Err(Error::InvalidArgument {
        name,
        reason: reason.to_owned(),
    })
}

/// `k=v` members joined by `sep` when exploded, else `k,v` pairs joined by `,`.
fn members_text(
    members: &[(String, String)],
    explode: bool,
    sep: &str,
    enc: &dyn Fn(&str) -> String,
) -> String {
    if explode {
        members
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join(sep)
    } else {
        members
            .iter()
            .flat_map(|(k, v)| [enc(k), enc(v)])
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Reduces `value` to a shape; with [`Style::Json`], or when serde gives
/// something no style lays out, to its JSON text.
fn shape<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: Style,
) -> Result<Shape, Error> {
    let reduced = match style {
        Style::Json => Err(ShapeError::NotFlat),
        _ => value.serialize(ShapeSerializer),
    };
    match reduced {
        Ok(shape) => Ok(shape),
        Err(ShapeError::NotFlat) => json_text(value).map(Shape::Scalar),
        Err(ShapeError::Custom(reason)) => Err(reason),
    }
    .map_err(|reason| Error::InvalidArgument {
        name,
        reason: format!("cannot be sent as a parameter: {reason}"),
    })
}

fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// A scalar's text (`None` for `null`), or a nested value's JSON text.
fn scalar_or_json<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, ShapeError> {
    match value.serialize(ScalarSerializer) {
        Err(ShapeError::NotFlat) => json_text(value).map(Some).map_err(ShapeError::Custom),
        other => other,
    }
}

#[derive(Debug)]
enum ShapeError {
    /// Nested deeper than a shape holds: the caller falls back to JSON text.
    NotFlat,
    /// The value's own `Serialize` failed.
    Custom(String),
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::NotFlat => f.write_str("nested too deep"),
            ShapeError::Custom(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ShapeError {}

impl ser::Error for ShapeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        ShapeError::Custom(msg.to_string())
    }
}

/// Writes the scalar serde methods of a serializer whose output wraps
/// `Option<String>` in `$wrap`.
macro_rules! scalars {
    ($wrap:expr) => {
        fn serialize_bool(self, v: bool) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_i8(self, v: i8) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_i16(self, v: i16) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_i32(self, v: i32) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_i64(self, v: i64) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_i128(self, v: i128) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_u8(self, v: u8) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_u16(self, v: u16) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_u32(self, v: u32) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_u64(self, v: u64) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_u128(self, v: u128) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_f32(self, v: f32) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_f64(self, v: f64) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_char(self, v: char) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_string())))
        }
        fn serialize_str(self, v: &str) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(v.to_owned())))
        }
        fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(String::from_utf8_lossy(v).into_owned())))
        }
        fn serialize_none(self) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(None))
        }
        fn serialize_unit(self) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(None))
        }
        fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(None))
        }
        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<Self::Ok, ShapeError> {
            Ok($wrap(Some(variant.to_owned())))
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, ShapeError> {
            value.serialize(self)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<Self::Ok, ShapeError> {
            value.serialize(self)
        }
        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleVariant, ShapeError> {
            Err(ShapeError::NotFlat)
        }
        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStructVariant, ShapeError> {
            Err(ShapeError::NotFlat)
        }
    };
}

/// Reduces a scalar to its text (`None` for `null`); anything else is
/// [`ShapeError::NotFlat`].
struct ScalarSerializer;

impl ser::Serializer for ScalarSerializer {
    type Ok = Option<String>;
    type Error = ShapeError;
    type SerializeSeq = Impossible<Option<String>, ShapeError>;
    type SerializeTuple = Impossible<Option<String>, ShapeError>;
    type SerializeTupleStruct = Impossible<Option<String>, ShapeError>;
    type SerializeTupleVariant = Impossible<Option<String>, ShapeError>;
    type SerializeMap = Impossible<Option<String>, ShapeError>;
    type SerializeStruct = Impossible<Option<String>, ShapeError>;
    type SerializeStructVariant = Impossible<Option<String>, ShapeError>;

    scalars!(std::convert::identity);

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok, ShapeError> {
        Err(ShapeError::NotFlat)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ShapeError> {
        Err(ShapeError::NotFlat)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ShapeError> {
        Err(ShapeError::NotFlat)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ShapeError> {
        Err(ShapeError::NotFlat)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ShapeError> {
        Err(ShapeError::NotFlat)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ShapeError> {
        Err(ShapeError::NotFlat)
    }
}

/// Reduces a whole parameter value to a [`Shape`].
struct ShapeSerializer;

fn scalar_shape(text: Option<String>) -> Shape {
    Shape::Scalar(text.unwrap_or_default())
}

impl ser::Serializer for ShapeSerializer {
    type Ok = Shape;
    type Error = ShapeError;
    type SerializeSeq = ListShape;
    type SerializeTuple = ListShape;
    type SerializeTupleStruct = ListShape;
    type SerializeTupleVariant = Impossible<Shape, ShapeError>;
    type SerializeMap = ObjectShape;
    type SerializeStruct = ObjectShape;
    type SerializeStructVariant = Impossible<Shape, ShapeError>;

    scalars!(scalar_shape);

    /// Serde's external tagging: `{variant: value}`.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Shape, ShapeError> {
        let mut members = Vec::new();
        if let Some(v) = scalar_or_json(value)? {
            members.push((variant.to_owned(), v));
        }
        Ok(Shape::Object(members))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListShape, ShapeError> {
        Ok(ListShape(Vec::with_capacity(len.unwrap_or(0).min(64))))
    }
    fn serialize_tuple(self, len: usize) -> Result<ListShape, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ListShape, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectShape, ShapeError> {
        Ok(ObjectShape {
            members: Vec::new(),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<ObjectShape, ShapeError> {
        self.serialize_map(Some(len))
    }
}

/// The items of an array; a `null` item is empty, a nested one JSON text.
struct ListShape(Vec<String>);

impl ListShape {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.0.push(scalar_or_json(value)?.unwrap_or_default());
        Ok(())
    }
}

impl ser::SerializeSeq for ListShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::List(self.0))
    }
}

impl ser::SerializeTuple for ListShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::List(self.0))
    }
}

impl ser::SerializeTupleStruct for ListShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::List(self.0))
    }
}

/// The members of an object or struct; `null` members are left out, nested
/// ones are JSON text.
struct ObjectShape {
    members: Vec<(String, String)>,
    key: Option<String>,
}

impl ObjectShape {
    fn push<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), ShapeError> {
        if let Some(v) = scalar_or_json(value)? {
            self.members.push((key, v));
        }
        Ok(())
    }
}

impl ser::SerializeMap for ObjectShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ShapeError> {
        self.key = Some(scalar_or_json(key)?.unwrap_or_default());
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        let key = self.key.take().unwrap_or_default();
        self.push(key, value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Object(self.members))
    }
}

impl ser::SerializeStruct for ObjectShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        self.push(key.to_owned(), value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Object(self.members))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Union {
        Int(i64),
        Text(String),
    }

    #[derive(serde::Serialize)]
    struct Color {
        #[serde(rename = "R")]
        r: u8,
        #[serde(rename = "G")]
        g: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<u8>,
        note: Option<String>,
    }

    fn color() -> Color {
        Color {
            r: 100,
            g: 200,
            b: None,
            note: None,
        }
    }

    fn q<T: Serialize + ?Sized>(value: &T, style: Style) -> String {
        query_pairs("color", value, style, false).unwrap().join("&")
    }

    const LIST: &[&str] = &["blue", "black", "brown"];

    #[test]
    fn query_styles_follow_the_openapi_table() {
        let form = |explode| Style::Form { explode };
        assert_eq!(q("blue", form(true)), "color=blue");
        assert_eq!(q(LIST, form(true)), "color=blue&color=black&color=brown");
        assert_eq!(q(LIST, form(false)), "color=blue,black,brown");
        assert_eq!(q(&color(), form(true)), "R=100&G=200");
        assert_eq!(q(&color(), form(false)), "color=R,100,G,200");
        let space = Style::SpaceDelimited { explode: false };
        assert_eq!(q(LIST, space), "color=blue%20black%20brown");
        assert_eq!(q(&color(), space), "color=R%20100%20G%20200");
        let pipe = Style::PipeDelimited { explode: false };
        assert_eq!(q(LIST, pipe), "color=blue|black|brown");
        assert_eq!(q(&color(), pipe), "color=R|100|G|200");
        assert_eq!(
            q(LIST, Style::PipeDelimited { explode: true }),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(q(&color(), Style::DeepObject), "color[R]=100&color[G]=200");
    }

    #[test]
    fn unions_enums_and_numbers_are_their_scalar() {
        let form = Style::Form { explode: true };
        assert_eq!(q(&Union::Int(3), form), "color=3");
        assert_eq!(q(&Union::Text("all".into()), form), "color=all");
        assert_eq!(q(&2.5f64, form), "color=2.5");
        assert_eq!(q(&true, form), "color=true");
        assert_eq!(q(&Some(7), form), "color=7");
        assert_eq!(q(&serde_json::json!("x"), form), "color=x");
        assert_eq!(
            q(&vec![Union::Int(1), Union::Text("a b".into())], form),
            "color=1&color=a%20b"
        );
    }

    #[test]
    fn values_and_names_are_percent_encoded() {
        let form = Style::Form { explode: true };
        assert_eq!(q("a&b=c d+e/é", form), "color=a%26b%3Dc%20d%2Be%2F%C3%A9");
        assert_eq!(
            q(&["a,b", "c|d"], Style::Form { explode: false }),
            "color=a%2Cb,c%7Cd"
        );
        let odd = query_pairs("a b[]", "x", form, false).unwrap();
        assert_eq!(odd, ["a%20b%5B%5D=x"]);
        let map = BTreeMap::from([("k&1".to_owned(), "v=1".to_owned())]);
        assert_eq!(q(&map, form), "k%261=v%3D1");
        assert_eq!(q(&map, Style::DeepObject), "color[k%261]=v%3D1");
        let reserved = query_pairs("u", "http://x/?a=b&c#d e+f", form, true).unwrap();
        assert_eq!(reserved, ["u=http://x/?a=b%26c%23d%20e%2Bf"]);
    }

    #[test]
    fn empty_lists_and_nulls() {
        let empty: Vec<String> = Vec::new();
        assert_eq!(q(&empty, Style::Form { explode: true }), "");
        assert_eq!(q(&empty, Style::Form { explode: false }), "color=");
        assert_eq!(q(&(), Style::Form { explode: true }), "color=");
        assert_eq!(
            q(&[None, Some(1)], Style::Form { explode: false }),
            "color=,1"
        );
    }

    #[test]
    fn nested_values_are_json_text() {
        let nested = serde_json::json!({"a": {"b": 1}, "c": [1, 2], "d": null, "e": "x"});
        assert_eq!(
            q(&nested, Style::DeepObject),
            "color[a]=%7B%22b%22%3A1%7D&color[c]=%5B1%2C2%5D&color[e]=x"
        );
        let list = serde_json::json!([[1, 2], {"k": "v"}]);
        assert_eq!(
            header_value("x", &list, Style::Simple { explode: false }).unwrap(),
            r#"[1,2],{"k":"v"}"#
        );
        assert_eq!(
            q(&serde_json::json!({"a": 1}), Style::Json),
            "color=%7B%22a%22%3A1%7D"
        );
    }

    #[test]
    fn headers_are_simple() {
        let simple = |explode| Style::Simple { explode };
        assert_eq!(
            header_value("x", LIST, simple(false)).unwrap(),
            "blue,black,brown"
        );
        assert_eq!(
            header_value("x", &color(), simple(false)).unwrap(),
            "R,100,G,200"
        );
        assert_eq!(
            header_value("x", &color(), simple(true)).unwrap(),
            "R=100,G=200"
        );
        assert_eq!(
            header_value("x", &Union::Int(5), simple(false)).unwrap(),
            "5"
        );
    }

    fn p<T: Serialize + ?Sized>(value: &T, style: Style) -> String {
        path("color", value, style).unwrap()
    }

    #[test]
    fn path_styles_follow_the_openapi_table() {
        let simple = |explode| Style::Simple { explode };
        let label = |explode| Style::Label { explode };
        let matrix = |explode| Style::Matrix { explode };
        assert_eq!(p(&"blue", simple(false)), "blue");
        assert_eq!(p(&LIST, simple(false)), "blue,black,brown");
        assert_eq!(p(&color(), simple(false)), "R,100,G,200");
        assert_eq!(p(&color(), simple(true)), "R=100,G=200");
        assert_eq!(p(&"blue", label(false)), ".blue");
        assert_eq!(p(&LIST, label(false)), ".blue,black,brown");
        assert_eq!(p(&LIST, label(true)), ".blue.black.brown");
        assert_eq!(p(&color(), label(false)), ".R,100,G,200");
        assert_eq!(p(&color(), label(true)), ".R=100.G=200");
        assert_eq!(p(&"blue", matrix(false)), ";color=blue");
        assert_eq!(p(&LIST, matrix(false)), ";color=blue,black,brown");
        assert_eq!(
            p(&LIST, matrix(true)),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(p(&color(), matrix(false)), ";color=R,100,G,200");
        assert_eq!(p(&color(), matrix(true)), ";R=100;G=200");
        assert_eq!(p(&"a/b c,d", simple(false)), "a%2Fb%20c%2Cd");
        assert_eq!(p(&["a/b", "c"], simple(false)), "a%2Fb,c");
    }

    #[test]
    fn path_values_that_leave_their_segment_are_rejected() {
        let empty: Vec<String> = Vec::new();
        let simple = Style::Simple { explode: false };
        for bad in [
            path("id", "", simple),
            path("id", "..", simple),
            path("id", &empty, simple),
            path("id", &empty, Style::Label { explode: false }),
        ] {
            assert!(matches!(
                bad,
                Err(Error::InvalidArgument { name: "id", .. })
            ));
        }
        assert_eq!(path("id", "...", simple).unwrap(), "...");
    }

    #[test]
    fn a_failing_serialize_is_an_invalid_argument() {
        struct Broken;
        impl Serialize for Broken {
            fn serialize<S: ser::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(ser::Error::custom("broken"))
            }
        }
        let err = query_pairs("b", &Broken, Style::Form { explode: true }, false).unwrap_err();
        assert!(err.to_string().contains("broken"), "{err}");
        assert!(path("b", &[Broken], Style::Simple { explode: false }).is_err());
    }
}

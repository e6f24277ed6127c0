//! One view over the several shapes `openapiv3` gives a schema.
//!
//! `openapiv3` parses a schema into a typed kind when it can and into `AnySchema` when keywords
//! are mixed (`type: object` beside `allOf`, no `type` at all, ...). Real specs produce both;
//! the rest of lowering reads this flat view and never matches on `SchemaKind` itself.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema reference as found in properties and items.
pub type SchemaRef = ReferenceOr<Box<Schema>>;

/// The JSON type a schema declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
}

/// A flattened, borrowed view of a schema.
#[derive(Debug, Clone)]
pub struct Flat<'a> {
    /// Shared annotations (description, nullable, discriminator, extensions, ...).
    pub data: &'a SchemaData,
    /// Declared type, if any.
    pub ty: Option<JsonType>,
    /// A `type` we do not know (e.g. `null` or a typo).
    pub unknown_type: Option<&'a str>,
    /// `format`.
    pub format: Option<String>,
    /// `enum` values.
    pub enum_values: Vec<Value>,
    /// `properties` (empty when none).
    pub properties: Option<&'a IndexMap<String, SchemaRef>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<&'a SchemaRef>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `maxLength`, for docs.
    pub max_length: Option<usize>,
    /// `minLength`, for docs.
    pub min_length: Option<usize>,
    /// `pattern`, for docs.
    pub pattern: Option<&'a str>,
}

const NONE: &[ReferenceOr<Schema>] = &[];
const NO_REQUIRED: &[String] = &[];

impl<'a> Flat<'a> {
    /// Flattens `schema`.
    pub fn of(schema: &'a Schema) -> Self {
        let mut flat = Flat {
            data: &schema.schema_data,
            ty: None,
            unknown_type: None,
            format: None,
            enum_values: Vec::new(),
            properties: None,
            required: NO_REQUIRED,
            additional: None,
            items: None,
            one_of: NONE,
            all_of: NONE,
            any_of: NONE,
            max_length: None,
            min_length: None,
            pattern: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                flat.ty = Some(JsonType::String);
                flat.format = format_name(&s.format);
                flat.enum_values = s
                    .enumeration
                    .iter()
                    .map(|v| v.clone().map_or(Value::Null, Value::String))
                    .collect();
                flat.max_length = s.max_length;
                flat.min_length = s.min_length;
                flat.pattern = s.pattern.as_deref();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                flat.ty = Some(JsonType::Integer);
                flat.format = format_name(&i.format);
                flat.enum_values = i
                    .enumeration
                    .iter()
                    .map(|v| v.map_or(Value::Null, Value::from))
                    .collect();
            }
            SchemaKind::Type(Type::Number(n)) => {
                flat.ty = Some(JsonType::Number);
                flat.enum_values = n
                    .enumeration
                    .iter()
                    .map(|v| v.map_or(Value::Null, Value::from))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                flat.ty = Some(JsonType::Boolean);
                flat.enum_values = b
                    .enumeration
                    .iter()
                    .map(|v| v.map_or(Value::Null, Value::Bool))
                    .collect();
            }
            SchemaKind::Type(Type::Object(o)) => {
                flat.ty = Some(JsonType::Object);
                flat.properties = Some(&o.properties);
                flat.required = &o.required;
                flat.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                flat.ty = Some(JsonType::Array);
                flat.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => flat.one_of = one_of,
            SchemaKind::AllOf { all_of } => flat.all_of = all_of,
            SchemaKind::AnyOf { any_of } => flat.any_of = any_of,
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(any) => {
                match any.typ.as_deref() {
                    Some("string") => flat.ty = Some(JsonType::String),
                    Some("integer") => flat.ty = Some(JsonType::Integer),
                    Some("number") => flat.ty = Some(JsonType::Number),
                    Some("boolean") => flat.ty = Some(JsonType::Boolean),
                    Some("object") => flat.ty = Some(JsonType::Object),
                    Some("array") => flat.ty = Some(JsonType::Array),
                    Some(other) => flat.unknown_type = Some(other),
                    None => {}
                }
                flat.format = any.format.clone();
                flat.enum_values = any.enumeration.clone();
                flat.properties = (!any.properties.is_empty()).then_some(&any.properties);
                flat.required = &any.required;
                flat.additional = any.additional_properties.as_ref();
                flat.items = any.items.as_ref();
                flat.one_of = &any.one_of;
                flat.all_of = &any.all_of;
                flat.any_of = &any.any_of;
                flat.max_length = any.max_length;
                flat.min_length = any.min_length;
                flat.pattern = any.pattern.as_deref();
            }
        }
        flat
    }

    /// The type, declared or inferred from the keywords present.
    pub fn effective_type(&self) -> Option<JsonType> {
        if self.ty.is_some() {
            return self.ty;
        }
        if self.properties.is_some() || self.additional.is_some() {
            return Some(JsonType::Object);
        }
        if self.items.is_some() {
            return Some(JsonType::Array);
        }
        let non_null: Vec<&Value> = self.enum_values.iter().filter(|v| !v.is_null()).collect();
        match non_null.first() {
            Some(Value::String(_)) if non_null.iter().all(|v| v.is_string()) => {
                Some(JsonType::String)
            }
            Some(Value::Bool(_)) if non_null.iter().all(|v| v.is_boolean()) => {
                Some(JsonType::Boolean)
            }
            Some(Value::Number(_)) if non_null.iter().all(|v| v.is_i64() || v.is_u64()) => {
                Some(JsonType::Integer)
            }
            Some(Value::Number(_)) if non_null.iter().all(|v| v.is_number()) => {
                Some(JsonType::Number)
            }
            _ => None,
        }
    }

    /// A string extension value, e.g. `x-sdk-name`.
    pub fn extension_str(&self, key: &str) -> Option<&'a str> {
        self.data.extensions.get(key).and_then(Value::as_str)
    }

    /// A boolean extension value, e.g. `x-sensitive`.
    pub fn extension_bool(&self, key: &str) -> bool {
        self.data
            .extensions
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}

fn format_name<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => {
            // StringFormat's Debug is its variant name: DateTime -> date-time.
            let debug = format!("{item:?}");
            let mut out = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            Some(out)
        }
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

//! The intermediate representation: plain data that says what the generated crate contains.
//!
//! Lowering builds it from the spec; rendering reads it. Nothing here knows about `openapiv3`
//! or about templates, so each side can be tested alone.

use std::collections::{BTreeMap, BTreeSet};

/// Everything the generated crate is made of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ir {
    /// Crate-level facts.
    pub api: ApiInfo,
    /// Every named type, by its Rust name (sorted: output order is stable).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// The response envelope shared by operations, when the spec uses one.
    pub envelope: Option<Envelope>,
    /// Authentication schemes, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Alternatives of schemes; one alternative must be fully supplied.
    pub security_requirements: Vec<Vec<String>>,
    /// The Rust struct of each resource level, by its path of accessors.
    pub resource_structs: BTreeMap<Vec<String>, String>,
    /// The variants of `ErrorBody`: every type an operation declares for an error response,
    /// once each, in order of first use.
    pub error_bodies: Vec<ErrorBodyVariant>,
}

/// One variant of the crate's `ErrorBody` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodyVariant {
    /// Rust identifier of the variant (the type's name where it has one).
    pub rust_name: String,
    /// The decoded body's type.
    pub ty: TypeRef,
}

impl Ir {
    /// The string formats some type, parameter, body or result of the crate is made of: each
    /// needs its crate in the generated `Cargo.toml`.
    pub fn string_formats(&self) -> BTreeSet<StringFormat> {
        let mut refs: Vec<&TypeRef> = Vec::new();
        for def in self.types.values() {
            match def {
                TypeDef::Struct(s) => refs.extend(s.fields.iter().map(|f| &f.ty)),
                TypeDef::Untagged(u) => refs.extend(u.variants.iter().map(|v| &v.ty)),
                TypeDef::Newtype(n) => refs.push(&n.ty),
                TypeDef::Enum(_) | TypeDef::Tagged(_) | TypeDef::Scope(_) => {}
            }
        }
        for op in &self.operations {
            for part in &op.path_parts {
                if let PathPart::Param(p) = part {
                    refs.push(&p.ty);
                }
            }
            if let Some(params) = &op.params {
                refs.extend(params.params.iter().map(|p| &p.ty));
            }
            if let Some(body) = &op.body {
                match &body.kind {
                    BodyKind::Form(form) | BodyKind::Multipart(form) => {
                        refs.extend(form.fields.iter().map(|f| &f.ty));
                    }
                    _ => refs.push(&body.ty),
                }
            }
            match &op.response {
                ResponseKind::Envelope { result, .. } => refs.extend(result),
                ResponseKind::Json(ty) => refs.push(ty),
                ResponseKind::Bytes | ResponseKind::Text | ResponseKind::Empty => {}
            }
        }
        refs.extend(self.error_bodies.iter().map(|e| &e.ty));
        refs.into_iter().filter_map(TypeRef::format).collect()
    }
}

/// Facts about the API as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiInfo {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// `info.version`.
    pub version: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The servers the spec lists, in its order; the first is the default.
    pub servers: Vec<Server>,
    /// The builder methods that set server URL variables, one per variable name.
    pub server_variables: Vec<ServerVariableSetter>,
    /// Environment variable that overrides the base URL.
    pub base_url_env: Option<String>,
    /// Response header that carries the request id (`x-sdk-request-id-header`).
    pub request_id_header: Option<String>,
    /// Extra, deprecated name of `Error::request_id` (`x-sdk-request-id-alias`).
    pub request_id_alias: Option<String>,
    /// Request header that carries an idempotency key (`x-sdk-idempotency-header`, or a
    /// header parameter named so).
    pub idempotency_header: Option<String>,
}

impl ApiInfo {
    /// The default base URL: the first server with its variables at their defaults, when that
    /// is an absolute URL. `None` when the spec lists no server, or the first is relative or
    /// uses a variable it does not declare: the client must be given a base URL.
    pub fn default_base_url(&self) -> Option<String> {
        let url = self.servers.first()?.default_url();
        (is_absolute_url(&url) && !url.contains('{')).then_some(url)
    }
}

/// Whether `url` names its scheme (`https://…`), as opposed to a path relative to wherever
/// the API description was served from (`/api/v3`, `//host/v1`).
pub fn is_absolute_url(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Server {
    /// The URL template, `{name}` for each variable.
    pub url: String,
    /// `description`: the name the builder can choose the server by.
    pub description: Option<String>,
    /// Its variables, in the spec's order.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable at its default (a variable the server does not declare is
    /// left as it is).
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for v in &self.variables {
            url = url.replace(&format!("{{{}}}", v.name), &v.default);
        }
        url
    }
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerVariable {
    /// Its name in the URL template.
    pub name: String,
    /// `default`.
    pub default: String,
    /// `enum`: the only values it may take (empty: any).
    pub values: Vec<String>,
}

/// A `ClientBuilder` method that sets a server variable (of every server that has it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerVariableSetter {
    /// The variable's name in the URL templates.
    pub name: String,
    /// The method's Rust name.
    pub method: String,
    /// Doc text (the first `description` the spec gives it).
    pub doc: Option<String>,
    /// A Rust enum of its values, when every server that has it lists them.
    pub values: Option<ServerEnum>,
}

/// The values of a server variable, as a Rust enum in the `servers` module.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerEnum {
    /// Rust name.
    pub name: String,
    /// (variant, value), in the spec's order.
    pub variants: Vec<(String, String)>,
}

/// A reference to a type, as it appears in a field, parameter or result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `bool`
    Bool,
    /// An integer of the width its `format` names (`i64` without one).
    Integer(IntFormat),
    /// `f64`
    Number,
    /// `String`
    String,
    /// A string of a `format` with a Rust type of its own (a date, a UUID, a URL).
    Format(StringFormat),
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// A named type in the type space.
    Named(String),
    /// `Vec<T>`
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
    /// `Box<T>`: breaks a recursive containment.
    Boxed(Box<TypeRef>),
}

/// The Rust integer for an OpenAPI integer `format`: `int32` is `i32`, `uint64` is `u64`
/// (a `u64` id past `i64::MAX` must decode), anything else `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // the variants are the Rust types they name
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntFormat {
    /// From the schema's `format`.
    pub fn of(format: Option<&str>) -> IntFormat {
        match format {
            Some("int8") => IntFormat::I8,
            Some("int16") => IntFormat::I16,
            Some("int32") => IntFormat::I32,
            Some("uint8") => IntFormat::U8,
            Some("uint16") => IntFormat::U16,
            Some("uint32") => IntFormat::U32,
            Some("uint64") => IntFormat::U64,
            _ => IntFormat::I64,
        }
    }

    /// The Rust type.
    pub fn rust(self) -> &'static str {
        match self {
            IntFormat::I8 => "i8",
            IntFormat::I16 => "i16",
            IntFormat::I32 => "i32",
            IntFormat::I64 => "i64",
            IntFormat::U8 => "u8",
            IntFormat::U16 => "u16",
            IntFormat::U32 => "u32",
            IntFormat::U64 => "u64",
        }
    }
}

/// A string `format` read into a Rust type of its own, unless the generator is told to keep
/// such strings as `String` (`formats-as-strings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StringFormat {
    /// `date-time`: RFC 3339, as `crate::DateTime` (a `time::OffsetDateTime` that writes back
    /// the text it was read from).
    DateTime,
    /// `date`: an RFC 3339 full-date, as `time::Date`.
    Date,
    /// `uuid`, as `uuid::Uuid`.
    Uuid,
    /// `uri`: an absolute URI, as `url::Url`.
    Uri,
}

impl StringFormat {
    /// From the schema's `format`; `None` for a format kept as a `String`.
    pub fn of(format: Option<&str>) -> Option<StringFormat> {
        match format? {
            "date-time" => Some(StringFormat::DateTime),
            "date" => Some(StringFormat::Date),
            "uuid" => Some(StringFormat::Uuid),
            "uri" => Some(StringFormat::Uri),
            _ => None,
        }
    }

    /// The Rust type, as a path from inside the generated crate.
    pub fn rust(self) -> &'static str {
        match self {
            StringFormat::DateTime => "crate::DateTime",
            StringFormat::Date => "time::Date",
            StringFormat::Uuid => "uuid::Uuid",
            StringFormat::Uri => "url::Url",
        }
    }

    /// The Rust type as a user of the crate names it.
    pub fn public_name(self) -> &'static str {
        match self {
            StringFormat::DateTime => "DateTime",
            StringFormat::Date => "time::Date",
            StringFormat::Uuid => "uuid::Uuid",
            StringFormat::Uri => "url::Url",
        }
    }
}

impl TypeRef {
    /// The named type this refers to directly (through `Box`, not through containers).
    pub fn direct_name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Boxed(inner) => inner.direct_name(),
            _ => None,
        }
    }

    /// Every named type mentioned anywhere inside.
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => t.names(out),
            _ => {}
        }
    }

    /// The string format this is, directly or as the items of containers.
    pub fn format(&self) -> Option<StringFormat> {
        match self {
            TypeRef::Format(f) => Some(*f),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => t.format(),
            _ => None,
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a closed list of values (plus a catch-all for new ones).
    Enum(StringEnum),
    /// A union told apart by a tag property.
    Tagged(TaggedUnion),
    /// A union told apart by shape only.
    Untagged(UntaggedUnion),
    /// A path "scope": an enum path segment followed by an id segment.
    Scope(Scope),
    /// A named wrapper around another type: a component that is an array or map and refers
    /// back to itself needs a name to recur through.
    Newtype(Newtype),
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Tagged(u) => &u.name,
            TypeDef::Untagged(u) => &u.name,
            TypeDef::Scope(s) => &s.name,
            TypeDef::Newtype(n) => &n.name,
        }
    }

    /// The JSON pointer of the schema it was made from (a scope has none).
    pub fn pointer(&self) -> Option<&str> {
        let pointer = match self {
            TypeDef::Struct(s) => &s.origin.pointer,
            TypeDef::Enum(e) => &e.origin.pointer,
            TypeDef::Tagged(u) => &u.origin.pointer,
            TypeDef::Untagged(u) => &u.origin.pointer,
            TypeDef::Newtype(n) => &n.origin.pointer,
            TypeDef::Scope(_) => return None,
        };
        (!pointer.is_empty()).then_some(pointer.as_str())
    }
}

/// `pub struct Name(pub T)`, transparent on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Newtype {
    /// Rust name.
    pub name: String,
    /// Doc text from the spec.
    pub doc: Option<String>,
    /// The wrapped type.
    pub ty: TypeRef,
    /// Where it came from.
    pub origin: Origin,
}

/// Where a type came from, for docs and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// JSON pointer of the schema.
    pub pointer: String,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust name.
    pub name: String,
    /// Doc text from the spec.
    pub doc: Option<String>,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Where it came from.
    pub origin: Origin,
    /// Set when this struct is a variant of a tagged union: (tag property, tag value).
    pub tag: Option<(String, String)>,
    /// Rust name of the field that keeps the members the struct has no field for, as JSON;
    /// `None` when the spec closes the object (`additionalProperties: false`) or strict models
    /// were asked for.
    pub extra: Option<String>,
    /// Reached only from responses: users read these values and never build them, so the
    /// struct gets no `new`/`with_*` builder.
    pub received_only: bool,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier (may be raw, `r#type`).
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The value's type (without the `Option` for optional fields).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// A secret: never shown by `Debug`.
    pub sensitive: bool,
    /// `readOnly: true`: sent by the server only.
    pub read_only: bool,
}

impl Field {
    /// Optional in Rust: not required, or allowed to be null.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps values this version does not know.
    pub fallback: String,
    /// Where it came from.
    pub origin: Origin,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust identifier.
    pub rust_name: String,
    /// The value on the wire.
    pub wire: String,
}

/// A union discriminated by a property.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The tag property's wire name.
    pub tag: String,
    /// Known kinds.
    pub variants: Vec<TaggedVariant>,
    /// Name of the variant that keeps an unknown kind as raw JSON.
    pub fallback: String,
    /// Where it came from.
    pub origin: Origin,
}

/// One kind of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// Rust identifier of the variant.
    pub rust_name: String,
    /// Tag values that select this variant (the first is written when serializing).
    pub tag_values: Vec<String>,
    /// The struct holding the variant's other fields.
    pub ty: String,
}

/// A union decided by trying each shape in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedUnion {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Alternatives, tried in order.
    pub variants: Vec<UntaggedVariant>,
    /// Last alternative, holding any JSON that fits none of the others (absent when an
    /// alternative already accepts any JSON).
    pub fallback: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// Rust identifier.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
}

/// A path scope such as `/{accounts_or_zones}/{account_or_zone_id}`: one variant per value of
/// the first segment, each holding the id of the second, so "both" or "neither" cannot compile.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// One per enum value.
    pub variants: Vec<ScopeVariant>,
    /// Wire name of the id parameter (for error messages).
    pub id_param: String,
}

/// One case of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeVariant {
    /// Rust identifier of the variant.
    pub rust_name: String,
    /// snake_case constructor name.
    pub constructor: String,
    /// The path segment value.
    pub segment: String,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name as used by `reqwest::Method` constants.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` (or the derived one).
    pub id: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written in the spec.
    pub path: String,
    /// Resource path, e.g. `["zero_trust", "identity_providers"]` (snake_case identifiers).
    pub resource: Vec<String>,
    /// Method name on the resource (snake_case identifier).
    pub method_name: String,
    /// Rust name of the method that returns the raw response too (`get_with_response`).
    pub response_method_name: String,
    /// Rust name of the method that streams a binary success body as it arrives
    /// (`get_stream`), for an operation whose success response is binary.
    pub stream_method_name: Option<String>,
    /// Summary line.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Query and header parameters, gathered into one params struct.
    pub params: Option<ParamsStruct>,
    /// Request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub response: ResponseKind,
    /// The success response's media type when it is not `application/json` (`application/pdf`,
    /// `text/csv`), sent as `Accept`.
    pub accept: Option<String>,
    /// The typed bodies of its error responses, most specific status first.
    pub errors: Vec<ErrorResponse>,
    /// Deprecated in the spec.
    pub deprecated: bool,
    /// The operation's own security alternatives, when it overrides the API's.
    pub security: Option<Vec<Vec<String>>>,
    /// How a plain JSON list response pages (cursor, last id, `Link` header or offset), when
    /// it does: the operation then also gets a stream of every item.
    pub paging: Option<Paging>,
}

/// An error response whose JSON body has a declared type.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it describes.
    pub status: StatusMatch,
    /// The body's type.
    pub ty: TypeRef,
}

/// The statuses an error response describes; a specific code wins over a range, which wins
/// over `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code (`404`).
    Code(u16),
    /// A class of codes: `4` for `4XX`.
    Range(u16),
    /// `default`: any error status no other response names.
    Default,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text, emitted as is.
    Literal(String),
    /// A string path parameter.
    Param(PathParam),
    /// A scope parameter standing for two segments.
    Scope {
        /// Rust name of the scope type.
        ty: String,
        /// Rust identifier of the argument.
        rust_name: String,
        /// Doc text.
        doc: Option<String>,
        /// An example of the id, from the spec.
        example: Option<String>,
    },
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// Rust identifier of the argument.
    pub rust_name: String,
    /// Wire name.
    pub wire_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Value type.
    pub ty: TypeRef,
    /// How the value is laid out in the path.
    pub style: ParamStyle,
    /// An example value, from the spec (for doc examples).
    pub example: Option<String>,
}

/// Query and header parameters of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsStruct {
    /// Rust name of the struct.
    pub name: String,
    /// The parameters.
    pub params: Vec<Param>,
}

/// Where a non-path parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Query string.
    Query,
    /// Request header.
    Header,
}

/// A query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust identifier of the field.
    pub rust_name: String,
    /// Wire name.
    pub wire_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Value type.
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// Query or header.
    pub location: ParamLocation,
    /// How the value is laid out.
    pub style: ParamStyle,
    /// `allowReserved: true` (query only): reserved characters are sent as they are.
    pub allow_reserved: bool,
    /// The schema's `default`, as written (what the server assumes when it is left out).
    pub default: Option<serde_json::Value>,
}

/// How a parameter's value is laid out: OpenAPI's `style` with its `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query).
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `spaceDelimited` (query).
    SpaceDelimited {
        /// `explode`.
        explode: bool,
    },
    /// `pipeDelimited` (query).
    PipeDelimited {
        /// `explode`.
        explode: bool,
    },
    /// `deepObject` (query).
    DeepObject,
    /// `simple` (path, header).
    Simple {
        /// `explode`.
        explode: bool,
    },
    /// `label` (path).
    Label {
        /// `explode`.
        explode: bool,
    },
    /// `matrix` (path).
    Matrix {
        /// `explode`.
        explode: bool,
    },
    /// The whole value as JSON text: `content: application/json`, or the fallback for a value
    /// nested deeper than any style can express.
    Json,
}

impl ParamStyle {
    /// The spec's name for the style.
    pub fn name(self) -> &'static str {
        match self {
            ParamStyle::Form { .. } => "form",
            ParamStyle::SpaceDelimited { .. } => "spaceDelimited",
            ParamStyle::PipeDelimited { .. } => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
            ParamStyle::Simple { .. } => "simple",
            ParamStyle::Label { .. } => "label",
            ParamStyle::Matrix { .. } => "matrix",
            ParamStyle::Json => "JSON",
        }
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Body type: the JSON value's, or the form struct's (`String` for raw bytes or text).
    pub ty: TypeRef,
    /// Media type sent as Content-Type.
    pub media_type: String,
    /// How the value is encoded.
    pub kind: BodyKind,
    /// `required: true`.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// The other media types the operation accepts, which the method does not send.
    pub also_accepts: Vec<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`: the form struct's fields as `name=value` pairs.
    Form(FormBody),
    /// `multipart/form-data`: one part per field (per item of an array).
    Multipart(FormBody),
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, images, ...): raw bytes.
    Bytes,
}

/// The struct of a form or multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormBody {
    /// Rust name of the struct (in the models module).
    pub name: String,
    /// Its fields, in the schema's order.
    pub fields: Vec<FormField>,
}

/// One field of a form or multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// Rust identifier.
    pub rust_name: String,
    /// The field's name on the wire.
    pub wire_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The value's type (unused for files).
    pub ty: TypeRef,
    /// A file (`format: binary`), or an array of files.
    pub file: FileShape,
    /// Listed in `required`.
    pub required: bool,
    /// `encoding.<name>.contentType`: the part's Content-Type (multipart only).
    pub content_type: Option<String>,
}

/// Whether a form field holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileShape {
    /// A value, sent as text (JSON text for objects).
    None,
    /// One file.
    One,
    /// An array of files: one part each.
    Many,
}

/// What an operation returns on success.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// The envelope is unwrapped and `result` returned.
    Envelope {
        /// Type of `result`; `None` when the envelope has no result.
        result: Option<TypeRef>,
        /// `result` may be null.
        nullable: bool,
        /// Pages through `page`/`per_page` query parameters with `result_info`.
        paginated: Option<Pagination>,
    },
    /// A plain JSON body.
    Json(TypeRef),
    /// Raw bytes.
    Bytes,
    /// A `text/*` body, as a string.
    Text,
    /// Nothing (204 or no content).
    Empty,
}

/// How a paginated list pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The item type of the list.
    pub item: TypeRef,
    /// Rust field of the params struct that holds the page number.
    pub page_field: String,
}

/// How a plain (not enveloped) list response leads to its next page.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The item type of the list.
    pub item: TypeRef,
    /// Wire names leading from the response body to the items array; empty when the body is
    /// the array.
    pub items: Vec<String>,
    /// What tells the next page.
    pub style: PagingStyle,
}

/// The ways a plain list response names its next page.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// The response holds an opaque token that the next request sends in a query parameter.
    Cursor {
        /// The parameter that takes the token.
        param: PagingParam,
        /// Wire names leading from the response body to the token.
        field: Vec<String>,
    },
    /// The response says whether more items follow; the next request sends the last item's id.
    AfterId {
        /// The parameter that takes the id.
        param: PagingParam,
        /// Wire names leading from the response body to the boolean.
        has_more: Vec<String>,
        /// Wire name of the item's id.
        id: String,
    },
    /// The `Link` response header's `rel="next"` URL.
    Link,
    /// The next request skips the items seen so far.
    Offset {
        /// The parameter that takes the number of items to skip.
        offset: PagingParam,
        /// The page-size parameter, if there is one.
        limit: Option<PagingParam>,
        /// Wire names leading from the response body to the total item count, if it has one.
        total: Option<Vec<String>>,
    },
    /// The next request asks for the next page number.
    Page {
        /// The parameter that takes the page number.
        page: PagingParam,
        /// The number of the first page: the parameter's `default`, else 1.
        first: u64,
        /// The page-size parameter, if there is one.
        size: Option<PagingParam>,
        /// Wire names leading from the response body to the number of pages, if it has one.
        total_pages: Option<Vec<String>>,
        /// Wire names leading from the response body to the total item count, if it has one.
        total: Option<Vec<String>>,
    },
}

/// A query parameter the paging sets or reads: its Rust field in the params struct and type.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingParam {
    /// Rust identifier of the params struct field.
    pub rust_name: String,
    /// Wire name.
    pub wire_name: String,
    /// Its type (`String` for tokens and ids, an integer for offsets and limits).
    pub ty: TypeRef,
}

/// The response envelope: `{success, errors, messages, result, result_info}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Type of the items of `errors` and `messages`.
    pub message: TypeRef,
    /// The message's numeric `code` field, if it has one.
    pub message_code: Option<PageField>,
    /// The message's `message` text field: (Rust name, optional).
    pub message_text: Option<(String, bool)>,
    /// Type of `result_info`, when any envelope has one.
    pub result_info: Option<ResultInfo>,
}

/// The paging metadata type and which of its fields mean what.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultInfo {
    /// Rust name of the struct.
    pub ty: String,
    /// Field for the current page.
    pub page: Option<PageField>,
    /// Field for the page size.
    pub per_page: Option<PageField>,
    /// Field for the total number of pages.
    pub total_pages: Option<PageField>,
    /// Field for the total number of items.
    pub total_count: Option<PageField>,
    /// Field for the number of items on this page.
    pub count: Option<PageField>,
}

/// A numeric field of the paging metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// Rust identifier.
    pub rust_name: String,
    /// Field type (`i64` or `f64`).
    pub ty: TypeRef,
    /// Wrapped in `Option`.
    pub optional: bool,
}

/// An authentication scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Name in `components/securitySchemes`.
    pub name: String,
    /// Rust identifier of the builder method.
    pub rust_name: String,
    /// Where the credential goes.
    pub location: CredentialLocation,
    /// Environment variable that supplies it (for HTTP Basic, `username:password`).
    pub env: Option<String>,
    /// Doc text.
    pub doc: Option<String>,
    /// Rust identifier of the builder method that takes a token provider (OAuth 2 and OpenID
    /// Connect schemes, whose tokens expire).
    pub provider_method: Option<String>,
}

/// Where a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialLocation {
    /// `Authorization: Bearer <value>`.
    Bearer,
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
    /// `Authorization: <scheme> <value>`, for an HTTP scheme sent as a static value.
    Scheme(String),
    /// A header of this name.
    Header(String),
    /// A query parameter of this name.
    Query(String),
    /// A cookie of this name.
    Cookie(String),
}

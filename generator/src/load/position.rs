//! Where a node stands in the OpenAPI 3.0 grammar, read from its path alone.
//!
//! A `$ref` says nothing about what it points at; its position does: the `$ref` under
//! `.../parameters/0` stands for a parameter, the one under `.../properties/id` for a schema.
//! Bundling uses this to know which `components` section a hoisted target belongs in, and the
//! repairs use it to find schemas and operations without guessing from their keys.

/// An object kind a `$ref` can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Schema Object.
    Schema,
    /// Parameter Object.
    Parameter,
    /// Response Object.
    Response,
    /// Request Body Object.
    RequestBody,
    /// Header Object.
    Header,
    /// Example Object.
    Example,
    /// Link Object.
    Link,
    /// Callback Object.
    Callback,
    /// Security Scheme Object.
    SecurityScheme,
    /// Path Item Object (3.0 has no `components` section for these).
    PathItem,
}

impl Kind {
    /// The `components` section holding objects of this kind, if 3.0 has one.
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::SecurityScheme => "securitySchemes",
            Kind::PathItem => return None,
        })
    }

    /// The kind a `components` section holds.
    fn of_section(section: &str) -> Option<Kind> {
        Some(match section {
            "schemas" => Kind::Schema,
            "parameters" => Kind::Parameter,
            "responses" => Kind::Response,
            "requestBodies" => Kind::RequestBody,
            "headers" => Kind::Header,
            "examples" => Kind::Example,
            "links" => Kind::Link,
            "callbacks" => Kind::Callback,
            "securitySchemes" => Kind::SecurityScheme,
            "pathItems" => Kind::PathItem,
            _ => return None,
        })
    }

    /// What a message calls it.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::Response => "response",
            Kind::RequestBody => "request body",
            Kind::Header => "header",
            Kind::Example => "example",
            Kind::Link => "link",
            Kind::Callback => "callback",
            Kind::SecurityScheme => "security scheme",
            Kind::PathItem => "path item",
        }
    }
}

/// A state of the walk down the grammar; `Other` covers data (examples, defaults, enums,
/// extensions) and everything a `$ref` cannot stand in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// The document.
    Root,
    /// `paths`.
    Paths,
    /// A path item (under `paths` or a callback).
    PathItem,
    /// An operation.
    Operation,
    /// A `parameters` list.
    ParameterList,
    /// A parameter.
    Parameter,
    /// A request body.
    RequestBody,
    /// `responses` of an operation.
    Responses,
    /// A response.
    Response,
    /// A `content` map.
    Content,
    /// A media type.
    MediaType,
    /// An `encoding` map.
    Encodings,
    /// An encoding.
    Encoding,
    /// A `headers` map.
    Headers,
    /// A header.
    Header,
    /// An `examples` map.
    Examples,
    /// A `links` map.
    Links,
    /// A `callbacks` map.
    Callbacks,
    /// A callback (a map of expressions to path items).
    Callback,
    /// `components`.
    Components,
    /// One section of `components`.
    Section(Kind),
    /// A schema.
    Schema,
    /// `properties` of a schema.
    SchemaMap,
    /// `allOf`, `oneOf` or `anyOf` of a schema.
    SchemaList,
    /// A leaf kind with no `$ref`-able children (example, link, security scheme).
    Leaf(Kind),
    /// Anything else.
    Other,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Position {
    /// The object kind expected here, when a `$ref` may stand here.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Position::Schema => Some(Kind::Schema),
            Position::Parameter => Some(Kind::Parameter),
            Position::RequestBody => Some(Kind::RequestBody),
            Position::Response => Some(Kind::Response),
            Position::Header => Some(Kind::Header),
            Position::Callback => Some(Kind::Callback),
            Position::PathItem => Some(Kind::PathItem),
            Position::Leaf(kind) => Some(kind),
            _ => None,
        }
    }

    /// The position of the value under mapping key `key`.
    pub fn child(self, key: &str) -> Position {
        use Position as P;
        let extension = key.starts_with("x-");
        match (self, key) {
            (P::Root, "paths") => P::Paths,
            (P::Root, "components") => P::Components,
            // 3.1: webhooks are path items keyed by name.
            (P::Root, "webhooks") => P::Paths,
            (P::Paths | P::Callback | P::Responses, _) if extension => P::Other,
            (P::Paths | P::Callback, _) => P::PathItem,
            (P::PathItem | P::Operation, "parameters") => P::ParameterList,
            (P::PathItem, m) if METHODS.contains(&m) => P::Operation,
            (P::Operation, "requestBody") => P::RequestBody,
            (P::Operation, "responses") => P::Responses,
            (P::Operation, "callbacks") => P::Callbacks,
            (P::Parameter | P::Header | P::MediaType, "schema") => P::Schema,
            (P::Parameter | P::Header | P::RequestBody | P::Response, "content") => P::Content,
            (P::Parameter | P::Header | P::MediaType, "examples") => P::Examples,
            (P::MediaType, "encoding") => P::Encodings,
            (P::Response | P::Encoding, "headers") => P::Headers,
            (P::Response, "links") => P::Links,
            (P::Responses, _) => P::Response,
            (P::Content, _) => P::MediaType,
            (P::Encodings, _) => P::Encoding,
            (P::Headers, _) => P::Header,
            (P::Examples, _) => P::Leaf(Kind::Example),
            (P::Links, _) => P::Leaf(Kind::Link),
            (P::Callbacks, _) => P::Callback,
            (P::Components, section) => Kind::of_section(section).map_or(P::Other, P::Section),
            (P::Section(kind), _) => match kind {
                Kind::Schema => P::Schema,
                Kind::Parameter => P::Parameter,
                Kind::Response => P::Response,
                Kind::RequestBody => P::RequestBody,
                Kind::Header => P::Header,
                Kind::Callback => P::Callback,
                Kind::PathItem => P::PathItem,
                Kind::Example | Kind::Link | Kind::SecurityScheme => P::Leaf(kind),
            },
            // JSON Schema 2020-12 (3.1) subschemas too, so `$ref`s into `$defs` and the 3.1
            // conversion reach them.
            (P::Schema, "properties" | "$defs" | "patternProperties" | "dependentSchemas") => {
                P::SchemaMap
            }
            (
                P::Schema,
                "items"
                | "not"
                | "additionalProperties"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "contentSchema",
            ) => P::Schema,
            (P::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => P::SchemaList,
            (P::SchemaMap, _) => P::Schema,
            (P::ParameterList | P::SchemaList, i) if is_index(i) => self.item(),
            _ => P::Other,
        }
    }

    /// The position of an item of a sequence.
    pub fn item(self) -> Position {
        match self {
            Position::ParameterList => Position::Parameter,
            Position::SchemaList => Position::Schema,
            _ => Position::Other,
        }
    }
}

fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// The object kind expected at `path` (decoded pointer tokens), if a `$ref` may stand there.
/// The walks track positions step by step; this is the same fold, for tests.
#[cfg(test)]
pub fn kind_at<S: AsRef<str>>(path: &[S]) -> Option<Kind> {
    path.iter()
        .fold(Position::Root, |pos, token| pos.child(token.as_ref()))
        .kind()
}

/// One step down from a node: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

/// The decoded tokens of a path of steps; built only for the nodes that need one.
pub fn tokens(path: &[Step<'_>]) -> Vec<String> {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => (*k).to_owned(),
            Step::Index(i) => i.to_string(),
        })
        .collect()
}

/// Visits every node the grammar gives a position other than [`Position::Other`], parents
/// before children, in document order; `visit` returns false to skip a node's children.
/// The walk keeps its own stack, so a deep document cannot overflow ours.
pub fn walk<'a>(
    tree: &'a serde_yaml_ng::Value,
    mut visit: impl FnMut(&'a serde_yaml_ng::Value, Position, &[Step<'a>]) -> bool,
) {
    use serde_yaml_ng::Value;
    let mut path: Vec<Step<'a>> = Vec::new();
    let mut stack: Vec<(&'a Value, Position, usize, Option<Step<'a>>)> =
        vec![(tree, Position::Root, 0, None)];
    while let Some((node, pos, depth, step)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if let Some(step) = step {
            path.push(step);
        }
        if !visit(node, pos, &path) {
            continue;
        }
        let before = stack.len();
        match node {
            Value::Mapping(map) => {
                for (k, v) in map {
                    let Some(k) = k.as_str() else { continue };
                    let child = pos.child(k);
                    if child != Position::Other {
                        stack.push((v, child, depth + 1, Some(Step::Key(k))));
                    }
                }
            }
            Value::Sequence(items) => {
                let item = pos.item();
                if item != Position::Other {
                    for (i, v) in items.iter().enumerate() {
                        stack.push((v, item, depth + 1, Some(Step::Index(i))));
                    }
                }
            }
            _ => {}
        }
        // Popped last-in first-out: reversed, children come off in document order.
        stack[before..].reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(pointer: &str) -> Option<Kind> {
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        kind_at(&tokens)
    }

    #[test]
    fn operation_parts() {
        assert_eq!(kind("#/paths/~1a/get/parameters/0"), Some(Kind::Parameter));
        assert_eq!(kind("#/paths/~1a/parameters/3"), Some(Kind::Parameter));
        assert_eq!(
            kind("#/paths/~1a/post/requestBody"),
            Some(Kind::RequestBody)
        );
        assert_eq!(kind("#/paths/~1a/get/responses/200"), Some(Kind::Response));
        assert_eq!(
            kind("#/paths/~1a/get/responses/default"),
            Some(Kind::Response)
        );
        assert_eq!(kind("#/paths/~1a/get/responses/x-ext"), None);
        assert_eq!(kind("#/paths/~1a"), Some(Kind::PathItem));
        assert_eq!(kind("#/paths/~1a/get"), None);
        assert_eq!(
            kind("#/paths/~1a/get/responses/200/headers/X-Rate"),
            Some(Kind::Header)
        );
        assert_eq!(
            kind("#/paths/~1a/get/responses/200/links/next"),
            Some(Kind::Link)
        );
        assert_eq!(
            kind("#/paths/~1a/get/callbacks/onEvent"),
            Some(Kind::Callback)
        );
        assert_eq!(
            kind("#/paths/~1a/get/callbacks/onEvent/{$request.body#~1url}"),
            Some(Kind::PathItem)
        );
        assert_eq!(
            kind("#/paths/~1a/get/callbacks/onEvent/{$request.body#~1url}/post/requestBody"),
            Some(Kind::RequestBody)
        );
    }

    #[test]
    fn schemas_wherever_they_stand() {
        let media = "#/paths/~1a/get/responses/200/content/application~1json";
        assert_eq!(kind(&format!("{media}/schema")), Some(Kind::Schema));
        assert_eq!(kind(&format!("{media}/examples/one")), Some(Kind::Example));
        assert_eq!(kind(&format!("{media}/example")), None);
        assert_eq!(
            kind(&format!("{media}/encoding/file/headers/X-Y")),
            Some(Kind::Header)
        );
        assert_eq!(
            kind("#/paths/~1a/get/parameters/0/schema"),
            Some(Kind::Schema)
        );
        assert_eq!(
            kind("#/components/parameters/limit/schema"),
            Some(Kind::Schema)
        );
        assert_eq!(kind("#/components/headers/h/schema"), Some(Kind::Schema));
        let pet = "#/components/schemas/Pet";
        assert_eq!(kind(pet), Some(Kind::Schema));
        for child in [
            "properties/owner",
            "items",
            "allOf/0",
            "oneOf/12",
            "anyOf/1",
            "not",
            "additionalProperties",
            "properties/properties/items/properties/example",
            "$defs/B",
            "$defs/B/$defs/C/items",
            "prefixItems/0",
            "then",
        ] {
            assert_eq!(
                kind(&format!("{pet}/{child}")),
                Some(Kind::Schema),
                "{child}"
            );
        }
        // Data, not grammar: a `$ref` key inside an example or extension is a value.
        for data in [
            "example",
            "default/a",
            "enum/0",
            "x-defs/Thing",
            "allOf/x",
            "properties",
        ] {
            assert_eq!(kind(&format!("{pet}/{data}")), None, "{data}");
        }
    }

    #[test]
    fn components_sections() {
        assert_eq!(
            kind("#/components/responses/NotFound"),
            Some(Kind::Response)
        );
        assert_eq!(
            kind("#/components/requestBodies/B"),
            Some(Kind::RequestBody)
        );
        assert_eq!(kind("#/components/examples/E"), Some(Kind::Example));
        assert_eq!(
            kind("#/components/securitySchemes/S"),
            Some(Kind::SecurityScheme)
        );
        assert_eq!(kind("#/components/callbacks/C"), Some(Kind::Callback));
        assert_eq!(kind("#/components/unknown/C"), None);
        assert_eq!(kind("#/x-defs/Thing"), None);
        assert_eq!(kind("#"), None);
        assert_eq!(Kind::PathItem.section(), None);
        assert_eq!(Kind::RequestBody.section(), Some("requestBodies"));
    }
}

//! Where an operation's error responses get their types: the JSON body of each non-2xx status,
//! `4XX`-style range and `default` response is lowered like a success body, so the client can
//! decode a failure into the type the spec declares for it (and the types only error responses
//! use are generated). Envelopes are left to the runtime, which reads their `errors` itself.

use std::collections::BTreeSet;

use openapiv3::{Operation as SpecOperation, ReferenceOr, Response, StatusCode};

use super::allof;
use super::names::{self, Namespace};
use super::operation::json_media;
use super::Ctx;
use crate::diag::{child, Diagnostics};
use crate::ir::{ErrorBodyVariant, ErrorResponse, Operation, StatusMatch, TypeRef};

/// The name of `ErrorBody`'s variant for a body that fits none of the declared types.
const UNKNOWN_VARIANT: &str = "Unknown";

impl Ctx<'_> {
    /// The typed error responses of `op`, most specific status first.
    pub(super) fn lower_errors(
        &mut self,
        op: &SpecOperation,
        op_ptr: &str,
        prefix: &str,
    ) -> Vec<ErrorResponse> {
        let responses_ptr = format!("{op_ptr}/responses");
        let mut declared: Vec<(StatusMatch, String, &ReferenceOr<Response>)> = Vec::new();
        for (code, response) in &op.responses.responses {
            let status = match code {
                StatusCode::Code(n) if (200..300).contains(n) => continue,
                StatusCode::Range(2) => continue,
                StatusCode::Code(n) => StatusMatch::Code(*n),
                StatusCode::Range(n) => StatusMatch::Range(*n),
            };
            let ptr = child(&responses_ptr, &code.to_string());
            declared.push((status, ptr, response));
        }
        if let Some(response) = &op.responses.default {
            declared.push((
                StatusMatch::Default,
                format!("{responses_ptr}/default"),
                response,
            ));
        }
        declared.sort_by_key(|(status, ..)| *status);
        let mut out = Vec::new();
        for (status, ptr, response) in declared {
            let hint = format!("{prefix}{}Error", status_word(status));
            if let Some(ty) = self.lower_error_body(response, &ptr, &hint) {
                out.push(ErrorResponse { status, ty });
            }
        }
        out
    }

    /// The type of one error response's JSON body; `None` when it has none, or when the body
    /// is the API's envelope (the runtime turns those into `Error::Api`).
    fn lower_error_body(
        &mut self,
        response: &ReferenceOr<Response>,
        ptr: &str,
        hint: &str,
    ) -> Option<TypeRef> {
        let (response, ptr) = match response {
            ReferenceOr::Item(r) => (r, ptr.to_owned()),
            ReferenceOr::Reference { reference } => match self.refs.response(reference) {
                Ok((at, r)) => (r, at),
                Err(e) => {
                    self.diags.error(ptr, e);
                    return None;
                }
            },
        };
        let (media_type, media) = json_media(&response.content)?;
        let schema = media.schema.as_ref()?;
        let schema_ptr = format!("{}/schema", child(&format!("{ptr}/content"), media_type));
        if self.is_envelope(schema, &schema_ptr) {
            return None;
        }
        Some(self.lower_ref(schema, hint, &schema_ptr).ty)
    }

    /// Whether `schema` is a response envelope (`success`, `errors` and `messages`).
    fn is_envelope(&self, schema: &ReferenceOr<openapiv3::Schema>, ptr: &str) -> bool {
        let resolved = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.refs.schema(reference) {
                Ok((_, s)) => s,
                Err(_) => return false,
            },
        };
        let merged = allof::merge(self.refs, resolved, ptr, &mut Diagnostics::default());
        ["success", "errors", "messages"]
            .iter()
            .all(|k| merged.props.contains_key(*k))
    }
}

/// `404` → `404`, `4XX` → `4xx`, `default` → `Default`: the part of an inline error body's
/// type name that says which response it is.
fn status_word(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(n) => n.to_string(),
        StatusMatch::Range(n) => format!("{n}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// The variants of `ErrorBody`: one per distinct type the operations declare for an error
/// body, named after the type, in order of first use.
pub(super) fn error_body_variants(operations: &[Operation]) -> Vec<ErrorBodyVariant> {
    let mut names = Namespace::with_reserved(&[UNKNOWN_VARIANT]);
    let mut seen: BTreeSet<&TypeRef> = BTreeSet::new();
    let mut out = Vec::new();
    for e in operations.iter().flat_map(|op| &op.errors) {
        if seen.insert(&e.ty) {
            out.push(ErrorBodyVariant {
                rust_name: names.claim(&names::type_name(&variant_word(&e.ty))),
                ty: e.ty.clone(),
            });
        }
    }
    out
}

/// A name for a body type: a named type's own, a description of the others.
fn variant_word(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(t) => variant_word(t),
        TypeRef::Vec(t) => format!("{}List", variant_word(t)),
        TypeRef::Map(t) => format!("{}Map", variant_word(t)),
        TypeRef::Bool => "Bool".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::String => "Text".to_owned(),
        TypeRef::Json | TypeRef::JsonObject => "Json".to_owned(),
        TypeRef::Format(f) => f
            .public_name()
            .rsplit("::")
            .next()
            .unwrap_or("Text")
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{StatusMatch, TypeRef};
    use crate::lower::{lower, Options};

    fn doc(responses: serde_json::Value) -> openapiv3::OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"get": {"operationId": "getThing", "responses": responses}}},
            "components": {"schemas": {
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Gone": {"type": "object", "properties": {"why": {"$ref": "#/components/schemas/Why"}}},
                "Why": {"type": "object", "properties": {"text": {"type": "string"}}},
                "Envelope": {"type": "object", "properties": {
                    "success": {"type": "boolean"},
                    "errors": {"type": "array", "items": {}},
                    "messages": {"type": "array", "items": {}},
                }},
            }},
        }))
        .expect("an OpenAPI document")
    }

    fn json(schema: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"description": "d", "content": {"application/json": {"schema": schema}}})
    }

    /// With `only_used`, a component only an error response names (and what it names) is
    /// generated, and the statuses come most specific first.
    #[test]
    fn components_reached_only_through_errors_are_generated() {
        let responses = serde_json::json!({
            "default": json(serde_json::json!({
                "type": "object",
                "properties": {"message": {"type": "string"}},
            })),
            "4XX": json(serde_json::json!({"$ref": "#/components/schemas/Gone"})),
            "410": json(serde_json::json!({"$ref": "#/components/schemas/Gone"})),
            "200": json(serde_json::json!({"$ref": "#/components/schemas/Thing"})),
        });
        let options = Options {
            only_used: true,
            ..Options::default()
        };
        let (ir, diags) = lower(&doc(responses), &options);
        assert!(!diags.has_errors(), "{diags:?}");
        assert!(ir.types.contains_key("Gone"), "{:?}", ir.types.keys());
        assert!(ir.types.contains_key("Why"), "{:?}", ir.types.keys());
        assert!(!ir.types.contains_key("Envelope"));
        let statuses: Vec<StatusMatch> = ir.operations[0].errors.iter().map(|e| e.status).collect();
        assert_eq!(
            statuses,
            [
                StatusMatch::Code(410),
                StatusMatch::Range(4),
                StatusMatch::Default
            ]
        );
        let variants: Vec<(&str, &TypeRef)> = ir
            .error_bodies
            .iter()
            .map(|v| (v.rust_name.as_str(), &v.ty))
            .collect();
        let inline = "ThingsGetDefaultError";
        assert_eq!(
            variants,
            [
                ("Gone", &TypeRef::Named("Gone".to_owned())),
                (inline, &TypeRef::Named(inline.to_owned()))
            ]
        );
        // The inline schema of `default` is generated although no component names it.
        assert!(ir.types.contains_key(inline), "{:?}", ir.types.keys());
    }

    /// An envelope is the runtime's to read (`Error::Api`), and a body that is not JSON is
    /// kept as bytes: neither is a typed error body.
    #[test]
    fn envelopes_and_non_json_bodies_are_not_typed() {
        let responses = serde_json::json!({
            "200": json(serde_json::json!({"$ref": "#/components/schemas/Thing"})),
            "4XX": json(serde_json::json!({"$ref": "#/components/schemas/Envelope"})),
            "500": {"description": "d", "content": {"text/html": {"schema": {"type": "string"}}}},
        });
        let (ir, diags) = lower(&doc(responses), &Options::default());
        assert!(!diags.has_errors(), "{diags:?}");
        assert!(ir.operations[0].errors.is_empty());
        assert!(ir.error_bodies.is_empty());
    }
}

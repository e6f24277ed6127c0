//! Where a request body gets its encoding: JSON when the operation offers it, else a form
//! (`application/x-www-form-urlencoded`) or `multipart/form-data` struct typed from the schema,
//! a string for `text/*`, raw bytes for anything else.

use openapiv3::{MediaType, ReferenceOr, Schema};

use super::allof;
use super::flat::{Flat, JsonType, SchemaRef};
use super::names::{self, Namespace};
use super::operation::is_json;
use super::Ctx;
use crate::diag::child;
use crate::ir::{BodyKind, FileShape, FormBody, FormField, TypeRef};

/// The media types a body may be sent as, best first: JSON, then a form, multipart, text,
/// and anything else in the spec's order.
pub(super) fn pick_request_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    let rank = |media: &str| {
        let m = essence(media);
        if is_json(media) {
            0
        } else if m == "application/x-www-form-urlencoded" {
            1
        } else if m == "multipart/form-data" {
            2
        } else if m.starts_with("text/") {
            3
        } else {
            4
        }
    };
    content
        .iter()
        .enumerate()
        .min_by_key(|(i, (k, _))| (rank(k), *i))
        .map(|(_, (k, v))| (k.as_str(), v))
}

/// The media type without its parameters, lower-cased.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Ctx<'_> {
    /// The body's type and encoding for `media_type`.
    pub(super) fn lower_body_media(
        &mut self,
        media_type: &str,
        media: &MediaType,
        ptr: &str,
        prefix: &str,
    ) -> (TypeRef, BodyKind) {
        let media_ptr = child(&format!("{ptr}/content"), media_type);
        let essence = essence(media_type);
        if is_json(media_type) {
            let ty = match &media.schema {
                Some(s) => self.lower_ref(s, &format!("{prefix}Body"), &media_ptr).ty,
                None => TypeRef::Json,
            };
            return (ty, BodyKind::Json);
        }
        let form = essence == "application/x-www-form-urlencoded";
        if form || essence == "multipart/form-data" {
            let schema_ptr = format!("{media_ptr}/schema");
            if let Some(body) = media
                .schema
                .as_ref()
                .and_then(|s| self.lower_form(s, media, &schema_ptr, prefix, !form))
            {
                let ty = TypeRef::Named(body.name.clone());
                let kind = if form {
                    BodyKind::Form(body)
                } else {
                    BodyKind::Multipart(body)
                };
                return (ty, kind);
            }
            self.diags.warn(
                &media_ptr,
                format!("`{media_type}` body has no object schema; it is sent as raw bytes"),
            );
            return (TypeRef::String, BodyKind::Bytes);
        }
        if essence.starts_with("text/") {
            return (TypeRef::String, BodyKind::Text);
        }
        (TypeRef::String, BodyKind::Bytes)
    }

    /// The struct of a form or multipart body: one field per property of its object schema.
    fn lower_form(
        &mut self,
        schema: &ReferenceOr<Schema>,
        media: &MediaType,
        ptr: &str,
        prefix: &str,
        multipart: bool,
    ) -> Option<FormBody> {
        let (resolved, ptr) = match schema {
            ReferenceOr::Item(s) => (s, ptr.to_owned()),
            ReferenceOr::Reference { reference } => match self.refs.schema(reference) {
                Ok((name, s)) => (s, child("#/components/schemas", &name)),
                Err(e) => {
                    self.diags.error(ptr, e);
                    return None;
                }
            },
        };
        let merged = allof::merge(self.refs, resolved, &ptr, &mut self.diags);
        if merged.props.is_empty() {
            return None;
        }
        let mut rust_names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, prop) in &merged.props {
            let hint = format!("{prefix}Body{}", names::type_name(wire));
            let last = prop.layers.last().copied();
            let file = match last {
                Some(layer) if multipart => self.file_shape(layer),
                _ => FileShape::None,
            };
            let (ty, doc) = if file == FileShape::None {
                let (lowered, facts) = self.lower_property(prop, &hint);
                (lowered.ty, facts.doc)
            } else {
                let doc = last.and_then(|l| match l {
                    ReferenceOr::Item(s) => s.schema_data.description.clone(),
                    ReferenceOr::Reference { .. } => None,
                });
                (TypeRef::String, doc)
            };
            let content_type = media
                .encoding
                .get(wire)
                .and_then(|e| e.content_type.clone())
                .filter(|_| multipart);
            fields.push(FormField {
                rust_name: rust_names.claim(&names::snake_ident(wire)),
                wire_name: wire.clone(),
                doc,
                ty,
                file,
                required: merged.is_required(wire),
                content_type,
            });
        }
        Some(FormBody {
            name: self.type_names.claim_joined(&format!("{prefix}Body")),
            fields,
        })
    }

    /// Whether a property is a file (`type: string, format: binary`) or an array of them.
    fn file_shape(&self, layer: &SchemaRef) -> FileShape {
        let Some(schema) = self.resolve_layer(layer) else {
            return FileShape::None;
        };
        let flat = Flat::of(schema);
        match flat.ty {
            Some(JsonType::String) if is_binary(&flat) => FileShape::One,
            Some(JsonType::Array) => match flat.items.and_then(|i| self.resolve_layer(i)) {
                Some(item) if is_binary(&Flat::of(item)) => FileShape::Many,
                _ => FileShape::None,
            },
            _ => FileShape::None,
        }
    }

    fn resolve_layer<'s>(&'s self, layer: &'s SchemaRef) -> Option<&'s Schema> {
        match layer {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.refs.schema(reference).ok().map(|r| r.1),
        }
    }
}

/// A string schema whose value is a file's bytes.
fn is_binary(flat: &Flat<'_>) -> bool {
    flat.ty == Some(JsonType::String) && flat.format.as_deref() == Some("binary")
}

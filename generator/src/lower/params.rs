//! How a parameter's value is laid out: the spec's `style` and `explode` with OpenAPI 3.0's
//! defaults, `content` parameters as JSON text, and the JSON-text fallback for a value nested
//! deeper than any style can express.

use std::collections::BTreeMap;

use openapiv3::{HeaderStyle, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle};

use super::Ctx;
use crate::ir::{ParamStyle, TypeDef, TypeRef};

/// How many named types deep the shape of a parameter is followed before it counts as nested.
const DEPTH_BUDGET: usize = 16;

/// The style a parameter declares, with the defaults of OpenAPI 3.0 §4.7.12.4: `form` in the
/// query, `simple` in the path and headers; `explode` is true for `form` only. A parameter given
/// by `content` of a JSON media type is sent as JSON text.
pub fn declared_style(param: &Parameter) -> ParamStyle {
    let data = param.parameter_data_ref();
    if let ParameterSchemaOrContent::Content(content) = &data.format {
        if content
            .keys()
            .next()
            .is_some_and(|m| super::operation::is_json(m))
        {
            return ParamStyle::Json;
        }
    }
    let explicit = data.explode;
    let explode = |default: bool| explicit.unwrap_or(default);
    match param {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form {
                explode: explode(true),
            },
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited {
                explode: explode(false),
            },
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited {
                explode: explode(false),
            },
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple {
                explode: explode(false),
            },
            PathStyle::Label => ParamStyle::Label {
                explode: explode(false),
            },
            PathStyle::Matrix => ParamStyle::Matrix {
                explode: explode(false),
            },
        },
        Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => ParamStyle::Simple {
            explode: explode(false),
        },
        Parameter::Cookie { .. } => ParamStyle::Form {
            explode: explode(true),
        },
    }
}

/// How deep a value nests, as far as its type tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// A string, number, boolean, enum, or a union of those.
    Scalar,
    /// An array of scalars, or an object whose members are scalars.
    Flat,
    /// Anything deeper: no style defines it.
    Nested,
}

/// The depth of `ty`, following named types through `types`. Untyped JSON counts as a
/// scalar: what it holds is known only at run time, where the runtime sends anything nested
/// as JSON text.
pub fn depth(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> Depth {
    depth_within(types, ty, DEPTH_BUDGET)
}

fn depth_within(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, budget: usize) -> Depth {
    let container = |inner: &TypeRef| match depth_within(types, inner, budget) {
        Depth::Scalar => Depth::Flat,
        _ => Depth::Nested,
    };
    match ty {
        TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::String
        | TypeRef::Format(_)
        | TypeRef::Json => Depth::Scalar,
        TypeRef::JsonObject => Depth::Flat,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => container(inner),
        TypeRef::Boxed(inner) => depth_within(types, inner, budget),
        TypeRef::Named(name) => {
            let Some(budget) = budget.checked_sub(1) else {
                return Depth::Nested;
            };
            match types.get(name) {
                // Not lowered yet (only while a recursive type is being built): the runtime
                // copes with whatever it turns out to be.
                None => Depth::Flat,
                Some(TypeDef::Enum(_) | TypeDef::Scope(_)) => Depth::Scalar,
                // Flat when every member is a scalar; a member that is itself a struct is not,
                // so structs are never descended into (wide nested types stay cheap).
                Some(TypeDef::Struct(s)) => {
                    let flat = s.fields.iter().all(|f| {
                        !matches!(
                            f.ty.direct_name().and_then(|n| types.get(n)),
                            Some(TypeDef::Struct(_) | TypeDef::Tagged(_))
                        ) && depth_within(types, &f.ty, budget) == Depth::Scalar
                    });
                    if flat {
                        Depth::Flat
                    } else {
                        Depth::Nested
                    }
                }
                Some(TypeDef::Tagged(u)) => u
                    .variants
                    .iter()
                    .map(|v| depth_within(types, &TypeRef::Named(v.ty.clone()), budget))
                    .max()
                    .unwrap_or(Depth::Flat),
                Some(TypeDef::Newtype(n)) => depth_within(types, &n.ty, budget),
                Some(TypeDef::Untagged(u)) => u
                    .variants
                    .iter()
                    .map(|v| depth_within(types, &v.ty, budget))
                    .max()
                    .unwrap_or(Depth::Scalar),
            }
        }
    }
}

impl Ctx<'_> {
    /// `style`, unless a value of type `ty` nests deeper than any style can express: then a
    /// warning at `ptr`, and the value is sent as JSON text.
    pub(crate) fn settle_style(
        &mut self,
        name: &str,
        ty: &TypeRef,
        style: ParamStyle,
        ptr: &str,
    ) -> ParamStyle {
        if style == ParamStyle::Json || depth(&self.ir.types, ty) != Depth::Nested {
            return style;
        }
        self.diags.warn(
            ptr,
            format!(
                "parameter `{name}` holds objects or arrays nested deeper than style `{}` can \
                 express; it is sent as JSON text",
                style.name()
            ),
        );
        ParamStyle::Json
    }
}

//! Where `allOf` is merged: every member's properties gathered in order, so a later member
//! refines a property an earlier one declared (Cloudflare's variants refine `config` this way).

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema};

use super::flat::{Flat, SchemaRef};
use super::refs::Refs;
use crate::diag::{child, Diagnostics};

/// Every declaration of one property, earliest first.
#[derive(Debug, Clone)]
pub struct Prop<'a> {
    /// The property's schema in each member that declares it.
    pub layers: Vec<&'a SchemaRef>,
    /// Pointer of the last declaration.
    pub pointer: String,
}

/// An object schema with its `allOf` members folded in.
#[derive(Debug, Clone, Default)]
pub struct Merged<'a> {
    /// Properties in first-declared order.
    pub props: IndexMap<String, Prop<'a>>,
    /// Union of every member's `required`.
    pub required: Vec<String>,
    /// The outermost description found.
    pub doc: Option<&'a str>,
    /// `additionalProperties` of the last member that set it.
    pub additional: Option<&'a AdditionalProperties>,
    /// A discriminator declared on any member.
    pub discriminator: Option<&'a Discriminator>,
    /// Members that are not objects (a primitive, array or union), with their pointers.
    pub non_objects: Vec<(&'a Schema, String)>,
    /// Any member is nullable.
    pub nullable: bool,
}

impl<'a> Merged<'a> {
    /// True when `wire` is listed as required by any member.
    pub fn is_required(&self, wire: &str) -> bool {
        self.required.iter().any(|r| r == wire)
    }
}

/// Merges `schema` (and, recursively, its `allOf` members) into one property list.
pub fn merge<'a>(
    refs: Refs<'a>,
    schema: &'a Schema,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Merged<'a> {
    let mut merged = Merged::default();
    let mut chain = Vec::new();
    fold(refs, schema, pointer, &mut merged, &mut chain, diags, true);
    merged
}

fn fold<'a>(
    refs: Refs<'a>,
    schema: &'a Schema,
    pointer: &str,
    out: &mut Merged<'a>,
    chain: &mut Vec<String>,
    diags: &mut Diagnostics,
    outermost: bool,
) {
    let flat = Flat::of(schema);
    if let Some(d) = flat.data.description.as_deref() {
        if outermost || out.doc.is_none() {
            out.doc = Some(d);
        }
    }
    out.nullable |= flat.data.nullable;
    if let Some(d) = flat.data.discriminator.as_ref() {
        out.discriminator = Some(d);
    }
    for (i, member) in flat.all_of.iter().enumerate() {
        let member_ptr = format!("{pointer}/allOf/{i}");
        match member {
            ReferenceOr::Reference { reference } => match refs.schema(reference) {
                Ok((name, target)) => {
                    if chain.contains(&name) {
                        diags.error(
                            &member_ptr,
                            format!("allOf cycle: `{name}` includes itself through allOf"),
                        );
                        continue;
                    }
                    chain.push(name.clone());
                    let target_ptr = child("#/components/schemas", &name);
                    fold(refs, target, &target_ptr, out, chain, diags, false);
                    chain.pop();
                }
                Err(e) => diags.error(&member_ptr, e),
            },
            ReferenceOr::Item(member) => fold(refs, member, &member_ptr, out, chain, diags, false),
        }
    }
    if !flat.one_of.is_empty() || !flat.any_of.is_empty() {
        out.non_objects.push((schema, pointer.to_owned()));
        return;
    }
    let has_object_keywords = flat.properties.is_some() || flat.additional.is_some();
    if let Some(props) = flat.properties {
        for (name, prop) in props {
            let prop_ptr = child(&format!("{pointer}/properties"), name);
            let entry = out.props.entry(name.clone()).or_insert_with(|| Prop {
                layers: Vec::new(),
                pointer: prop_ptr.clone(),
            });
            // A diamond (`allOf: [B, C]`, both `allOf: [Base]`) reaches one declaration twice:
            // it is one layer, not a refinement of itself.
            if !entry.layers.iter().any(|l| std::ptr::eq(*l, prop)) {
                entry.layers.push(prop);
            }
            entry.pointer = prop_ptr;
        }
    }
    for r in flat.required {
        if !out.required.contains(r) {
            out.required.push(r.clone());
        }
    }
    if let Some(a) = flat.additional {
        out.additional = Some(a);
    }
    if flat.all_of.is_empty() && !has_object_keywords {
        let ty = flat.effective_type();
        let is_plain_object = ty == Some(super::flat::JsonType::Object);
        if !is_plain_object && (ty.is_some() || !flat.enum_values.is_empty()) {
            out.non_objects.push((schema, pointer.to_owned()));
        }
    }
}

//! Where a `oneOf`/`anyOf` is classified: tagged by an explicit `discriminator`, tagged by a
//! property whose value is fixed per variant, or (failing both) untagged.

use openapiv3::{Discriminator, ReferenceOr, Schema};
use serde_json::Value;

use super::allof;
use super::flat::{Flat, JsonType};
use super::names::{self, Namespace};
use super::schema::Lowered;
use super::Ctx;
use crate::diag::child;
use crate::ir::{
    Origin, StringFormat, TaggedUnion, TaggedVariant, TypeDef, TypeRef, UntaggedUnion,
    UntaggedVariant,
};

/// One member of a union, resolved enough to classify it.
struct Member<'s> {
    /// The member as written.
    schema: &'s ReferenceOr<Schema>,
    /// Component name, for referenced members.
    component: Option<String>,
    /// Pointer of the member.
    pointer: String,
}

impl<'a> Ctx<'a> {
    /// Lowers a `oneOf`/`anyOf` schema.
    pub fn lower_union(
        &mut self,
        schema: &Schema,
        flat: &Flat<'_>,
        hint: &str,
        pointer: &str,
        named: Option<String>,
    ) -> Lowered {
        let (list, keyword) = if flat.one_of.is_empty() {
            (flat.any_of, "anyOf")
        } else {
            (flat.one_of, "oneOf")
        };
        let mut nullable = false;
        let mut members = Vec::new();
        for (i, m) in list.iter().enumerate() {
            let member_ptr = format!("{pointer}/{keyword}/{i}");
            if is_null_schema(m) {
                nullable = true;
                continue;
            }
            let component = match m {
                ReferenceOr::Reference { reference } => match self.refs.schema(reference) {
                    Ok((name, _)) => Some(name),
                    Err(e) => {
                        self.diags.error(&member_ptr, e);
                        continue;
                    }
                },
                ReferenceOr::Item(_) => None,
            };
            members.push(Member {
                schema: m,
                component,
                pointer: member_ptr,
            });
        }
        if let [only] = members.as_slice() {
            let mut lowered = self.lower_ref(only.schema, hint, &only.pointer);
            lowered.nullable |= nullable;
            return lowered;
        }
        if members.is_empty() {
            return Lowered {
                ty: TypeRef::Json,
                nullable,
            };
        }
        let name = match named {
            Some(n) => n,
            None => self.type_names.claim_joined(&names::type_name(hint)),
        };
        if flat.data.discriminator.is_none() {
            if let Some(values) = inline_string_enum_values(&members) {
                // `oneOf` of inline one-value enums, each documenting its value: one enum.
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                self.lower_string_enum(&name, &schema.schema_data, &values, pointer);
                return Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                };
            }
        }
        let doc = schema.schema_data.description.clone();
        let tagged = match flat.data.discriminator.as_ref() {
            Some(d) => self.tags_from_discriminator(d, &members, pointer),
            None => self.tags_from_fixed_property(&members),
        };
        match tagged {
            Some((tag, values)) => {
                self.build_tagged(&name, doc, &tag, &members, values, hint, pointer)
            }
            None => self.build_untagged(&name, doc, &members, hint, pointer),
        }
        Lowered {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// Tag values per member from `discriminator.mapping` (or the component name, per the
    /// OpenAPI rule for members the mapping does not list).
    fn tags_from_discriminator(
        &mut self,
        d: &Discriminator,
        members: &[Member<'_>],
        pointer: &str,
    ) -> Option<(String, Vec<Vec<String>>)> {
        let mut values = Vec::new();
        for m in members {
            let mut mine: Vec<String> = Vec::new();
            for (value, target) in &d.mapping {
                let target_name = if target.starts_with('#') {
                    self.refs.schema(target).ok().map(|(n, _)| n)
                } else {
                    Some(target.clone())
                };
                if target_name.is_some() && target_name == m.component {
                    mine.push(value.clone());
                }
            }
            if mine.is_empty() {
                match &m.component {
                    Some(c) => mine.push(c.clone()),
                    None => {
                        self.diags.warn(
                            &m.pointer,
                            "inline union member has no discriminator mapping; the union is generated untagged",
                        );
                        return None;
                    }
                }
            }
            values.push(mine);
        }
        for (value, target) in &d.mapping {
            if target.starts_with('#') {
                if let Err(e) = self.refs.schema(target) {
                    self.diags
                        .error(child(&format!("{pointer}/discriminator/mapping"), value), e);
                }
            }
        }
        Some((d.property_name.clone(), values))
    }

    /// Without a discriminator: a property every member has, fixed to one distinct string.
    fn tags_from_fixed_property(
        &mut self,
        members: &[Member<'_>],
    ) -> Option<(String, Vec<Vec<String>>)> {
        let mut per_member = Vec::new();
        for m in members {
            let schema = self.member_schema(m)?;
            let merged = allof::merge(self.refs, schema, &m.pointer, &mut self.diags);
            let mut fixed = Vec::new();
            for (wire, prop) in &merged.props {
                let last = prop.layers.last()?;
                let enum_values = match last {
                    ReferenceOr::Item(s) => Flat::of(s).enum_values,
                    ReferenceOr::Reference { reference } => {
                        Flat::of(self.refs.schema(reference).ok()?.1).enum_values
                    }
                };
                if let [Value::String(v)] = enum_values.as_slice() {
                    fixed.push((wire.clone(), v.clone()));
                }
            }
            per_member.push(fixed);
        }
        let first = per_member.first()?;
        'candidates: for (tag, _) in first {
            let mut values = Vec::new();
            for fixed in &per_member {
                match fixed.iter().find(|(w, _)| w == tag) {
                    Some((_, v)) if !values.iter().any(|vs: &Vec<String>| vs[0] == *v) => {
                        values.push(vec![v.clone()])
                    }
                    _ => continue 'candidates,
                }
            }
            return Some((tag.clone(), values));
        }
        None
    }

    fn member_schema(&self, m: &Member<'_>) -> Option<&'a Schema> {
        match m.schema {
            ReferenceOr::Reference { reference } => {
                self.refs.schema(reference).ok().map(|(_, s)| s)
            }
            // Inline members are classified through their own lowering below.
            ReferenceOr::Item(_) => None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn build_tagged(
        &mut self,
        name: &str,
        doc: Option<String>,
        tag: &str,
        members: &[Member<'_>],
        values: Vec<Vec<String>>,
        hint: &str,
        pointer: &str,
    ) {
        // Lower every member first: only when all are structs does the tag leave them.
        let mut tys = Vec::new();
        for (m, tag_values) in members.iter().zip(&values) {
            let variant_hint = format!("{hint}{}", names::type_name(&tag_values[0]));
            let lowered = self.lower_ref(m.schema, &variant_hint, &m.pointer);
            let ty = lowered.ty.direct_name().map(str::to_owned);
            match ty {
                Some(ty) if matches!(self.ir.types.get(&ty), Some(TypeDef::Struct(_))) => {
                    tys.push(ty)
                }
                _ => {
                    self.diags.warn(
                        &m.pointer,
                        "a tagged union member is not an object; the union is generated untagged",
                    );
                    return self.build_untagged(name, doc, members, hint, pointer);
                }
            }
        }
        let mut ns = Namespace::default();
        let mut variants = Vec::new();
        for (ty, tag_values) in tys.into_iter().zip(values) {
            if let Some(TypeDef::Struct(s)) = self.ir.types.get_mut(&ty) {
                s.fields.retain(|f| f.wire_name != tag);
                s.tag = Some((tag.to_owned(), tag_values[0].clone()));
            }
            variants.push(TaggedVariant {
                rust_name: ns.claim(&names::variant_name(&tag_values[0])),
                tag_values,
                ty,
            });
        }
        let fallback = ns.claim_first(&["Unknown".to_owned(), "UnknownKind".to_owned()]);
        self.add_type(TypeDef::Tagged(TaggedUnion {
            name: name.to_owned(),
            doc,
            tag: tag.to_owned(),
            variants,
            fallback,
            origin: Origin {
                pointer: pointer.to_owned(),
            },
        }));
    }

    fn build_untagged(
        &mut self,
        name: &str,
        doc: Option<String>,
        members: &[Member<'_>],
        hint: &str,
        pointer: &str,
    ) {
        let mut ns = Namespace::default();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let member_hint = format!("{hint}Variant{i}");
            let lowered = self.lower_ref(m.schema, &member_hint, &m.pointer);
            let candidate = match &lowered.ty {
                TypeRef::Named(n) => n.clone(),
                TypeRef::Bool => "Bool".to_owned(),
                TypeRef::Integer(_) => "Integer".to_owned(),
                TypeRef::Number => "Number".to_owned(),
                TypeRef::String => "String".to_owned(),
                TypeRef::Format(StringFormat::DateTime) => "DateTime".to_owned(),
                TypeRef::Format(StringFormat::Date) => "Date".to_owned(),
                TypeRef::Format(StringFormat::Uuid) => "Uuid".to_owned(),
                TypeRef::Format(StringFormat::Uri) => "Url".to_owned(),
                TypeRef::Json => "Json".to_owned(),
                TypeRef::JsonObject => "Object".to_owned(),
                TypeRef::Vec(_) => "Array".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
                TypeRef::Boxed(_) => format!("Variant{i}"),
            };
            variants.push(UntaggedVariant {
                rust_name: ns.claim(&candidate),
                ty: lowered.ty,
            });
        }
        let accepts_anything = variants.iter().any(|v| v.ty == TypeRef::Json);
        let fallback = (!accepts_anything)
            .then(|| ns.claim_first(&["Unknown".to_owned(), "UnknownValue".to_owned()]));
        self.add_type(TypeDef::Untagged(UntaggedUnion {
            name: name.to_owned(),
            doc,
            variants,
            fallback,
            origin: Origin {
                pointer: pointer.to_owned(),
            },
        }));
    }
}

fn is_null_schema(m: &ReferenceOr<Schema>) -> bool {
    match m {
        ReferenceOr::Item(s) => {
            let f = Flat::of(s);
            f.unknown_type == Some("null")
                || (!f.enum_values.is_empty() && f.enum_values.iter().all(Value::is_null))
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// The values of a union whose members are all inline string enums (a closed list of strings
/// written one value per member), in order and without repeats.
fn inline_string_enum_values(members: &[Member<'_>]) -> Option<Vec<String>> {
    let mut values: Vec<String> = Vec::new();
    for m in members {
        let ReferenceOr::Item(schema) = m.schema else {
            return None;
        };
        let flat = Flat::of(schema);
        let stringy = matches!(flat.effective_type(), None | Some(JsonType::String));
        if !stringy || flat.enum_values.is_empty() || flat.properties.is_some() {
            return None;
        }
        for v in &flat.enum_values {
            let text = v.as_str()?;
            if !values.iter().any(|known| known == text) {
                values.push(text.to_owned());
            }
        }
    }
    Some(values)
}

/// An untagged union tries its alternatives in order and takes the first that fits, so an
/// alternative that fits any JSON (untyped, or a union with a fallback of its own) would take
/// every value meant for those after it. Such alternatives go last, in their order.
pub fn order_untagged_variants(types: &mut std::collections::BTreeMap<String, TypeDef>) {
    let catch_all: Vec<(String, Vec<bool>)> = types
        .iter()
        .filter_map(|(name, def)| match def {
            TypeDef::Untagged(u) => Some((
                name.clone(),
                u.variants
                    .iter()
                    .map(|v| accepts_anything(types, &v.ty, &mut Vec::new()))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    for (name, flags) in catch_all {
        if let Some(TypeDef::Untagged(u)) = types.get_mut(&name) {
            let mut tagged: Vec<(bool, UntaggedVariant)> = flags
                .into_iter()
                .zip(std::mem::take(&mut u.variants))
                .collect();
            tagged.sort_by_key(|(any, _)| *any);
            u.variants = tagged.into_iter().map(|(_, v)| v).collect();
        }
    }
}

/// True when every JSON value decodes into `ty`. `seen` keeps a cycle of unions finite.
fn accepts_anything(
    types: &std::collections::BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    seen: &mut Vec<String>,
) -> bool {
    match ty {
        TypeRef::Json => true,
        TypeRef::Boxed(inner) => accepts_anything(types, inner, seen),
        TypeRef::Named(name) if !seen.contains(name) => {
            seen.push(name.clone());
            match types.get(name) {
                Some(TypeDef::Untagged(u)) => {
                    u.fallback.is_some()
                        || u.variants
                            .iter()
                            .any(|v| accepts_anything(types, &v.ty, seen))
                }
                Some(TypeDef::Newtype(n)) => accepts_anything(types, &n.ty, seen),
                _ => false,
            }
        }
        _ => false,
    }
}

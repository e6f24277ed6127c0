//! Where a schema becomes a type: primitives map to Rust types, objects to structs, string
//! enums to enums; unions are handed to `unions.rs`, `allOf` to `allof.rs`.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde_json::Value;

use super::allof::{self, Merged, Prop};
use super::flat::{Flat, JsonType, SchemaRef};
use super::names::{self, Namespace};
use super::Ctx;
use crate::diag::child;
use crate::ir::{
    EnumVariant, Field, IntFormat, Newtype, Origin, StringEnum, StringFormat, Struct, TypeDef,
    TypeRef,
};

/// A string's length and pattern, said exactly: "Exactly 34 characters, matching `^a+$`.",
/// "1 to 5 characters.", "At least 2 characters.", "Matches `^a+$`.". A `minLength` of 0 says
/// nothing.
fn length_doc(min: Option<usize>, max: Option<usize>, pattern: Option<&str>) -> Option<String> {
    let chars = |n: usize| if n == 1 { "character" } else { "characters" };
    let length = match (min.filter(|&n| n > 0), max) {
        (Some(lo), Some(hi)) if lo == hi => Some(format!("Exactly {lo} {}", chars(lo))),
        (Some(lo), Some(hi)) => Some(format!("{lo} to {hi} {}", chars(hi))),
        (Some(lo), None) => Some(format!("At least {lo} {}", chars(lo))),
        (None, Some(hi)) => Some(format!("At most {hi} {}", chars(hi))),
        (None, None) => None,
    };
    match (length, pattern) {
        (Some(length), Some(p)) => Some(format!("{length}, matching `{p}`.")),
        (Some(length), None) => Some(format!("{length}.")),
        (None, Some(p)) => Some(format!("Matches `{p}`.")),
        (None, None) => None,
    }
}

/// How deep schemas may nest (inline and through references being lowered) before lowering
/// stops with an error instead of exhausting the stack.
pub const MAX_DEPTH: usize = 256;

/// From this depth on, a component that is a plain object is lowered later, from the top.
const DEFER_DEPTH: usize = 16;

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    /// The Rust type (without `Option`).
    pub ty: TypeRef,
    /// `nullable: true` or `null` among the enum values.
    pub nullable: bool,
}

impl Lowered {
    fn of(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }
}

/// Facts about a property's schema needed for its field, beyond the type.
#[derive(Debug, Clone, Default)]
pub struct PropFacts {
    pub doc: Option<String>,
    pub sensitive: bool,
    pub read_only: bool,
}

impl<'a> Ctx<'a> {
    /// Lowers a schema or reference. `hint` names any inline type this creates.
    pub fn lower_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, hint, pointer),
        }
    }

    /// Same as [`Ctx::lower_ref`] for the boxed references used in properties and items.
    /// An inline schema that sits inside a component is lowered once, however many allOf
    /// children inherit it, and named after where it is declared.
    pub fn lower_boxed(&mut self, schema: &SchemaRef, hint: &str, pointer: &str) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, hint, pointer),
        }
    }

    /// An inline schema, lowered once per location however many operations or allOf children
    /// reach it, and named after its component when it sits inside one.
    fn lower_inline(&mut self, s: &Schema, hint: &str, pointer: &str) -> Lowered {
        if let Some(done) = self.inline_types.get(pointer) {
            return done.clone();
        }
        if !self.inline_in_progress.insert(pointer.to_owned()) {
            // Only an allOf that merges in the component around it gets here.
            self.diags.error(
                pointer,
                "this schema contains itself through an `allOf` that merges in the schema \
                 around it; give it a component of its own to recur through",
            );
            return Lowered::of(TypeRef::Json);
        }
        let canonical_hint = self.hint_from_pointer(pointer);
        let hint = canonical_hint.as_deref().unwrap_or(hint);
        let lowered = self.lower_schema(s, hint, pointer, None);
        self.inline_in_progress.remove(pointer);
        self.inline_types
            .insert(pointer.to_owned(), lowered.clone());
        lowered
    }

    /// `#/components/schemas/a/properties/b/items` → `AB` + `Item`, from the component's Rust
    /// name and the property names on the way; a parameter, request body or response component
    /// gives its own name to the schema inside it.
    fn hint_from_pointer(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix("#/components/")?;
        let (section, rest) = rest.split_once('/')?;
        let mut tokens = rest.split('/');
        let component = tokens.next()?.replace("~1", "/").replace("~0", "~");
        let mut hint = match section {
            "schemas" => self.component_names.get(&component)?.clone(),
            "parameters" | "requestBodies" | "responses" => names::type_name(&component),
            _ => return None,
        };
        let mut after_properties = false;
        for t in tokens {
            if after_properties {
                hint.push_str(&names::type_name(&t.replace("~1", "/").replace("~0", "~")));
                after_properties = false;
            } else if t == "properties" {
                after_properties = true;
            } else if t == "items" {
                hint.push_str("Item");
            } else if t == "additionalProperties" {
                hint.push_str("Value");
            }
        }
        Some(hint)
    }

    /// Lowers a component by reference (memoised; recursion yields the component's name).
    pub fn lower_reference(&mut self, reference: &str, used_at: &str) -> Lowered {
        match self.refs.schema(reference) {
            Ok((name, target)) => self.lower_component(name, target),
            Err(e) => {
                self.diags.error(used_at, e);
                Lowered::of(TypeRef::Json)
            }
        }
    }

    /// Lowers the component schema `name` (memoised; recursion yields the component's name).
    pub fn lower_component(&mut self, name: String, target: &'a Schema) -> Lowered {
        let nullable = Flat::of(target).data.nullable;
        if let Some(ty) = self.component_types.get(&name) {
            return Lowered {
                ty: ty.clone(),
                nullable,
            };
        }
        let rust_name = self
            .component_names
            .get(&name)
            .cloned()
            .unwrap_or_else(|| names::type_name(&name));
        if self.in_progress.contains(&name) {
            self.recursive.insert(name);
            return Lowered {
                ty: TypeRef::Named(rust_name),
                nullable,
            };
        }
        if self.depth >= DEFER_DEPTH && is_plain_struct(target) {
            // It becomes the struct `rust_name` whenever it is lowered: later, from the top,
            // so a long chain of objects does not nest one stack frame per link.
            self.deferred.push((name, target));
            return Lowered {
                ty: TypeRef::Named(rust_name),
                nullable,
            };
        }
        self.in_progress.insert(name.clone());
        let pointer = child("#/components/schemas", &name);
        let mut lowered = self.lower_schema(target, &rust_name, &pointer, Some(rust_name.clone()));
        self.in_progress.remove(&name);
        if self.recursive.contains(&name) {
            lowered.ty = self.name_recursive(&name, rust_name, lowered.ty, target, &pointer);
        }
        self.component_types.insert(name, lowered.ty.clone());
        lowered
    }

    /// Lowers the components deferred by [`Ctx::lower_component`], and any they defer.
    pub fn lower_deferred(&mut self) {
        while let Some((name, target)) = self.deferred.pop() {
            if !self.component_types.contains_key(&name) {
                self.lower_component(name, target);
            }
        }
    }

    /// A component that was referred to while it was being lowered must be a named type, since
    /// the references made inside it say `Named(rust_name)`. Structs and unions already are;
    /// an array, a map or an alias of another named type gets a newtype. A component that
    /// would contain itself with nothing in between (`a: {allOf: [$ref a]}`) is an error.
    fn name_recursive(
        &mut self,
        component: &str,
        rust_name: String,
        ty: TypeRef,
        target: &Schema,
        pointer: &str,
    ) -> TypeRef {
        if ty.direct_name() == Some(rust_name.as_str()) {
            if self.ir.types.contains_key(&rust_name) {
                return ty;
            }
            self.diags.error(
                pointer,
                format!(
                    "`{component}` refers to itself without passing through an object or an \
                     array; the cycle cannot be broken by boxing"
                ),
            );
            return TypeRef::Json;
        }
        self.add_type(TypeDef::Newtype(Newtype {
            name: rust_name.clone(),
            doc: target.schema_data.description.clone(),
            ty,
            origin: Origin {
                pointer: pointer.to_owned(),
            },
        }));
        TypeRef::Named(rust_name)
    }

    /// Lowers an inline schema. `named` is the Rust name reserved for a component.
    pub fn lower_schema(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        named: Option<String>,
    ) -> Lowered {
        if self.depth >= MAX_DEPTH {
            self.diags.error(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep here; not generated"),
            );
            return Lowered::of(TypeRef::Json);
        }
        self.depth += 1;
        let lowered = self.lower_schema_within_depth(schema, hint, pointer, named);
        self.depth -= 1;
        lowered
    }

    fn lower_schema_within_depth(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        named: Option<String>,
    ) -> Lowered {
        let flat = Flat::of(schema);
        let null_in_enum = flat.enum_values.iter().any(Value::is_null);
        let nullable = flat.data.nullable || null_in_enum;
        let type_name = |ctx: &mut Ctx<'a>| match &named {
            Some(n) => n.clone(),
            None => ctx.type_names.claim_joined(&names::type_name(hint)),
        };

        if !flat.all_of.is_empty() {
            let mut lowered = self.lower_all_of(schema, hint, pointer, named);
            lowered.nullable |= nullable;
            return lowered;
        }
        if !flat.one_of.is_empty() || !flat.any_of.is_empty() {
            let mut lowered = self.lower_union(schema, &flat, hint, pointer, named);
            lowered.nullable |= nullable;
            return lowered;
        }
        if let Some(t) = flat.unknown_type {
            self.diags.warn(
                pointer,
                format!("unknown type `{t}`; generated as any JSON value"),
            );
            return Lowered {
                ty: TypeRef::Json,
                nullable,
            };
        }
        let ty = match flat.effective_type() {
            Some(JsonType::String) => {
                let values: Vec<&str> = flat.enum_values.iter().filter_map(Value::as_str).collect();
                if values.is_empty() {
                    match StringFormat::of(flat.format.as_deref()) {
                        Some(format) if self.typed_formats => TypeRef::Format(format),
                        _ => TypeRef::String,
                    }
                } else {
                    let name = type_name(self);
                    self.lower_string_enum(&name, flat.data, &values, pointer);
                    TypeRef::Named(name)
                }
            }
            Some(JsonType::Integer) => TypeRef::Integer(IntFormat::of(flat.format.as_deref())),
            Some(JsonType::Number) => TypeRef::Number,
            Some(JsonType::Boolean) => TypeRef::Bool,
            Some(JsonType::Array) => match flat.items {
                Some(items) => {
                    let item_hint = format!("{hint}Item");
                    let item = self.lower_boxed(items, &item_hint, &format!("{pointer}/items"));
                    TypeRef::Vec(Box::new(item.ty))
                }
                None => {
                    self.diags.warn(
                        pointer,
                        "array without `items`; items generated as any JSON value",
                    );
                    TypeRef::Vec(Box::new(TypeRef::Json))
                }
            },
            Some(JsonType::Object) => {
                let has_props = flat.properties.is_some_and(|p| !p.is_empty());
                if has_props {
                    let merged = allof::merge(self.refs, schema, pointer, &mut self.diags);
                    let name = type_name(self);
                    self.lower_struct(&name, &merged, pointer);
                    TypeRef::Named(name)
                } else {
                    self.map_type(flat.additional, hint, pointer)
                }
            }
            None => {
                if !flat.enum_values.is_empty() && flat.enum_values.iter().all(Value::is_null) {
                    self.diags.warn(
                        pointer,
                        "`enum: [null]`: the value can only be null; generated as any JSON value",
                    );
                } else if has_content(flat.data) || !flat.enum_values.is_empty() {
                    self.diags
                        .warn(pointer, "schema has no `type`; generated as any JSON value");
                }
                TypeRef::Json
            }
        };
        if flat.effective_type().is_some() {
            self.check_examples(&flat, pointer);
        }
        Lowered { ty, nullable }
    }

    /// `additionalProperties` decides what an object without properties becomes.
    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value_hint = format!("{hint}Value");
                let value =
                    self.lower_ref(s, &value_hint, &format!("{pointer}/additionalProperties"));
                TypeRef::Map(Box::new(value.ty))
            }
            _ => TypeRef::JsonObject,
        }
    }

    fn lower_all_of(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        named: Option<String>,
    ) -> Lowered {
        // `allOf: [$ref X]` with only annotations beside it (the usual 3.0 way to say
        // "a nullable X" or "X, described here"): X itself, through `lower_reference`, which
        // sees recursion.
        if let Some(ReferenceOr::Reference { reference }) = single_member(schema) {
            if only_annotates(schema) {
                let mut lowered = self.lower_reference(reference, pointer);
                lowered.nullable |= schema.schema_data.nullable;
                return lowered;
            }
        }
        let merged = allof::merge(self.refs, schema, pointer, &mut self.diags);
        if merged.props.is_empty() {
            if let [(only, only_ptr)] = merged.non_objects.as_slice() {
                let only: Schema = (*only).clone();
                let only_ptr = only_ptr.clone();
                return self.lower_schema(&only, hint, &only_ptr, named);
            }
            if !merged.non_objects.is_empty() {
                self.diags.warn(
                    pointer,
                    "allOf members of different kinds cannot be merged; generated as any JSON value",
                );
                return Lowered::of(TypeRef::Json);
            }
            return Lowered {
                ty: self.map_type(merged.additional, hint, pointer),
                nullable: merged.nullable,
            };
        }
        if !merged.non_objects.is_empty() {
            self.diags.warn(
                pointer,
                "allOf mixes objects with non-object members; only the object properties are generated",
            );
        }
        let name = match named {
            Some(n) => n,
            None => self.type_names.claim_joined(&names::type_name(hint)),
        };
        self.lower_struct(&name, &merged, pointer);
        Lowered {
            ty: TypeRef::Named(name),
            nullable: merged.nullable,
        }
    }

    /// Builds a struct from merged properties and adds it to the type space.
    pub fn lower_struct(&mut self, name: &str, merged: &Merged<'_>, pointer: &str) {
        // Reserve the name before lowering fields, so recursion sees it.
        let mut fields = Vec::new();
        let mut field_names = Namespace::default();
        for (wire, prop) in &merged.props {
            let hint = format!("{name}{}", names::type_name(wire));
            let (lowered, facts) = self.lower_property(prop, &hint);
            fields.push(Field {
                rust_name: field_names.claim(&names::snake_ident(wire)),
                wire_name: wire.clone(),
                doc: facts.doc,
                ty: lowered.ty,
                required: merged.is_required(wire),
                nullable: lowered.nullable,
                sensitive: facts.sensitive,
                read_only: facts.read_only,
            });
        }
        for r in &merged.required {
            if !merged.props.contains_key(r) {
                self.diags.warn(
                    pointer,
                    format!("`{r}` is listed in `required` but is not a property; ignored"),
                );
            }
        }
        // Members the spec does not list are kept, unless it says there are none.
        let closed = matches!(merged.additional, Some(AdditionalProperties::Any(false)));
        let extra = (!closed).then(|| field_names.claim("extra"));
        self.add_type(TypeDef::Struct(Struct {
            name: name.to_owned(),
            doc: merged.doc.map(str::to_owned),
            fields,
            origin: Origin {
                pointer: pointer.to_owned(),
            },
            tag: None,
            extra,
            received_only: false,
        }));
    }

    /// Lowers a property declared by one or more allOf members: a later declaration refines an
    /// earlier one; consecutive object declarations are merged.
    pub fn lower_property(&mut self, prop: &Prop<'_>, hint: &str) -> (Lowered, PropFacts) {
        let mut facts = PropFacts::default();
        for layer in prop.layers.iter().rev() {
            let (data, resolved) = self.layer_data(layer);
            if facts.doc.is_none() {
                facts.doc = data.and_then(|d| d.description.clone());
            }
            if let ReferenceOr::Item(s) = layer {
                facts.sensitive |= is_password(s);
            }
            for d in data.into_iter().chain(resolved) {
                facts.sensitive |= is_sensitive(d);
                facts.read_only |= d.read_only;
            }
        }
        if facts.doc.is_none() {
            // A bare `$ref` property: the referenced schema's description.
            if let Some(ReferenceOr::Reference { reference }) = prop.layers.last() {
                if let Ok((_, target)) = self.refs.schema(reference) {
                    facts.doc = target.schema_data.description.clone();
                }
            }
        }
        if let Some(constraints) = prop.layers.last().and_then(|l| self.constraints_doc(l)) {
            facts.doc = Some(match facts.doc.take() {
                Some(d) => format!("{}\n\n{constraints}", d.trim_end()),
                None => constraints,
            });
        }
        let substantive: Vec<&SchemaRef> = prop
            .layers
            .iter()
            .copied()
            .filter(|l| !self.is_trivial(l))
            .collect();
        self.warn_contradictions(&substantive, &prop.pointer);
        let lowered = match substantive.as_slice() {
            [] => match prop.layers.last() {
                Some(last) => self.lower_boxed(last, hint, &prop.pointer),
                None => Lowered::of(TypeRef::Json),
            },
            [only] => self.lower_boxed(only, hint, &prop.pointer),
            many => {
                let last = many[many.len() - 1];
                let run: Vec<&SchemaRef> = many
                    .iter()
                    .rev()
                    .take_while(|l| self.is_object_like(l))
                    .copied()
                    .collect();
                if run.len() < 2 {
                    self.lower_boxed(last, hint, &prop.pointer)
                } else {
                    let all_of: Vec<ReferenceOr<Schema>> = run
                        .iter()
                        .rev()
                        .map(|l| match l {
                            ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                                reference: reference.clone(),
                            },
                            ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
                        })
                        .collect();
                    let synthetic = Schema {
                        schema_data: SchemaData::default(),
                        schema_kind: SchemaKind::AllOf { all_of },
                    };
                    self.lower_merged_layers(&run, &synthetic, hint, &prop.pointer)
                }
            }
        };
        (lowered, facts)
    }

    /// Lowers the merge of a property's object declarations once per set of declarations; a
    /// merge that meets itself again (the property's type contains the property) refers to
    /// the type being made instead of merging forever.
    fn lower_merged_layers(
        &mut self,
        run: &[&SchemaRef],
        synthetic: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Lowered {
        let identity: Vec<String> = run
            .iter()
            .map(|l| format!("{:x}", std::ptr::from_ref::<SchemaRef>(l) as usize))
            .collect();
        let key = format!("{pointer}#merge:{}", identity.join(","));
        if let Some(done) = self.inline_types.get(&key) {
            return done.clone();
        }
        if let Some(name) = self.merges_in_progress.get(&key) {
            let name = name.clone();
            self.merges_recursed.insert(key);
            return Lowered::of(TypeRef::Named(name));
        }
        let name = self.type_names.claim_joined(&names::type_name(hint));
        self.merges_in_progress.insert(key.clone(), name.clone());
        let mut lowered = self.lower_schema(synthetic, hint, pointer, Some(name.clone()));
        self.merges_in_progress.remove(&key);
        if self.merges_recursed.remove(&key) {
            lowered.ty = self.name_recursive(pointer, name, lowered.ty, synthetic, pointer);
        }
        self.inline_types.insert(key, lowered.clone());
        lowered
    }

    /// What a string's `format`, `maxLength` and `readOnly` promise, as a doc line (the types
    /// do not enforce them).
    fn constraints_doc(&self, layer: &SchemaRef) -> Option<String> {
        let schema: &Schema = match layer {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.refs.schema(reference).ok()?.1,
        };
        let flat = Flat::of(schema);
        let mut parts = Vec::new();
        // An integer's format is its Rust type already, and so is a typed string format's.
        let said_by_type = flat.ty == Some(JsonType::Integer)
            || (self.typed_formats
                && flat.ty == Some(JsonType::String)
                && flat.enum_values.is_empty()
                && StringFormat::of(flat.format.as_deref()).is_some());
        if let Some(f) = flat
            .format
            .as_deref()
            .filter(|f| *f != "password" && !said_by_type)
        {
            parts.push(format!("Format: `{f}`."));
        }
        if let Some(length) = length_doc(flat.min_length, flat.max_length, flat.pattern) {
            parts.push(length);
        }
        if flat.data.read_only {
            parts.push("Read-only: set by the server.".to_owned());
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The annotations of a layer: its own (inline) and, for a reference, the target's.
    fn layer_data<'s>(
        &self,
        layer: &'s SchemaRef,
    ) -> (Option<&'s SchemaData>, Option<&'a SchemaData>) {
        match layer {
            ReferenceOr::Item(s) => (Some(&s.schema_data), None),
            ReferenceOr::Reference { reference } => (
                None,
                self.refs
                    .schema(reference)
                    .ok()
                    .map(|(_, s)| &s.schema_data),
            ),
        }
    }

    /// A declaration that only annotates (type object, description) and adds no shape.
    fn is_trivial(&self, layer: &SchemaRef) -> bool {
        let ReferenceOr::Item(s) = layer else {
            return false;
        };
        let f = Flat::of(s);
        f.properties.is_none_or(|p| p.is_empty())
            && f.additional.is_none()
            && f.items.is_none()
            && f.enum_values.is_empty()
            && f.all_of.is_empty()
            && f.one_of.is_empty()
            && f.any_of.is_empty()
            && matches!(f.effective_type(), None | Some(JsonType::Object))
    }

    fn is_object_like(&self, layer: &SchemaRef) -> bool {
        let schema: &Schema = match layer {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.refs.schema(reference) {
                Ok((_, s)) => s,
                Err(_) => return false,
            },
        };
        let f = Flat::of(schema);
        f.properties.is_some_and(|p| !p.is_empty()) || !f.all_of.is_empty()
    }

    /// `allOf` members that pin a property to disjoint enum values can never both hold.
    fn warn_contradictions(&mut self, layers: &[&SchemaRef], pointer: &str) {
        let enums: Vec<Vec<Value>> = layers
            .iter()
            .filter_map(|l| match l {
                ReferenceOr::Item(s) => Some(Flat::of(s).enum_values),
                ReferenceOr::Reference { reference } => self
                    .refs
                    .schema(reference)
                    .ok()
                    .map(|(_, s)| Flat::of(s).enum_values),
            })
            .filter(|e| !e.is_empty())
            .collect();
        for pair in enums.windows(2) {
            if !pair[0].iter().any(|v| pair[1].contains(v)) {
                self.diags.warn(
                    pointer,
                    format!(
                        "allOf members contradict: enum {} and enum {} have no value in common; the later one is used",
                        Value::from(pair[0].clone()),
                        Value::from(pair[1].clone())
                    ),
                );
            }
        }
    }

    pub(super) fn lower_string_enum(
        &mut self,
        name: &str,
        data: &SchemaData,
        values: &[&str],
        pointer: &str,
    ) {
        let mut ns = Namespace::default();
        let explicit: Vec<String> = data
            .extensions
            .get("x-enum-varnames")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut variants = Vec::new();
        let mut seen = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if seen.contains(v) {
                self.diags
                    .warn(pointer, format!("enum value `{v}` is listed twice"));
                continue;
            }
            seen.push(*v);
            let mut candidate = explicit
                .get(i)
                .map(|e| names::variant_name(e))
                .unwrap_or_else(|| names::variant_name(v));
            if candidate == "Err" {
                // `Self::Err` is `FromStr`'s error type on every string enum.
                candidate.push_str("Value");
            }
            variants.push(EnumVariant {
                rust_name: ns.claim(&candidate),
                wire: (*v).to_owned(),
            });
        }
        let fallback = ns.claim_first(&["Unknown".to_owned(), "UnknownValue".to_owned()]);
        self.add_type(TypeDef::Enum(StringEnum {
            name: name.to_owned(),
            doc: data.description.clone(),
            variants,
            fallback,
            origin: Origin {
                pointer: pointer.to_owned(),
            },
        }));
    }

    /// `default` and `example` that contradict the schema are kept out of the output; say so.
    fn check_examples(&mut self, flat: &Flat<'_>, pointer: &str) {
        for (what, value) in [
            ("default", &flat.data.default),
            ("example", &flat.data.example),
        ] {
            let Some(value) = value else { continue };
            let fits = match flat.effective_type() {
                Some(JsonType::String) => value.is_string(),
                Some(JsonType::Integer) => value.is_i64() || value.is_u64(),
                Some(JsonType::Number) => value.is_number(),
                Some(JsonType::Boolean) => value.is_boolean(),
                Some(JsonType::Array) => value.is_array(),
                Some(JsonType::Object) => value.is_object(),
                None => true,
            } || (value.is_null() && flat.data.nullable);
            let in_enum = flat.enum_values.is_empty() || flat.enum_values.contains(value);
            if !fits || !in_enum {
                self.diags.warn(
                    pointer,
                    format!("`{what}` value {value} does not match the schema; ignored"),
                );
            }
        }
    }
}

fn single_member(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match Flat::of(schema).all_of {
        [only] => Some(only),
        _ => None,
    }
}

/// An object with properties and no `allOf`/`oneOf`/`anyOf`: always lowered to a struct of
/// its own name, so its reference can be handed out before it is lowered.
fn is_plain_struct(schema: &Schema) -> bool {
    let f = Flat::of(schema);
    f.properties.is_some_and(|p| !p.is_empty())
        && f.all_of.is_empty()
        && f.one_of.is_empty()
        && f.any_of.is_empty()
        && f.effective_type() == Some(JsonType::Object)
}

/// Nothing but `allOf` gives the schema a shape (no properties, items, enum or union).
fn only_annotates(schema: &Schema) -> bool {
    let f = Flat::of(schema);
    f.properties.is_none_or(|p| p.is_empty())
        && f.additional.is_none()
        && f.items.is_none()
        && f.enum_values.is_empty()
        && f.one_of.is_empty()
        && f.any_of.is_empty()
        && matches!(f.effective_type(), None | Some(JsonType::Object))
}

fn has_content(data: &SchemaData) -> bool {
    data.example.is_some() || data.default.is_some() || data.title.is_some()
}

/// Secrets are marked `x-sensitive: true` or `format: password`.
pub fn is_sensitive(data: &SchemaData) -> bool {
    data.extensions
        .get("x-sensitive")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// `format: password` marks a secret too.
pub fn is_password(schema: &Schema) -> bool {
    Flat::of(schema).format.as_deref() == Some("password")
}

//! The merged slots of a tagged union: what its decoder reads members into when some come
//! before the tag, so that each is read once, typed, instead of held as JSON text and read
//! again once the kind is known.
//!
//! One slot per member name across the kinds. A member every kind that has it gives the same
//! type is read as that type; one that is an object in every such kind, of different types
//! (`config`), gets merged slots of its own, one level deep; any other member is read as JSON.
//! The tag then picks the kind, which takes its slots; the others become its unknown members.

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::rust::{self, Scope};
use crate::ir::{Field, Struct, TaggedUnion, TypeDef, TypeRef};
use crate::lower::names::snake_ident;

fn code(s: impl Into<String>) -> Value {
    Value::from_safe_string(s.into())
}

fn id(name: &str) -> Result<Value, String> {
    rust::ident(name).map(|i| code(i.to_string()))
}

/// The slots of one union, for the `tagged` template macro.
#[derive(Serialize)]
pub struct SlotsView {
    /// The private module holding the slot types.
    module: Value,
    /// The top-level slots.
    top: SlotStruct,
    /// The merged slots of members that are objects of several types.
    merged: Vec<SlotStruct>,
    /// For each variant (in the union's order), the method building it from the slots.
    variant_methods: Vec<Value>,
    /// For each variant, the arguments its `read_members` takes (see [`prefills`]): the
    /// union's shared slots taken out, `None` for members another union shares.
    continues: Vec<Value>,
}

/// A struct of slots, and how each struct it can become is built from it.
#[derive(Serialize)]
struct SlotStruct {
    name: Value,
    members: Vec<Member>,
    /// Field of the members no kind knows, and of those held as JSON.
    unknown: Value,
    /// Field of the order the slots were read in.
    order: Value,
    builds: Vec<Build>,
}

#[derive(Serialize)]
struct Member {
    /// The slot's number, for the order it was read in.
    index: usize,
    wire: String,
    field: Value,
    /// `typed`, `json` or `merged`.
    kind: &'static str,
    /// The slot's type (`typed`), or the merged slots' type (`merged`).
    ty: Value,
    /// Typed, and every kind has it: read before the tag, the kind can take it as it is and
    /// read on from the input.
    shared: bool,
}

/// A method building one struct from slots.
#[derive(Serialize)]
struct Build {
    method: Value,
    ty: Value,
    /// The struct's name, for its doc.
    name: Value,
    /// The field keeping the struct's unknown members.
    extra: Value,
    fields: Vec<BuildField>,
    /// The numbers of the slots the struct has no field for, as a pattern (`2 | 5..=9`): they go
    /// into its unknown members. `None` when it has a field for every slot.
    others: Option<Value>,
    /// The same slots as a set of bits, as `crate::tag::Order::read_any` takes them.
    others_set: Value,
    /// Local names for the unknown members and their loop, free of the fields' names.
    locals: (Value, Value, Value, Value, Value, Value, Value),
}

#[derive(Serialize)]
struct BuildField {
    name: Value,
    wire: String,
    optional: bool,
    /// The member the field is read from.
    from: Member,
    /// For a `merged` member: the method building the field's struct.
    method: Option<Value>,
}

/// The slots of `u`, if its decoder uses them: every kind a struct keeping unknown members.
pub fn view(
    u: &TaggedUnion,
    types: &BTreeMap<String, TypeDef>,
    prefills: &Prefills,
) -> Result<Option<SlotsView>, String> {
    let Some(mut view) = slots_view(u, types)? else {
        return Ok(None);
    };
    for v in &u.variants {
        let params = prefills.get(&v.ty).map(Vec::as_slice).unwrap_or_default();
        let args: Vec<String> = params
            .iter()
            .map(
                |wire| match view.top.members.iter().find(|m| &m.wire == wire) {
                    Some(m) if m.shared => format!("slots.{}.take()", m.field),
                    _ => "None".to_owned(),
                },
            )
            .collect();
        view.continues.push(code(args.join(", ")));
    }
    Ok(Some(view))
}

/// The slots of `u` without the variants' `read_members` arguments.
fn slots_view(
    u: &TaggedUnion,
    types: &BTreeMap<String, TypeDef>,
) -> Result<Option<SlotsView>, String> {
    let Some(kinds) = kinds(u, types) else {
        return Ok(None);
    };
    let mut merged = Vec::new();
    let top = slot_struct("Slots", &kinds, types, Some(&mut merged))?;
    // Slots are numbered by a byte.
    if std::iter::once(&top)
        .chain(&merged)
        .any(|s| s.members.len() > usize::from(u8::MAX))
    {
        return Ok(None);
    }
    let variant_methods = u
        .variants
        .iter()
        .map(|v| id(&method_name(&v.ty)))
        .collect::<Result<_, _>>()?;
    Ok(Some(SlotsView {
        module: id(&format!("{}_slots", snake_ident(&u.name)))?,
        top,
        merged,
        variant_methods,
        continues: Vec::new(),
    }))
}

/// For each struct that is a kind of a union decoded through slots, the wire names of its fields
/// that a union may read before the tag and hand over, in field order: the parameters of the
/// struct's `read_members`, after the map. A kind whose tag comes after only members every kind
/// shares reads on from the input itself, starting from those members.
pub type Prefills = BTreeMap<String, Vec<String>>;

/// The [`Prefills`] of every struct in `types`.
pub fn prefills(types: &BTreeMap<String, TypeDef>) -> Result<Prefills, String> {
    let mut shared: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in types.values() {
        let TypeDef::Tagged(u) = def else { continue };
        let Some(view) = slots_view(u, types)? else {
            continue;
        };
        for v in &u.variants {
            let wires = shared.entry(v.ty.clone()).or_default();
            for m in view.top.members.iter().filter(|m| m.shared) {
                if !wires.contains(&m.wire) {
                    wires.push(m.wire.clone());
                }
            }
        }
    }
    Ok(shared
        .into_iter()
        .map(|(name, wires)| {
            let in_order = match types.get(&name) {
                Some(TypeDef::Struct(s)) => s
                    .fields
                    .iter()
                    .filter(|f| wires.contains(&f.wire_name))
                    .map(|f| f.wire_name.clone())
                    .collect(),
                _ => Vec::new(),
            };
            (name, in_order)
        })
        .collect())
}

/// Whether a union's decoder has merged slots (of a member that is an object of several types).
pub fn merges(u: &TaggedUnion, types: &BTreeMap<String, TypeDef>) -> bool {
    matches!(slots_view(u, types), Ok(Some(v)) if !v.merged.is_empty())
}

/// Whether a union's decoder uses slots.
pub fn uses_slots(u: &TaggedUnion, types: &BTreeMap<String, TypeDef>) -> bool {
    matches!(slots_view(u, types), Ok(Some(_)))
}

/// The distinct structs of `u`'s variants, if each is a struct keeping unknown members.
fn kinds<'a>(u: &TaggedUnion, types: &'a BTreeMap<String, TypeDef>) -> Option<Vec<&'a Struct>> {
    let mut kinds: Vec<&Struct> = Vec::new();
    for v in &u.variants {
        match types.get(&v.ty) {
            Some(TypeDef::Struct(s)) if s.extra.is_some() => {
                if !kinds.iter().any(|k| k.name == s.name) {
                    kinds.push(s);
                }
            }
            _ => return None,
        }
    }
    (!kinds.is_empty()).then_some(kinds)
}

fn method_name(ty: &str) -> String {
    format!("take_{}", snake_ident(ty).trim_start_matches("r#"))
}

/// The struct a field's type names, if it keeps unknown members (and so can be merged).
fn object<'a>(f: &Field, types: &'a BTreeMap<String, TypeDef>) -> Option<&'a Struct> {
    match &f.ty {
        TypeRef::Named(name) => match types.get(name) {
            Some(TypeDef::Struct(s)) if s.extra.is_some() => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The full Rust type a struct's decoder reads a field as.
fn field_ty(f: &Field) -> Result<String, String> {
    let inner = rust::type_expr(&f.ty, Scope::Crate)?;
    Ok(if f.optional() {
        format!("Option<{inner}>")
    } else {
        inner
    })
}

/// The slots for the fields of `structs`, with merged slots (into `merged`) for members that are
/// objects of several types when `merged` is given.
fn slot_struct(
    name: &str,
    structs: &[&Struct],
    types: &BTreeMap<String, TypeDef>,
    merged: Option<&mut Vec<SlotStruct>>,
) -> Result<SlotStruct, String> {
    // Every member name, in the order the kinds first give it.
    let mut names: Vec<(&str, &str)> = Vec::new();
    for s in structs {
        for f in &s.fields {
            if !names.iter().any(|(w, _)| *w == f.wire_name) {
                names.push((&f.wire_name, &f.rust_name));
            }
        }
    }
    let mut members = Vec::new();
    let mut merged_of: BTreeMap<String, (String, Vec<&Struct>)> = BTreeMap::new();
    for (wire, rust_name) in &names {
        let fields: Vec<&Field> = structs
            .iter()
            .filter_map(|s| s.fields.iter().find(|f| f.wire_name == *wire))
            .collect();
        let tys = fields
            .iter()
            .map(|f| field_ty(f))
            .collect::<Result<Vec<_>, _>>()?;
        let parsed = fields.iter().any(|f| matches!(f.ty, TypeRef::Format(_)));
        let objects: Option<Vec<&Struct>> = fields.iter().map(|f| object(f, types)).collect();
        let member = if !parsed && tys.iter().all(|t| *t == tys[0]) {
            Member {
                index: members.len(),
                wire: wire.to_string(),
                field: id(rust_name)?,
                kind: "typed",
                ty: code(tys[0].clone()),
                shared: fields.len() == structs.len(),
            }
        } else if let (Some(objects), Some(_)) = (objects, merged.as_deref()) {
            let ty = format!(
                "{}Slots",
                heck::AsUpperCamelCase(rust_name.trim_start_matches("r#"))
            );
            let mut distinct: Vec<&Struct> = Vec::new();
            for o in objects {
                if !distinct.iter().any(|d| d.name == o.name) {
                    distinct.push(o);
                }
            }
            merged_of.insert(wire.to_string(), (ty.clone(), distinct));
            Member {
                index: members.len(),
                wire: wire.to_string(),
                field: id(rust_name)?,
                kind: "merged",
                ty: id(&ty)?,
                shared: false,
            }
        } else {
            Member {
                index: members.len(),
                wire: wire.to_string(),
                field: id(rust_name)?,
                kind: "json",
                ty: code("serde_json::Value"),
                shared: false,
            }
        };
        members.push(member);
    }
    if let Some(merged) = merged {
        for (ty, distinct) in merged_of.values() {
            merged.push(slot_struct(ty, distinct, types, None)?);
        }
    }
    let taken = |n: &str| names.iter().any(|(_, r)| *r == n);
    let free = |base: &str| {
        let mut n = base.to_owned();
        while taken(&n) {
            n.push('_');
        }
        id(&n)
    };
    let builds = structs
        .iter()
        .map(|s| build(s, &members, &merged_of))
        .collect::<Result<_, _>>()?;
    Ok(SlotStruct {
        name: id(name)?,
        members,
        unknown: free("unknown")?,
        order: free("order")?,
        builds,
    })
}

/// How `s` is built from `members`.
fn build(
    s: &Struct,
    members: &[Member],
    merged_of: &BTreeMap<String, (String, Vec<&Struct>)>,
) -> Result<Build, String> {
    let copy = |m: &Member| Member {
        index: m.index,
        wire: m.wire.clone(),
        field: m.field.clone(),
        kind: m.kind,
        ty: m.ty.clone(),
        shared: m.shared,
    };
    let mut fields = Vec::new();
    for f in &s.fields {
        let Some(from) = members.iter().find(|m| m.wire == f.wire_name) else {
            return Err(format!("no slot for `{}` of `{}`", f.wire_name, s.name));
        };
        let method = match (&f.ty, merged_of.contains_key(&f.wire_name)) {
            (TypeRef::Named(name), true) => Some(id(&method_name(name))?),
            _ => None,
        };
        fields.push(BuildField {
            name: id(&f.rust_name)?,
            wire: f.wire_name.clone(),
            optional: f.optional(),
            from: copy(from),
            method,
        });
    }
    let others: Vec<usize> = members
        .iter()
        .filter(|m| !s.fields.iter().any(|f| f.wire_name == m.wire))
        .map(|m| m.index)
        .collect();
    let others_set = code(slot_set(&others));
    let others = slot_pattern(&others).map(code);
    let taken = |n: &str| s.fields.iter().any(|f| f.rust_name == n);
    let free = |base: &str| {
        let mut n = base.to_owned();
        while taken(&n) {
            n.push('_');
        }
        id(&n)
    };
    Ok(Build {
        method: id(&method_name(&s.name))?,
        ty: code(rust::type_expr(
            &TypeRef::Named(s.name.clone()),
            Scope::Crate,
        )?),
        name: id(&s.name)?,
        extra: id(s.extra.as_deref().unwrap_or("extra"))?,
        fields,
        others,
        others_set,
        locals: (
            free("extra")?,
            free("name")?,
            free("value")?,
            free("members")?,
            free("step")?,
            free("slot")?,
            free("at")?,
        ),
    })
}

/// The slot numbers `slots` (ascending) as runs of consecutive numbers, first and last.
fn slot_runs(slots: &[usize]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in slots {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

/// The slot numbers `slots` (ascending) as the set `crate::tag::slot_set` makes of their runs,
/// a constant: `const { crate::tag::slot_set(&[2..=2, 5..=9]) }`.
fn slot_set(slots: &[usize]) -> String {
    let runs: Vec<String> = slot_runs(slots)
        .iter()
        .map(|(start, end)| format!("{start}..={end}"))
        .collect();
    format!("const {{ crate::tag::slot_set(&[{}]) }}", runs.join(", "))
}

/// A pattern matching the slot numbers `slots` (ascending): runs as ranges, `0..=3 | 7`, as
/// clippy would have them. `None` for none.
fn slot_pattern(slots: &[usize]) -> Option<String> {
    let parts: Vec<String> = slot_runs(slots)
        .iter()
        .map(|&(start, end)| match end - start {
            0 => start.to_string(),
            1 => format!("{start} | {end}"),
            _ => format!("{start}..={end}"),
        })
        .collect();
    match parts.len() {
        0 => None,
        1 if !parts[0].contains('|') => Some(parts[0].clone()),
        _ => Some(format!("({})", parts.join(" | "))),
    }
}

#[cfg(test)]
mod tests {
    use super::{slot_pattern, slot_set};

    #[test]
    fn slot_numbers_become_ranges_where_they_run() {
        assert_eq!(slot_pattern(&[]), None);
        assert_eq!(slot_pattern(&[3]).as_deref(), Some("3"));
        assert_eq!(slot_pattern(&[0, 2]).as_deref(), Some("(0 | 2)"));
        assert_eq!(slot_pattern(&[2, 3]).as_deref(), Some("(2 | 3)"));
        assert_eq!(slot_pattern(&[2, 3, 4]).as_deref(), Some("2..=4"));
        assert_eq!(
            slot_pattern(&[0, 1, 2, 5, 7, 8, 9, 10]).as_deref(),
            Some("(0..=2 | 5 | 7..=10)")
        );
    }

    #[test]
    fn slot_numbers_become_a_constant_set_of_their_runs() {
        assert_eq!(slot_set(&[]), "const { crate::tag::slot_set(&[]) }");
        assert_eq!(
            slot_set(&[0, 2, 3, 4, 9]),
            "const { crate::tag::slot_set(&[0..=0, 2..=4, 9..=9]) }"
        );
    }
}

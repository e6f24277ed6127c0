//! Where unreachable types are pruned: lowering can leave an inline type no operation uses
//! (the one-value enum of a tag property once the tag moved onto the union, say). Types the
//! spec declares as components stay: they are part of the API's vocabulary.

use std::collections::BTreeSet;

use crate::ir::{BodyKind, Ir, PathPart, ResponseKind, TypeDef, TypeRef};

/// Drops every inline type not reachable from an operation (its error bodies included), the
/// envelope or a component.
pub fn prune_unreachable(ir: &mut Ir) {
    let mut roots: Vec<String> = Vec::new();
    let add = |t: &TypeRef, roots: &mut Vec<String>| t.names(roots);
    for op in &ir.operations {
        for part in &op.path_parts {
            match part {
                PathPart::Param(p) => add(&p.ty, &mut roots),
                PathPart::Scope { ty, .. } => roots.push(ty.clone()),
                PathPart::Literal(_) => {}
            }
        }
        if let Some(p) = &op.params {
            roots.push(p.name.clone());
            for q in &p.params {
                add(&q.ty, &mut roots);
            }
        }
        if let Some(b) = &op.body {
            match &b.kind {
                BodyKind::Form(form) | BodyKind::Multipart(form) => {
                    form.fields.iter().for_each(|f| add(&f.ty, &mut roots));
                }
                _ => add(&b.ty, &mut roots),
            }
        }
        match &op.response {
            ResponseKind::Envelope {
                result: Some(t), ..
            }
            | ResponseKind::Json(t) => add(t, &mut roots),
            _ => {}
        }
    }
    for e in &ir.error_bodies {
        add(&e.ty, &mut roots);
    }
    if let Some(env) = &ir.envelope {
        add(&env.message, &mut roots);
        if let Some(info) = &env.result_info {
            roots.push(info.ty.clone());
        }
    }
    for def in ir.types.values() {
        if is_component(def) {
            roots.push(def.name().to_owned());
        }
    }
    let mut reached: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = roots.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        let Some(def) = ir.types.get(&name) else {
            continue;
        };
        match def {
            TypeDef::Struct(s) => s.fields.iter().for_each(|f| f.ty.names(&mut roots)),
            TypeDef::Tagged(u) => roots.extend(u.variants.iter().map(|v| v.ty.clone())),
            TypeDef::Untagged(u) => u.variants.iter().for_each(|v| v.ty.names(&mut roots)),
            TypeDef::Newtype(n) => n.ty.names(&mut roots),
            TypeDef::Enum(_) | TypeDef::Scope(_) => {}
        }
    }
    ir.types.retain(|name, _| reached.contains(name));
}

/// Declared at `#/components/schemas/<name>` itself, not inside it.
fn is_component(def: &TypeDef) -> bool {
    match def {
        TypeDef::Scope(_) => true,
        _ => def
            .pointer()
            .and_then(|p| p.strip_prefix("#/components/schemas/"))
            .is_some_and(|rest| !rest.contains('/')),
    }
}

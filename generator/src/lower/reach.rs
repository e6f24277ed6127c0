//! Which types the operations reach, and from which side. Unreachable inline types are pruned:
//! lowering can leave one no operation uses (the one-value enum of a tag property once the tag
//! moved onto the union, say); types the spec declares as components stay, as part of the
//! API's vocabulary. Structs that only responses reach are marked, so they get no builder.

use std::collections::BTreeSet;

use crate::ir::{BodyKind, Ir, PathPart, ResponseKind, TypeDef};

/// Drops every inline type not reachable from an operation (its error bodies included), the
/// envelope or a component.
pub fn prune_unreachable(ir: &mut Ir) {
    let mut roots = sent_roots(ir);
    roots.extend(received_roots(ir));
    for def in ir.types.values() {
        if is_component(def) {
            roots.push(def.name().to_owned());
        }
    }
    let reached = closure(ir, roots);
    ir.types.retain(|name, _| reached.contains(name));
}

/// Marks the structs that only responses reach. A component no operation uses is not one of
/// them: it is part of the API's vocabulary, and whoever uses it may need to build it.
pub fn mark_received_only(ir: &mut Ir) {
    let sent = closure(ir, sent_roots(ir));
    let received = closure(ir, received_roots(ir));
    for def in ir.types.values_mut() {
        if let TypeDef::Struct(s) = def {
            s.received_only = received.contains(&s.name) && !sent.contains(&s.name);
        }
    }
}

/// The types a request carries: path, query and header parameters, and bodies.
fn sent_roots(ir: &Ir) -> Vec<String> {
    let mut roots: Vec<String> = Vec::new();
    for op in &ir.operations {
        for part in &op.path_parts {
            match part {
                PathPart::Param(p) => p.ty.names(&mut roots),
                PathPart::Scope { ty, .. } => roots.push(ty.clone()),
                PathPart::Literal(_) => {}
            }
        }
        if let Some(p) = &op.params {
            roots.push(p.name.clone());
            for q in &p.params {
                q.ty.names(&mut roots);
            }
        }
        if let Some(b) = &op.body {
            match &b.kind {
                BodyKind::Form(form) | BodyKind::Multipart(form) => {
                    form.fields.iter().for_each(|f| f.ty.names(&mut roots));
                }
                _ => b.ty.names(&mut roots),
            }
        }
    }
    roots
}

/// The types a response carries, the envelope's included.
fn received_roots(ir: &Ir) -> Vec<String> {
    let mut roots: Vec<String> = Vec::new();
    for op in &ir.operations {
        match &op.response {
            ResponseKind::Envelope {
                result: Some(t), ..
            }
            | ResponseKind::Json(t) => t.names(&mut roots),
            _ => {}
        }
    }
    for e in &ir.error_bodies {
        e.ty.names(&mut roots);
    }
    if let Some(env) = &ir.envelope {
        env.message.names(&mut roots);
        if let Some(info) = &env.result_info {
            roots.push(info.ty.clone());
        }
    }
    roots
}

/// Every type reachable from `roots` through fields, variants and wrapped types.
fn closure(ir: &Ir, mut roots: Vec<String>) -> BTreeSet<String> {
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
    reached
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

//! Where recursion is broken: a struct that contains itself (directly or through other structs
//! and unions, not through `Vec` or maps) gets `Box` on the fields that close the loop, and a
//! union that is its own alternative (through unions only) loses that alternative.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::ir::{TypeDef, TypeRef};

/// Drops the alternatives that make an untagged union contain itself without passing through
/// an object or an array (`A: oneOf [$ref A, ...]`, or `A → B → A` through unions alone).
/// Such an alternative adds no value the others do not already accept, and trying it first
/// would recurse forever when decoding. Of each cycle, the alternatives that point back to a
/// union earlier in name order go, so every cycle loses at least one edge, deterministically.
pub fn break_union_cycles(types: &mut BTreeMap<String, TypeDef>, diags: &mut Diagnostics) {
    let names: Vec<String> = types.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let union_targets = |def: &TypeDef| -> Vec<usize> {
        match def {
            TypeDef::Untagged(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.direct_name())
                .filter(|t| matches!(types.get(*t), Some(TypeDef::Untagged(_))))
                .filter_map(|t| index.get(t).copied())
                .collect(),
            _ => Vec::new(),
        }
    };
    let edges: Vec<Vec<usize>> = names.iter().map(|n| union_targets(&types[n])).collect();
    let component = tarjan(&edges);
    let mut drops: std::collections::BTreeSet<(String, String)> = Default::default();
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            if component[from] == component[to] && to <= from {
                drops.insert((names[from].clone(), names[to].clone()));
            }
        }
    }
    for (from, to) in drops {
        if let Some(TypeDef::Untagged(u)) = types.get_mut(&from) {
            u.variants
                .retain(|v| v.ty.direct_name() != Some(to.as_str()));
            let message = if from == to {
                format!("`{from}` lists itself among its alternatives; left out (it adds no value)")
            } else {
                format!(
                    "`{from}` and `{to}` are alternatives of each other with no object or array \
                     between, which would recurse forever when decoding; `{from}` leaves out \
                     its `{to}` alternative (such values decode to its fallback)"
                )
            };
            diags.warn(&u.origin.pointer, message);
        }
    }
}

/// Boxes every field whose type is in the same strongly connected component as its struct.
pub fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let names: Vec<String> = types.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            direct_targets(&types[n])
                .iter()
                .filter_map(|t| index.get(t.as_str()).copied())
                .collect()
        })
        .collect();
    let component = tarjan(&edges);
    let same = |a: &str, b: &str| match (index.get(a), index.get(b)) {
        (Some(&x), Some(&y)) => component[x] == component[y],
        _ => false,
    };
    let mut to_box: Vec<(String, usize)> = Vec::new();
    let mut variants_to_box: Vec<(String, usize)> = Vec::new();
    let mut newtypes_to_box: Vec<String> = Vec::new();
    for (name, def) in types.iter() {
        match def {
            TypeDef::Newtype(n) if n.ty.direct_name().is_some_and(|t| same(name, t)) => {
                newtypes_to_box.push(name.clone());
            }
            TypeDef::Struct(s) => {
                for (i, f) in s.fields.iter().enumerate() {
                    if f.ty.direct_name().is_some_and(|t| same(name, t)) {
                        to_box.push((name.clone(), i));
                    }
                }
            }
            TypeDef::Untagged(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    if v.ty.direct_name().is_some_and(|t| same(name, t)) {
                        variants_to_box.push((name.clone(), i));
                    }
                }
            }
            _ => {}
        }
    }
    for (name, i) in to_box {
        if let Some(TypeDef::Struct(s)) = types.get_mut(&name) {
            let ty = std::mem::replace(&mut s.fields[i].ty, TypeRef::Json);
            s.fields[i].ty = TypeRef::Boxed(Box::new(ty));
        }
    }
    for name in newtypes_to_box {
        if let Some(TypeDef::Newtype(n)) = types.get_mut(&name) {
            let ty = std::mem::replace(&mut n.ty, TypeRef::Json);
            n.ty = TypeRef::Boxed(Box::new(ty));
        }
    }
    for (name, i) in variants_to_box {
        if let Some(TypeDef::Untagged(u)) = types.get_mut(&name) {
            let ty = std::mem::replace(&mut u.variants[i].ty, TypeRef::Json);
            u.variants[i].ty = TypeRef::Boxed(Box::new(ty));
        }
    }
}

/// Named types a value of `def` contains inline (so its size depends on theirs).
fn direct_targets(def: &TypeDef) -> Vec<String> {
    match def {
        TypeDef::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| f.ty.direct_name().map(str::to_owned))
            .collect(),
        TypeDef::Tagged(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeDef::Untagged(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.direct_name().map(str::to_owned))
            .collect(),
        TypeDef::Newtype(n) => n.ty.direct_name().map(str::to_owned).into_iter().collect(),
        TypeDef::Enum(_) | TypeDef::Scope(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative; returns the component id of each node. Nodes alone in a
/// component without a self-edge still get their own id, so `same` is only true on a cycle
/// for pairs that reach each other, or a node with a self-loop.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Origin, Struct};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            rust_name: name.into(),
            wire_name: name.into(),
            doc: None,
            ty,
            required: false,
            nullable: false,
            sensitive: false,
            read_only: false,
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef::Struct(Struct {
            name: name.into(),
            doc: None,
            fields,
            origin: Origin::default(),
            tag: None,
            extra: None,
            received_only: false,
        })
    }

    #[test]
    fn boxes_self_and_mutual_recursion_but_not_vec() {
        let mut types = BTreeMap::new();
        types.insert(
            "Node".into(),
            strukt(
                "Node",
                vec![
                    field("next", TypeRef::Named("Node".into())),
                    field(
                        "children",
                        TypeRef::Vec(Box::new(TypeRef::Named("Node".into()))),
                    ),
                    field("leaf", TypeRef::Named("Leaf".into())),
                ],
            ),
        );
        types.insert(
            "Leaf".into(),
            strukt("Leaf", vec![field("v", TypeRef::String)]),
        );
        types.insert(
            "A".into(),
            strukt("A", vec![field("b", TypeRef::Named("B".into()))]),
        );
        types.insert(
            "B".into(),
            strukt("B", vec![field("a", TypeRef::Named("A".into()))]),
        );
        box_recursive_fields(&mut types);
        let TypeDef::Struct(node) = &types["Node"] else {
            panic!()
        };
        assert!(matches!(node.fields[0].ty, TypeRef::Boxed(_)));
        assert!(matches!(node.fields[1].ty, TypeRef::Vec(_)));
        assert!(matches!(node.fields[2].ty, TypeRef::Named(_)));
        let TypeDef::Struct(a) = &types["A"] else {
            panic!()
        };
        assert!(matches!(a.fields[0].ty, TypeRef::Boxed(_)));
    }
}

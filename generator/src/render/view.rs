//! IR → the data templates see. Code fragments arrive as safe strings built by `rust.rs`;
//! spec text arrives as plain strings, which the template must pass through `doc` or `lit`.

use minijinja::Value;
use serde::Serialize;

use super::rust::{self, Scope};
use std::collections::BTreeMap;

use crate::ir::{
    Field, Ir, Operation, ParamLocation, ParamStyle, ParamsStruct, PathParam, PathPart,
    ResponseKind, Struct, TaggedUnion, TypeDef, TypeRef,
};

/// A code fragment: emitted verbatim.
fn code(s: impl Into<String>) -> Value {
    Value::from_safe_string(s.into())
}

fn ty(t: &TypeRef, scope: Scope) -> Result<Value, String> {
    rust::type_expr(t, scope).map(code)
}

fn id(name: &str) -> Result<Value, String> {
    rust::ident(name).map(|i| code(i.to_string()))
}

/// A Rust identifier, for a template.
pub fn ident(name: &str) -> Result<Value, String> {
    id(name)
}

/// A struct field.
#[derive(Serialize)]
pub struct FieldView {
    name: Value,
    /// The name without `r#`, for docs.
    bare: String,
    setter: Value,
    wire: String,
    doc: Option<String>,
    ty: Value,
    inner_ty: Value,
    optional: bool,
    required: bool,
    rename: bool,
    sensitive: bool,
}

/// A model type.
#[derive(Serialize)]
pub struct TypeView {
    kind: &'static str,
    name: Value,
    doc: Option<String>,
    fields: Vec<FieldView>,
    required_fields: Vec<usize>,
    derive_default: bool,
    sensitive: bool,
    tag: Option<(String, String)>,
    /// The field keeping unknown members (structs that keep them).
    extra: Option<Value>,
    /// Wire names the struct writes itself (its fields and tag): never written from `extra`.
    typed_names: Vec<String>,
    /// Names of the generated `Deserialize`'s locals, none taken by a field.
    locals: Option<Locals>,
    variants: Vec<VariantView>,
    fallback: Value,
    tag_key: String,
    /// Members every variant of a tagged union has as a scalar (a string, number, bool or
    /// string enum): the union reads them as they are when they come before the tag.
    scalar_keys: Vec<String>,
    id_param: String,
}

/// Local names in a struct's generated `Deserialize`, where every field is a local too.
#[derive(Serialize)]
pub struct Locals {
    map: Value,
    key: Value,
    visitor: Value,
}

impl Locals {
    fn new(s: &crate::ir::Struct) -> Result<Self, String> {
        let taken = |name: &str| {
            s.fields.iter().any(|f| f.rust_name == name) || s.extra.as_deref() == Some(name)
        };
        let free = |base: &str| {
            let mut name = base.to_owned();
            while taken(&name) {
                name.push('_');
            }
            id(&name)
        };
        Ok(Self {
            map: free("map")?,
            key: free("key")?,
            // The visitor is a local type: it must not hide the struct it builds.
            visitor: id(if s.name == "Visitor" {
                "StructVisitor"
            } else {
                "Visitor"
            })?,
        })
    }
}

/// A variant of an enum, union or scope.
#[derive(Serialize)]
pub struct VariantView {
    name: Value,
    ty: Value,
    values: Vec<String>,
    constructor: Value,
}

/// Every public item gets a doc: the spec's text, or where the item came from.
fn doc_or(doc: &Option<String>, fallback: impl FnOnce() -> String) -> Option<String> {
    match doc {
        Some(d) if !d.trim().is_empty() => Some(d.clone()),
        _ => Some(fallback()),
    }
}

fn field_view(f: &Field) -> Result<FieldView, String> {
    let inner = ty(&f.ty, Scope::Models)?;
    let full = if f.optional() {
        code(format!("Option<{inner}>"))
    } else {
        inner.clone()
    };
    let bare = f.rust_name.trim_start_matches("r#");
    Ok(FieldView {
        name: id(&f.rust_name)?,
        bare: bare.to_owned(),
        setter: id(&format!("with_{bare}"))?,
        wire: f.wire_name.clone(),
        doc: doc_or(&f.doc, || format!("The `{}` property.", f.wire_name)),
        ty: full,
        inner_ty: inner,
        optional: f.optional(),
        required: f.required,
        rename: bare != f.wire_name,
        sensitive: f.sensitive,
    })
}

/// The view of one named type.
pub fn type_view(def: &TypeDef, types: &BTreeMap<String, TypeDef>) -> Result<TypeView, String> {
    {
        let mut v = TypeView {
            kind: "",
            name: id(def.name())?,
            doc: None,
            fields: Vec::new(),
            required_fields: Vec::new(),
            derive_default: false,
            sensitive: false,
            tag: None,
            extra: None,
            typed_names: Vec::new(),
            locals: None,
            variants: Vec::new(),
            fallback: code(""),
            tag_key: String::new(),
            scalar_keys: Vec::new(),
            id_param: String::new(),
        };
        match def {
            TypeDef::Struct(s) => {
                v.kind = "struct";
                v.doc = doc_or(&s.doc, || format!("Generated from `{}`.", s.origin.pointer));
                for f in &s.fields {
                    v.fields.push(field_view(f)?);
                }
                v.required_fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.optional())
                    .map(|(i, _)| i)
                    .collect();
                v.derive_default = v.required_fields.is_empty();
                v.sensitive = s.fields.iter().any(|f| f.sensitive);
                v.tag = s.tag.clone();
                if let Some(extra) = &s.extra {
                    v.extra = Some(id(extra)?);
                    v.typed_names = s.tag.iter().map(|(key, _)| key.clone()).collect();
                    v.typed_names
                        .extend(s.fields.iter().map(|f| f.wire_name.clone()));
                    v.locals = Some(Locals::new(s)?);
                }
            }
            TypeDef::Enum(e) => {
                v.kind = "enum";
                v.doc = doc_or(&e.doc, || format!("Generated from `{}`.", e.origin.pointer));
                v.fallback = id(&e.fallback)?;
                for var in &e.variants {
                    v.variants.push(VariantView {
                        name: id(&var.rust_name)?,
                        ty: code(""),
                        values: vec![var.wire.clone()],
                        constructor: code(""),
                    });
                }
            }
            TypeDef::Tagged(u) => {
                v.kind = "tagged";
                v.doc = doc_or(&u.doc, || format!("Generated from `{}`.", u.origin.pointer));
                v.fallback = id(&u.fallback)?;
                v.tag_key = u.tag.clone();
                v.scalar_keys = scalar_keys(u, types);
                for var in &u.variants {
                    v.variants.push(VariantView {
                        name: id(&var.rust_name)?,
                        ty: id(&var.ty)?,
                        values: var.tag_values.clone(),
                        constructor: code(""),
                    });
                }
            }
            TypeDef::Untagged(u) => {
                v.kind = "untagged";
                if let Some(f) = &u.fallback {
                    v.fallback = id(f)?;
                }
                v.doc = doc_or(&u.doc, || format!("Generated from `{}`.", u.origin.pointer));
                for var in &u.variants {
                    v.variants.push(VariantView {
                        name: id(&var.rust_name)?,
                        ty: ty(&var.ty, Scope::Models)?,
                        values: Vec::new(),
                        constructor: code(""),
                    });
                }
            }
            TypeDef::Newtype(n) => {
                v.kind = "newtype";
                v.doc = doc_or(&n.doc, || format!("Generated from `{}`.", n.origin.pointer));
                v.variants.push(VariantView {
                    name: id(&n.name)?,
                    ty: ty(&n.ty, Scope::Models)?,
                    values: Vec::new(),
                    constructor: code(""),
                });
            }
            TypeDef::Scope(s) => {
                v.kind = "scope";
                v.doc = doc_or(&s.doc, || "Where a request is scoped.".to_owned());
                v.id_param = s.id_param.clone();
                for var in &s.variants {
                    v.variants.push(VariantView {
                        name: id(&var.rust_name)?,
                        ty: code(""),
                        values: vec![var.segment.clone()],
                        constructor: id(&var.constructor)?,
                    });
                }
            }
        }
        Ok(v)
    }
}

/// The wire names that every variant of `u` has as a scalar field.
fn scalar_keys(u: &TaggedUnion, types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    let is_scalar = |ty: &TypeRef| match ty {
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Number | TypeRef::String => true,
        TypeRef::Named(name) => matches!(types.get(name), Some(TypeDef::Enum(_))),
        _ => false,
    };
    let variants: Vec<&Struct> = u
        .variants
        .iter()
        .filter_map(|v| match types.get(&v.ty) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        })
        .collect();
    let Some((first, rest)) = variants.split_first() else {
        return Vec::new();
    };
    first
        .fields
        .iter()
        .filter(|f| is_scalar(&f.ty))
        .filter(|f| {
            rest.iter().all(|s| {
                s.fields
                    .iter()
                    .any(|g| g.wire_name == f.wire_name && is_scalar(&g.ty))
            })
        })
        .map(|f| f.wire_name.clone())
        .collect()
}

/// About how much code a type renders to, to share the rendering out evenly.
pub fn type_weight(def: &TypeDef) -> usize {
    1 + match def {
        TypeDef::Struct(s) => s.fields.len(),
        TypeDef::Enum(e) => e.variants.len(),
        TypeDef::Tagged(u) => u.variants.len(),
        TypeDef::Untagged(u) => u.variants.len(),
        TypeDef::Scope(s) => s.variants.len(),
        TypeDef::Newtype(_) => 1,
    }
}

/// A query or header parameter struct.
#[derive(Serialize)]
pub struct ParamsView {
    name: Value,
    fields: Vec<FieldView>,
    required_fields: Vec<usize>,
    derive_default: bool,
    /// Parameters are all typed: never any `extra`.
    extra: Option<Value>,
}

/// The params struct of an operation that has one.
pub fn params_view(p: &ParamsStruct) -> Result<ParamsView, String> {
    {
        let mut fields = Vec::new();
        for param in &p.params {
            fields.push(field_view(&Field {
                rust_name: param.rust_name.clone(),
                wire_name: param.wire_name.clone(),
                doc: param.doc.clone(),
                ty: param.ty.clone(),
                required: param.required,
                nullable: false,
                sensitive: false,
                read_only: false,
            })?);
        }
        let required_fields: Vec<usize> = p
            .params
            .iter()
            .enumerate()
            .filter(|(_, q)| q.required)
            .map(|(i, _)| i)
            .collect();
        Ok(ParamsView {
            name: id(&p.name)?,
            derive_default: required_fields.is_empty(),
            required_fields,
            fields,
            extra: None,
        })
    }
}

/// About how much code a params struct renders to.
pub fn params_weight(p: &ParamsStruct) -> usize {
    1 + p.params.len()
}

/// One argument of a client method.
#[derive(Serialize)]
pub struct ArgView {
    name: Value,
    decl: Value,
    owned: Value,
    call: Value,
    example: Value,
    env_example: Value,
}

/// A client method.
#[derive(Serialize)]
pub struct MethodView {
    name: Value,
    all_name: Value,
    summary: Option<String>,
    description: Option<String>,
    http: String,
    path_template: String,
    deprecated: bool,
    args: Vec<ArgView>,
    statements: Vec<Value>,
    ret: Value,
    tail: Value,
    paginated: bool,
    item_ty: Value,
    page_set: Value,
    page_get: Value,
    /// The stream of every item of a plain JSON list that names its next page.
    stream: Option<super::pagination::StreamView>,
    has_params: bool,
    example: bool,
}

/// A node of the resource tree.
#[derive(Serialize)]
pub struct ResourceView {
    struct_name: Value,
    accessor: Value,
    dotted: String,
    children: Vec<ResourceView>,
    methods: Vec<MethodView>,
}

/// The resource tree: top-level nodes with their children and methods.
pub fn resources(ir: &Ir) -> Result<Vec<ResourceView>, String> {
    let mut roots: Vec<ResourceView> = Vec::new();
    for op in &ir.operations {
        insert(&mut roots, &op.resource, 0, op, ir)?;
    }
    Ok(roots)
}

fn insert(
    nodes: &mut Vec<ResourceView>,
    path: &[String],
    depth: usize,
    op: &Operation,
    ir: &Ir,
) -> Result<(), String> {
    let Some(segment) = path.get(depth) else {
        return Ok(());
    };
    let seg_ident = id(segment)?;
    let pos = match nodes.iter().position(|n| n.accessor == seg_ident) {
        Some(p) => p,
        None => {
            let struct_name = ir
                .resource_structs
                .get(&path[..=depth])
                .ok_or_else(|| format!("resource `{}` has no struct name", path.join(".")))?;
            nodes.push(ResourceView {
                struct_name: id(struct_name)?,
                accessor: seg_ident,
                dotted: path[..=depth]
                    .iter()
                    .map(|s| s.trim_start_matches("r#"))
                    .collect::<Vec<_>>()
                    .join("."),
                children: Vec::new(),
                methods: Vec::new(),
            });
            nodes.len() - 1
        }
    };
    let node = &mut nodes[pos];
    if depth + 1 == path.len() {
        node.methods.push(method_view(op, ir)?);
        Ok(())
    } else {
        insert(&mut node.children, path, depth + 1, op, ir)
    }
}

fn method_view(op: &Operation, ir: &Ir) -> Result<MethodView, String> {
    let mut args = Vec::new();
    // The path is built as a concatenation of literal text and encoded arguments.
    let mut pieces: Vec<String> = Vec::new();
    let mut example = true;
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => pieces.push(rust::string_literal(text)),
            PathPart::Scope {
                ty: scope_ty,
                rust_name,
                example: id_example,
                ..
            } => {
                let n = rust::ident(rust_name)?.to_string();
                pieces.push(format!("{n}.segment()"));
                pieces.push(rust::string_literal("/"));
                pieces.push(format!(
                    "crate::client::encode_path({n}.id_param(), {n}.id())?.as_str()"
                ));
                let t = ty(&TypeRef::Named(scope_ty.clone()), Scope::Crate)?;
                let first_ctor = match ir.types.get(scope_ty) {
                    Some(TypeDef::Scope(s)) => s.variants.first().map(|v| v.constructor.clone()),
                    _ => None,
                };
                let id_param = match ir.types.get(scope_ty) {
                    Some(TypeDef::Scope(s)) => s.id_param.as_str(),
                    _ => "id",
                };
                let (ex, env_ex) = match first_ctor {
                    Some(c) => {
                        let scope = format!("&{}::{}", crate_path_for_example(&t), c);
                        (
                            format!("{scope}({})", example_id(id_example.as_deref(), id_param)),
                            format!("{scope}(id.clone())"),
                        )
                    }
                    None => {
                        example = false;
                        (String::new(), String::new())
                    }
                };
                args.push(ArgView {
                    name: code(n.clone()),
                    decl: code(format!("{n}: &{t}")),
                    owned: code(format!("let {n} = {n}.clone();")),
                    call: code(format!("&{n}")),
                    env_example: code(env_ex),
                    example: code(ex),
                });
            }
            PathPart::Param(p) => {
                let n = rust::ident(&p.rust_name)?.to_string();
                let wire = rust::string_literal(&p.wire_name);
                // The argument as a reference, for the runtime's serializer.
                let by_ref = match &p.ty {
                    TypeRef::String => {
                        args.push(ArgView {
                            name: code(n.clone()),
                            decl: code(format!("{n}: &str")),
                            owned: code(format!("let {n} = {n}.to_owned();")),
                            call: code(format!("&{n}")),
                            example: code(example_id(p.example.as_deref(), &p.wire_name)),
                            env_example: code("&id"),
                        });
                        n.clone()
                    }
                    TypeRef::Integer(_) | TypeRef::Number | TypeRef::Bool => {
                        let t = ty(&p.ty, Scope::Crate)?;
                        args.push(ArgView {
                            name: code(n.clone()),
                            decl: code(format!("{n}: {t}")),
                            owned: code(""),
                            call: code(n.clone()),
                            example: code(match p.ty {
                                TypeRef::Bool => "true",
                                TypeRef::Number => "1.0",
                                _ => "1",
                            }),
                            env_example: code("id.parse()?"),
                        });
                        format!("&{n}")
                    }
                    TypeRef::Vec(item) => {
                        let t = ty(item, Scope::Crate)?;
                        example = false;
                        args.push(ArgView {
                            name: code(n.clone()),
                            decl: code(format!("{n}: &[{t}]")),
                            owned: code(format!("let {n} = {n}.to_vec();")),
                            call: code(format!("&{n}")),
                            example: code(""),
                            env_example: code(""),
                        });
                        n.clone()
                    }
                    other => {
                        let t = ty(other, Scope::Crate)?;
                        example = false;
                        args.push(ArgView {
                            name: code(n.clone()),
                            decl: code(format!("{n}: &{t}")),
                            owned: code(format!("let {n} = {n}.clone();")),
                            call: code(format!("&{n}")),
                            example: code(""),
                            env_example: code(""),
                        });
                        n.clone()
                    }
                };
                pieces.push(match &p.ty {
                    _ if laid_out_by_style(p) => format!(
                        "crate::params::path({wire}, {by_ref}, {})?.as_str()",
                        style_expr(p.style)
                    ),
                    TypeRef::String => {
                        format!("crate::client::encode_path({wire}, {n})?.as_str()")
                    }
                    _ => format!("crate::client::encode_path({wire}, &{n}.to_string())?.as_str()"),
                });
            }
        }
    }
    let mut statements = vec![code(format!(
        "let path = [{}].concat();",
        pieces.join(", ")
    ))];
    statements.push(code(format!(
        "let mut req = crate::client::ApiRequest::new(reqwest::Method::{}, path);",
        op.method.as_str()
    )));
    if let Some(reqs) = &op.security {
        let alternatives: Vec<String> = reqs
            .iter()
            .map(|r| {
                format!(
                    "&[{}]",
                    r.iter()
                        .map(|n| rust::string_literal(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        statements.push(code(format!(
            "req = req.security(&[{}]);",
            alternatives.join(", ")
        )));
    }
    if let Some(p) = &op.params {
        let t = ty(&TypeRef::Named(p.name.clone()), Scope::Crate)?;
        args.push(ArgView {
            name: code("params"),
            decl: code(format!("params: &{t}")),
            owned: code("let params = params.clone();"),
            call: code("&params"),
            example: code("&Default::default()"),
            env_example: code("&Default::default()"),
        });
        if p.params.iter().any(|q| q.required) {
            example = false;
        }
        for q in &p.params {
            let n = rust::ident(&q.rust_name)?.to_string();
            let wire = rust::string_literal(&q.wire_name);
            let method = match q.location {
                ParamLocation::Query if q.allow_reserved => "query_allow_reserved",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let add = format!(
                "req = req.{method}({wire}, {{value}}, {})?;",
                style_expr(q.style)
            );
            statements.push(code(if q.required {
                add.replace("{value}", &format!("&params.{n}"))
            } else {
                format!(
                    "if let Some(value) = &params.{n} {{ {} }}",
                    add.replace("{value}", "value")
                )
            }));
        }
    }
    if let Some(b) = &op.body {
        let t = ty(&b.ty, Scope::Crate)?;
        // An optional body can be left out: `None` sends none.
        let (decl, owned, call) = match (b.json, b.required) {
            (true, true) => (format!("body: &{t}"), "let body = body.clone();", "&body"),
            (true, false) => (
                format!("body: Option<&{t}>"),
                "let body = body.cloned();",
                "body.as_ref()",
            ),
            (false, true) => ("body: impl Into<Vec<u8>>".to_owned(), "", "body"),
            (false, false) => ("body: Option<Vec<u8>>".to_owned(), "", "body"),
        };
        args.push(ArgView {
            name: code("body"),
            decl: code(decl),
            owned: code(owned),
            call: code(call),
            example: code(""),
            env_example: code(""),
        });
        example = false;
        let send = if b.json {
            "req = req.json(body)?;".to_owned()
        } else {
            format!(
                "req = req.bytes({}, body);",
                rust::string_literal(&b.media_type)
            )
        };
        statements.push(code(if b.required {
            send
        } else {
            format!("if let Some(body) = body {{ {send} }}")
        }));
    }
    let exec = |t: &str| format!("self.client.execute::<{t}>(req).await?");
    let (ret, tail, paginated, item_ty, page_set_get) = match &op.response {
        ResponseKind::Envelope { result: None, .. } => (
            "()".to_owned(),
            format!("{}.into_unit()", exec("serde::de::IgnoredAny")),
            false,
            String::new(),
            String::new(),
        ),
        ResponseKind::Envelope {
            result: Some(t),
            paginated: Some(p),
            ..
        } => {
            let item = rust::type_expr(&p.item, Scope::Crate)?;
            let page_ty = op
                .params
                .as_ref()
                .and_then(|ps| ps.params.iter().find(|q| q.rust_name == p.page_field))
                .ok_or_else(|| "pagination without a page parameter".to_owned())?;
            let field = rust::ident(&p.page_field)?.to_string();
            let cast = match &page_ty.ty {
                TypeRef::Integer(i) => format!("page as {}", i.rust()),
                _ => "page as f64".to_owned(),
            };
            let set = if page_ty.required {
                format!("params.{field} = {cast};")
            } else {
                format!("params.{field} = Some({cast});")
            };
            let get = if page_ty.required {
                format!("params.{field} as u64")
            } else {
                format!("params.{field}.map_or(1, |p| p as u64)")
            };
            let _ = t;
            (
                format!("crate::pagination::Page<{item}>"),
                format!(
                    "crate::pagination::Page::from_envelope({})",
                    exec(&format!("Vec<{item}>"))
                ),
                true,
                item,
                format!("{set}|{get}"),
            )
        }
        ResponseKind::Envelope {
            result: Some(t),
            nullable,
            ..
        } => {
            let t = rust::type_expr(t, Scope::Crate)?;
            if *nullable {
                (
                    format!("Option<{t}>"),
                    format!("{}.into_optional_result()", exec(&t)),
                    false,
                    String::new(),
                    String::new(),
                )
            } else {
                (
                    t.clone(),
                    format!("{}.into_result()", exec(&t)),
                    false,
                    String::new(),
                    String::new(),
                )
            }
        }
        ResponseKind::Json(t) => {
            let t = rust::type_expr(t, Scope::Crate)?;
            (
                t.clone(),
                format!("self.client.execute_json::<{t}>(req).await"),
                false,
                String::new(),
                String::new(),
            )
        }
        ResponseKind::Bytes => (
            "Vec<u8>".to_owned(),
            "self.client.execute_bytes(req).await".to_owned(),
            false,
            String::new(),
            String::new(),
        ),
        ResponseKind::Empty => (
            "()".to_owned(),
            "self.client.execute_bytes(req).await.map(drop)".to_owned(),
            false,
            String::new(),
            String::new(),
        ),
    };
    if statements.len() == 2 {
        // Nothing modifies the request after it is made.
        statements[1] = code(statements[1].to_string().replace("let mut req", "let req"));
    }
    let name = rust::ident(&op.method_name)?;
    let bare = op.method_name.trim_start_matches("r#");
    Ok(MethodView {
        all_name: id(&format!("{bare}_all"))?,
        name: code(name.to_string()),
        summary: op.summary.clone(),
        description: op.description.clone(),
        http: op.method.as_str().to_owned(),
        path_template: op.path.clone(),
        deprecated: op.deprecated,
        has_params: op.params.is_some(),
        args,
        statements,
        ret: code(ret),
        tail: code(tail),
        paginated,
        item_ty: code(item_ty),
        page_set: code(
            page_set_get
                .split_once('|')
                .map_or("", |(s, _)| s)
                .to_owned(),
        ),
        page_get: code(
            page_set_get
                .split_once('|')
                .map_or("", |(_, g)| g)
                .to_owned(),
        ),
        stream: super::pagination::stream_view(op)?,
        example,
    })
}

/// The string literal a doc example passes for an id: the spec's example, else a placeholder
/// named after the parameter.
fn example_id(example: Option<&str>, param: &str) -> String {
    match example {
        Some(example) => rust::string_literal(example),
        None => rust::string_literal(&format!("<{param}>")),
    }
}

/// `crate::models::X` as a downstream user writes it in an example.
fn crate_path_for_example(t: &Value) -> String {
    t.to_string()
        .replace("crate :: models ::", "models::")
        .replace(' ', "")
}

/// Paging metadata accessors for the runtime's `PageInfo`.
#[derive(Serialize)]
pub struct PageInfoView {
    ty: Value,
    fields: Vec<(String, Value)>,
}

/// The result-info type and an expression per paging fact.
pub fn page_info(ir: &Ir) -> Result<Option<PageInfoView>, String> {
    let Some(info) = ir.envelope.as_ref().and_then(|e| e.result_info.as_ref()) else {
        return Ok(None);
    };
    let mut fields = Vec::new();
    for (fact, field) in [
        ("page", &info.page),
        ("per_page", &info.per_page),
        ("total_pages", &info.total_pages),
        ("total_count", &info.total_count),
        ("count", &info.count),
    ] {
        let expr = match field {
            None => "None".to_owned(),
            Some(f) => {
                let n = rust::ident(&f.rust_name)?.to_string();
                let conv = if f.ty == TypeRef::Number {
                    "(v >= 0.0 && v.fract() == 0.0).then_some(v as u64)"
                } else {
                    "u64::try_from(v).ok()"
                };
                if f.optional {
                    format!("self.{n}.and_then(|v| {conv})")
                } else {
                    format!("{{ let v = self.{n}; {conv} }}")
                }
            }
        };
        fields.push((fact.to_owned(), code(expr)));
    }
    Ok(Some(PageInfoView {
        ty: ty(&TypeRef::Named(info.ty.clone()), Scope::Crate)?,
        fields,
    }))
}

/// The message type of the envelope, as `crate::models::X` (or JSON).
pub fn message_type(ir: &Ir) -> Result<Value, String> {
    let t = ir
        .envelope
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or(TypeRef::Json);
    ty(&t, Scope::Crate)
}

/// How the runtime reads a message: expressions over `self` for its code and text.
#[derive(Serialize)]
pub struct MessageInfoView {
    ty: Value,
    code: Value,
    text: Value,
}

/// Accessors for the runtime's `MessageInfo`, for whatever message type the envelope has.
pub fn message_info(ir: &Ir) -> Result<MessageInfoView, String> {
    let ty = message_type(ir)?;
    let env = ir.envelope.as_ref();
    let is_json = env.is_none_or(|e| matches!(e.message, TypeRef::Json | TypeRef::JsonObject));
    if is_json {
        return Ok(MessageInfoView {
            ty,
            code: code("self.get(\"code\").and_then(serde_json::Value::as_i64)"),
            text: code(
                "self.get(\"message\").and_then(serde_json::Value::as_str).unwrap_or_default()",
            ),
        });
    }
    let env = env.ok_or("no envelope")?;
    let code_expr = match &env.message_code {
        None => "None".to_owned(),
        Some(f) => {
            let n = rust::ident(&f.rust_name)?.to_string();
            let conv = if f.ty == TypeRef::Number {
                "v as i64"
            } else {
                "v"
            };
            if f.optional {
                format!("self.{n}.map(|v| {conv})")
            } else {
                format!("{{ let v = self.{n}; Some({conv}) }}")
            }
        }
    };
    let text_expr = match &env.message_text {
        None => "\"\"".to_owned(),
        Some((n, optional)) => {
            let n = rust::ident(n)?.to_string();
            if *optional {
                format!("self.{n}.as_deref().unwrap_or_default()")
            } else {
                format!("&self.{n}")
            }
        }
    };
    Ok(MessageInfoView {
        ty,
        code: code(code_expr),
        text: code(text_expr),
    })
}

/// Authentication schemes.
#[derive(Serialize)]
pub struct SchemeView {
    name: String,
    method: Value,
    location: &'static str,
    location_name: String,
    env: Option<String>,
    doc: Option<String>,
}

/// Every scheme the client can send.
pub fn schemes(ir: &Ir) -> Result<Vec<SchemeView>, String> {
    ir.security_schemes
        .iter()
        .map(|s| {
            let (location, location_name) = match &s.location {
                crate::ir::CredentialLocation::Bearer => ("Bearer", String::new()),
                crate::ir::CredentialLocation::Header(h) => ("Header", h.clone()),
                crate::ir::CredentialLocation::Query(q) => ("Query", q.clone()),
            };
            Ok(SchemeView {
                name: s.name.clone(),
                method: id(&s.rust_name)?,
                location,
                location_name,
                env: s.env.clone(),
                doc: s.doc.clone(),
            })
        })
        .collect()
}

/// The runtime's `Style` value for `style` (`Style` is imported by the resources module).
fn style_expr(style: ParamStyle) -> String {
    let with = |name: &str, explode: bool| format!("Style::{name} {{ explode: {explode} }}");
    match style {
        ParamStyle::Form { explode } => with("Form", explode),
        ParamStyle::SpaceDelimited { explode } => with("SpaceDelimited", explode),
        ParamStyle::PipeDelimited { explode } => with("PipeDelimited", explode),
        ParamStyle::DeepObject => "Style::DeepObject".to_owned(),
        ParamStyle::Simple { explode } => with("Simple", explode),
        ParamStyle::Label { explode } => with("Label", explode),
        ParamStyle::Matrix { explode } => with("Matrix", explode),
        ParamStyle::Json => "Style::Json".to_owned(),
    }
}

/// A path parameter other than a plain `simple` string, number or boolean, which is
/// written with `Display` and percent-encoded without the runtime's serializer.
fn laid_out_by_style(p: &PathParam) -> bool {
    !(matches!(p.style, ParamStyle::Simple { .. })
        && matches!(
            p.ty,
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Bool
        ))
}

/// Whether the resources module names the runtime's `Style`.
pub fn uses_style(ir: &Ir) -> bool {
    ir.operations.iter().any(|op| {
        op.params.is_some()
            || op
                .path_parts
                .iter()
                .any(|part| matches!(part, PathPart::Param(p) if laid_out_by_style(p)))
    })
}

/// One server, as `spec.rs` lists it for the runtime.
#[derive(Serialize)]
pub struct ServerView {
    url: String,
    description: Option<String>,
    variables: Vec<ServerVariableView>,
}

/// One variable of a server URL.
#[derive(Serialize)]
pub struct ServerVariableView {
    name: String,
    default: String,
    values: Vec<String>,
}

/// A `ClientBuilder` method that sets a server variable, and the enum it takes, if any.
#[derive(Serialize)]
pub struct ServerSetterView {
    name: String,
    method: Value,
    doc: Option<String>,
    /// The default of the first server that has the variable.
    default: String,
    /// The enum's name, when the values are enumerated.
    enum_name: Option<Value>,
    /// (variant, value) of the enum.
    variants: Vec<(Value, String)>,
}

/// The servers of the spec.
pub fn servers(ir: &Ir) -> Vec<ServerView> {
    ir.api
        .servers
        .iter()
        .map(|s| ServerView {
            url: s.url.clone(),
            description: s.description.clone(),
            variables: s
                .variables
                .iter()
                .map(|v| ServerVariableView {
                    name: v.name.clone(),
                    default: v.default.clone(),
                    values: v.values.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The builder methods that set server variables.
pub fn server_setters(ir: &Ir) -> Result<Vec<ServerSetterView>, String> {
    ir.api
        .server_variables
        .iter()
        .map(|setter| {
            let default = ir
                .api
                .servers
                .iter()
                .flat_map(|s| &s.variables)
                .find(|v| v.name == setter.name)
                .map(|v| v.default.clone())
                .unwrap_or_default();
            let (enum_name, variants) = match &setter.values {
                Some(e) => (
                    Some(id(&e.name)?),
                    e.variants
                        .iter()
                        .map(|(variant, value)| Ok((id(variant)?, value.clone())))
                        .collect::<Result<Vec<_>, String>>()?,
                ),
                None => (None, Vec::new()),
            };
            Ok(ServerSetterView {
                name: setter.name.clone(),
                method: id(&setter.method)?,
                doc: setter.doc.clone(),
                default,
                enum_name,
                variants,
            })
        })
        .collect()
}

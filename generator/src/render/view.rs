//! IR → the data templates see. Code fragments arrive as safe strings built by `rust.rs`;
//! spec text arrives as plain strings, which the template must pass through `doc` or `lit`.

use minijinja::Value;
use serde::Serialize;

use super::conversions::{page_number_as, read_as, read_expr_as, Target};
use super::rust::{self, Scope};
use std::collections::BTreeMap;

use crate::ir::{
    Body, BodyKind, ErrorResponse, Field, FileShape, FormBody, Ir, Operation, ParamLocation,
    ParamStyle, ParamsStruct, PathParam, PathPart, ResponseKind, StatusMatch, Struct, TaggedUnion,
    TypeDef, TypeRef,
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
    /// A string format read by parsing (`crate::formats`), so its errors name the field.
    parsed: bool,
    /// A parameter of the struct's `read_members`: a union may have read it before its tag.
    prefilled: bool,
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
    /// `with_*` setters: not on types only responses carry (users read those, not build them).
    setters: bool,
    sensitive: bool,
    tag: Option<(String, String)>,
    /// The field keeping unknown members (structs that keep them).
    extra: Option<Value>,
    /// Wire names the struct writes itself (its fields and tag): never written from `extra`.
    typed_names: Vec<String>,
    /// Names of the generated `Deserialize`'s locals, none taken by a field.
    locals: Option<Locals>,
    /// A kind of a union decoded through slots: its decoder is a `read_members` the union
    /// can call too (see `slots::Prefills`).
    reads_members: bool,
    variants: Vec<VariantView>,
    fallback: Value,
    tag_key: String,
    /// Members every variant of a tagged union has as a scalar (a string, number, bool or
    /// string enum): the union reads them as they are when they come before the tag.
    scalar_keys: Vec<String>,
    /// The merged slots a tagged union reads members into when they come before its tag.
    slots: Option<super::slots::SlotsView>,
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
        // Nothing rather than a restated name ("The `end` property.").
        doc: f.doc.clone().filter(|d| !d.trim().is_empty()),
        ty: full,
        inner_ty: inner,
        optional: f.optional(),
        required: f.required,
        rename: bare != f.wire_name,
        sensitive: f.sensitive,
        parsed: matches!(f.ty, TypeRef::Format(_)),
        prefilled: false,
    })
}

/// The view of one named type.
pub fn type_view(
    def: &TypeDef,
    types: &BTreeMap<String, TypeDef>,
    prefills: &super::slots::Prefills,
) -> Result<TypeView, String> {
    {
        let mut v = TypeView {
            kind: "",
            name: id(def.name())?,
            doc: None,
            fields: Vec::new(),
            required_fields: Vec::new(),
            derive_default: false,
            setters: false,
            sensitive: false,
            tag: None,
            extra: None,
            typed_names: Vec::new(),
            locals: None,
            reads_members: false,
            variants: Vec::new(),
            fallback: code(""),
            tag_key: String::new(),
            scalar_keys: Vec::new(),
            slots: None,
            id_param: String::new(),
        };
        match def {
            TypeDef::Struct(s) => {
                v.kind = "struct";
                v.doc = doc_or(&s.doc, || format!("Generated from `{}`.", s.origin.pointer));
                let prefilled = prefills.get(&s.name);
                v.reads_members = prefilled.is_some();
                for f in &s.fields {
                    let mut field = field_view(f)?;
                    field.prefilled = prefilled.is_some_and(|p| p.contains(&f.wire_name));
                    v.fields.push(field);
                }
                v.required_fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.optional())
                    .map(|(i, _)| i)
                    .collect();
                v.derive_default = v.required_fields.is_empty();
                v.setters = !s.received_only;
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
                v.slots = super::slots::view(u, types, prefills)?;
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
        TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::String
        | TypeRef::Format(_) => true,
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
    /// The struct's doc: which operation it is for.
    doc: String,
    name: Value,
    fields: Vec<FieldView>,
    required_fields: Vec<usize>,
    derive_default: bool,
    /// Users build every params struct.
    setters: bool,
    /// Parameters are all typed: never any `extra`.
    extra: Option<Value>,
}

/// The params struct of `op`.
pub fn params_view(p: &ParamsStruct, op: &Operation) -> Result<ParamsView, String> {
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
            doc: format!(
                "Query and header parameters of `{}` (`{} {}`).",
                op.id,
                op.method.as_str(),
                op.path
            ),
            derive_default: required_fields.is_empty(),
            required_fields,
            fields,
            setters: true,
            extra: None,
        })
    }
}

/// Every form and multipart body struct, with whether it is multipart.
pub fn form_bodies(ir: &Ir) -> Vec<FormOf<'_>> {
    ir.operations
        .iter()
        .filter_map(|op| match &op.body.as_ref()?.kind {
            BodyKind::Form(f) => Some((f, false, op)),
            BodyKind::Multipart(f) => Some((f, true, op)),
            _ => None,
        })
        .collect()
}

/// A form body, whether it is multipart, and the operation that sends it.
pub type FormOf<'a> = (&'a FormBody, bool, &'a Operation);

/// The struct of a form or multipart body, rendered like a params struct.
pub fn form_view((form, multipart, op): FormOf<'_>) -> Result<ParamsView, String> {
    let mut fields = Vec::new();
    for f in &form.fields {
        let mut view = field_view(&Field {
            rust_name: f.rust_name.clone(),
            wire_name: f.wire_name.clone(),
            doc: f.doc.clone(),
            ty: f.ty.clone(),
            required: f.required,
            nullable: false,
            sensitive: false,
            read_only: false,
        })?;
        let file = match f.file {
            FileShape::None => None,
            FileShape::One => Some("crate::body::FilePart"),
            FileShape::Many => Some("Vec<crate::body::FilePart>"),
        };
        if let Some(t) = file {
            view.inner_ty = code(t);
            view.ty = code(if view.optional {
                format!("Option<{t}>")
            } else {
                t.to_owned()
            });
        }
        fields.push(view);
    }
    let required_fields: Vec<usize> = form
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.required)
        .map(|(i, _)| i)
        .collect();
    let (media, parts) = if multipart {
        ("multipart/form-data", "a part per field")
    } else {
        (
            "application/x-www-form-urlencoded",
            "a `name=value` pair per field",
        )
    };
    let doc = format!(
        "The `{media}` body of `{}` (`{} {}`): {parts} (per item of an array).",
        op.id,
        op.method.as_str(),
        op.path
    );
    Ok(ParamsView {
        doc,
        name: id(&form.name)?,
        derive_default: required_fields.is_empty(),
        required_fields,
        fields,
        setters: true,
        extra: None,
    })
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
    /// The variant that returns the raw response too.
    response_name: Value,
    /// The twin that streams a binary body as it arrives.
    stream_name: Option<Value>,
    summary: Option<String>,
    description: Option<String>,
    http: String,
    path_template: String,
    deprecated: bool,
    /// Which media type the body is sent as, when the operation accepts others too.
    body_note: Option<String>,
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
    let PathArgs {
        mut args,
        pieces,
        mut example,
    } = path_args(op, ir)?;
    // One piece needs no concatenation.
    let path = match pieces.as_slice() {
        [one] => format!("let path = {one}.to_owned();"),
        _ => format!("let path = [{}].concat();", pieces.join(", ")),
    };
    let mut statements = vec![code(path)];
    statements.push(code(format!(
        "let mut req = crate::client::ApiRequest::new(reqwest::Method::{}, path);",
        op.method.as_str()
    )));
    statements.extend(security_statement(op));
    if let Some(accept) = &op.accept {
        statements.push(code(format!(
            "req = req.accept({});",
            rust::string_literal(accept)
        )));
    }
    if let Some(p) = &op.params {
        args.push(params_arg(p)?);
        if p.params.iter().any(|q| q.required) {
            example = false;
        }
        statements.extend(params_statements(p)?);
    }
    if let Some(b) = &op.body {
        let (arg, send) = body_arg(b)?;
        args.push(arg);
        example = false;
        statements.push(code(if b.required {
            send
        } else {
            format!("if let Some(body) = body {{ {send} }}")
        }));
    }
    if let Some(decode) = error_decoder(&op.errors, ir)? {
        statements.push(code(format!("req = req.error_body({decode});")));
    }
    let response = response_view(op)?;
    if statements.len() == 2 {
        // Nothing modifies the request after it is made.
        statements[1] = code(statements[1].to_string().replace("let mut req", "let req"));
    }
    let name = rust::ident(&op.method_name)?;
    let bare = op.method_name.trim_start_matches("r#");
    Ok(MethodView {
        all_name: id(&format!("{bare}_all"))?,
        response_name: id(&op.response_method_name)?,
        stream_name: op.stream_method_name.as_deref().map(id).transpose()?,
        name: code(name.to_string()),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        // A description that only repeats the summary says nothing more.
        description: op.description.clone().filter(|d| {
            !d.trim().is_empty() && op.summary.as_deref().map(str::trim) != Some(d.trim())
        }),
        http: op.method.as_str().to_owned(),
        path_template: op.path.clone(),
        deprecated: op.deprecated,
        body_note: op.body.as_ref().and_then(body_note),
        has_params: op.params.is_some(),
        args,
        statements,
        ret: code(response.ret),
        tail: code(response.tail),
        paginated: response.page.is_some(),
        item_ty: code(response.page.as_ref().map_or("", |p| &p.item).to_owned()),
        page_set: code(response.page.as_ref().map_or("", |p| &p.set).to_owned()),
        page_get: code(response.page.as_ref().map_or("", |p| &p.get).to_owned()),
        stream: super::pagination::stream_view(op)?,
        example,
    })
}

/// The arguments a method takes for its path, and the pieces its path is concatenated from.
struct PathArgs {
    args: Vec<ArgView>,
    /// Rust expressions of `&str`s: literal text and encoded arguments.
    pieces: Vec<String>,
    /// Whether a doc example can be written for the arguments.
    example: bool,
}

fn path_args(op: &Operation, ir: &Ir) -> Result<PathArgs, String> {
    let mut args = Vec::new();
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
    Ok(PathArgs {
        args,
        pieces,
        example,
    })
}

/// `req.security(..)` for an operation with its own security alternatives.
fn security_statement(op: &Operation) -> Option<Value> {
    let reqs = op.security.as_ref()?;
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
    Some(code(format!(
        "req = req.security(&[{}]);",
        alternatives.join(", ")
    )))
}

/// The `params` argument of an operation with query or header parameters.
fn params_arg(p: &ParamsStruct) -> Result<ArgView, String> {
    let t = ty(&TypeRef::Named(p.name.clone()), Scope::Crate)?;
    Ok(ArgView {
        name: code("params"),
        decl: code(format!("params: &{t}")),
        owned: code("let params = params.clone();"),
        call: code("&params"),
        example: code("&Default::default()"),
        env_example: code("&Default::default()"),
    })
}

/// One statement per query or header parameter, adding it to the request.
fn params_statements(p: &ParamsStruct) -> Result<Vec<Value>, String> {
    let mut statements = Vec::new();
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
    Ok(statements)
}

/// What a method returns, and how.
struct ResponseView {
    /// The result type, without `Result` and `Response`.
    ret: String,
    /// The expression that sends `req` and evaluates to `Result<Response<ret>, Error>`.
    tail: String,
    /// For a paginated list: how `_all` walks it.
    page: Option<PageWalk>,
}

/// How a paginated list's `_all` stream asks for each page.
struct PageWalk {
    /// The item type.
    item: String,
    /// The statement that sets the page number in `params`.
    set: String,
    /// The expression of the first page's number.
    get: String,
}

fn response_view(op: &Operation) -> Result<ResponseView, String> {
    let exec = |t: &str| format!("self.client.execute::<{t}>(req).await?");
    let unwrap = |t: &str, how: &str| format!("{}.try_map(crate::Envelope::{how})", exec(t));
    let plain = |ret: String, tail: String| ResponseView {
        ret,
        tail,
        page: None,
    };
    Ok(match &op.response {
        ResponseKind::Envelope { result: None, .. } => plain(
            "()".to_owned(),
            unwrap("serde::de::IgnoredAny", "into_unit"),
        ),
        ResponseKind::Envelope {
            result: Some(_),
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
            let cast = page_number_as(&page_ty.ty, "page");
            let first = read_expr_as(
                Target::U64,
                &page_ty.ty,
                &format!("params.{field}"),
                !page_ty.required,
            );
            let get = format!("{first}.unwrap_or(1)");
            let set = if page_ty.required {
                format!("params.{field} = {cast};")
            } else {
                format!("params.{field} = Some({cast});")
            };
            ResponseView {
                ret: format!("crate::pagination::Page<{item}>"),
                tail: format!(
                    "{}.try_map(crate::pagination::Page::from_envelope)",
                    exec(&format!("Vec<{item}>"))
                ),
                page: Some(PageWalk { item, set, get }),
            }
        }
        ResponseKind::Envelope {
            result: Some(t),
            nullable,
            ..
        } => {
            let t = rust::type_expr(t, Scope::Crate)?;
            if *nullable {
                let tail = unwrap(&t, "into_optional_result");
                plain(format!("Option<{t}>"), tail)
            } else {
                let tail = unwrap(&t, "into_result");
                plain(t, tail)
            }
        }
        ResponseKind::Json(t) => {
            let t = rust::type_expr(t, Scope::Crate)?;
            let tail = format!("self.client.execute_json::<{t}>(req).await");
            plain(t, tail)
        }
        ResponseKind::Bytes => plain(
            "Vec<u8>".to_owned(),
            "self.client.execute_bytes(req).await".to_owned(),
        ),
        ResponseKind::Text => plain(
            "String".to_owned(),
            "Ok(self.client.execute_bytes(req).await?.map(|body| String::from_utf8_lossy(&body).into_owned()))".to_owned(),
        ),
        ResponseKind::Empty => plain(
            "()".to_owned(),
            "Ok(self.client.execute_bytes(req).await?.map(drop))".to_owned(),
        ),
    })
}

/// "Sends the body as `a`; the API also accepts `b` and `c`.", when it accepts others.
fn body_note(b: &Body) -> Option<String> {
    let (last, rest) = b.also_accepts.split_last()?;
    let quoted = |m: &String| format!("`{m}`");
    let others = match rest {
        [] => quoted(last),
        _ => format!(
            "{} and {}",
            rest.iter().map(quoted).collect::<Vec<_>>().join(", "),
            quoted(last)
        ),
    };
    Some(format!(
        "Sends the body as `{}`; the API also accepts {others}.",
        b.media_type
    ))
}

/// The method's `body` argument, and the statement that sets the request's body from it.
fn body_arg(b: &Body) -> Result<(ArgView, String), String> {
    let t = ty(&b.ty, Scope::Crate)?;
    let media = rust::string_literal(&b.media_type);
    // An optional body can be left out: `None` sends none.
    let (decl, owned, call) = match (&b.kind, b.required) {
        (BodyKind::Text, true) => ("body: impl Into<String>".to_owned(), "", "body"),
        (BodyKind::Text, false) => ("body: Option<String>".to_owned(), "", "body"),
        (BodyKind::Bytes, true) => ("body: impl Into<Vec<u8>>".to_owned(), "", "body"),
        (BodyKind::Bytes, false) => ("body: Option<Vec<u8>>".to_owned(), "", "body"),
        (_, true) => (format!("body: &{t}"), "let body = body.clone();", "&body"),
        (_, false) => (
            format!("body: Option<&{t}>"),
            "let body = body.cloned();",
            "body.as_ref()",
        ),
    };
    let send = match &b.kind {
        BodyKind::Json => "req = req.json(body)?;".to_owned(),
        BodyKind::Text if b.required => {
            format!("req = req.bytes({media}, Into::<String>::into(body));")
        }
        BodyKind::Text => format!("req = req.bytes({media}, body);"),
        BodyKind::Bytes => format!("req = req.bytes({media}, body);"),
        BodyKind::Form(form) => form_statements(form, false)?,
        BodyKind::Multipart(form) => form_statements(form, true)?,
    };
    let arg = ArgView {
        name: code("body"),
        decl: code(decl),
        owned: code(owned),
        call: code(call),
        example: code(""),
        env_example: code(""),
    };
    Ok((arg, send))
}

/// Builds a form or multipart body from the body struct's fields, then sets it.
fn form_statements(form: &FormBody, multipart: bool) -> Result<String, String> {
    let mut out = if multipart {
        "let mut form = crate::body::Multipart::new();".to_owned()
    } else {
        "let mut form = crate::body::Form::new();".to_owned()
    };
    for f in &form.fields {
        let n = rust::ident(&f.rust_name)?;
        let wire = rust::string_literal(&f.wire_name);
        let ct = match &f.content_type {
            Some(c) => format!("Some({})", rust::string_literal(c)),
            None => "None".to_owned(),
        };
        let add = |value: &str| match (multipart, f.file) {
            (false, _) => format!("form.field({wire}, {value})?;"),
            (true, FileShape::None) => format!("form.text({wire}, {value}, {ct})?;"),
            (true, FileShape::One) => format!("form.file({wire}, {value}, {ct});"),
            (true, FileShape::Many) => {
                format!("for file in {value} {{ form.file({wire}, file, {ct}); }}")
            }
        };
        out.push_str(&if f.required {
            add(&format!("&body.{n}"))
        } else {
            format!("if let Some(value) = &body.{n} {{ {} }}", add("value"))
        });
    }
    out.push_str(if multipart {
        "req = req.multipart(form);"
    } else {
        "req = req.form(form);"
    });
    Ok(out)
}

/// The closure that decodes an operation's error body by status (a specific code before a
/// range, a range before `default`), or `None` when it declares no typed error body.
fn error_decoder(errors: &[ErrorResponse], ir: &Ir) -> Result<Option<String>, String> {
    if errors.is_empty() {
        return Ok(None);
    }
    // (kind, patterns, variant): codes of one type share an arm, as do ranges (codes are
    // disjoint, and so are ranges, so joining them keeps a code ahead of any range).
    let mut grouped: Vec<(u8, Vec<String>, String)> = Vec::new();
    for e in errors {
        let variant = ir
            .error_bodies
            .iter()
            .find(|v| v.ty == e.ty)
            .ok_or_else(|| "an error body type has no `ErrorBody` variant".to_owned())?;
        let variant = rust::ident(&variant.rust_name)?.to_string();
        let (kind, pattern) = match e.status {
            StatusMatch::Code(n) => (0, n.to_string()),
            StatusMatch::Range(n) => (1, format!("{}..={}", n * 100, n * 100 + 99)),
            StatusMatch::Default => (2, "_".to_owned()),
        };
        match grouped
            .iter_mut()
            .find(|(k, _, v)| *k == kind && kind < 2 && *v == variant)
        {
            Some((_, patterns, _)) => patterns.push(pattern),
            None => grouped.push((kind, vec![pattern], variant)),
        }
    }
    let mut arms: Vec<String> = grouped
        .into_iter()
        .map(|(_, patterns, variant)| {
            format!(
                "{} => Some(crate::error_body::decode(body, crate::ErrorBody::{variant})),",
                patterns.join(" | ")
            )
        })
        .collect();
    if !errors.iter().any(|e| e.status == StatusMatch::Default) {
        arms.push("_ => None,".to_owned());
    }
    Ok(Some(format!(
        "|status, body| match status {{ {} }}",
        arms.join(" ")
    )))
}

/// A variant of `ErrorBody`.
#[derive(Serialize)]
pub struct ErrorBodyView {
    name: Value,
    bare: String,
    ty: Value,
    ty_doc: String,
    /// A type of the models module (the typed accessor is implemented for those only).
    named: bool,
}

/// The variants of `ErrorBody`.
pub fn error_bodies(ir: &Ir) -> Result<Vec<ErrorBodyView>, String> {
    ir.error_bodies
        .iter()
        .map(|v| {
            let t = rust::type_expr(&v.ty, Scope::Crate)?;
            Ok(ErrorBodyView {
                name: id(&v.rust_name)?,
                bare: v.rust_name.trim_start_matches("r#").to_owned(),
                ty_doc: t.replace(' ', "").replace(',', ", ").replace("crate::", ""),
                ty: code(t),
                named: matches!(v.ty, TypeRef::Named(_)),
            })
        })
        .collect()
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
            Some(f) => read_as(
                Target::U64,
                &f.ty,
                &rust::ident(&f.rust_name)?.to_string(),
                f.optional,
            ),
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
        Some(f) => read_as(
            Target::I64,
            &f.ty,
            &rust::ident(&f.rust_name)?.to_string(),
            f.optional,
        ),
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
    /// The runtime's `Location` value.
    location: Value,
    /// How the credential is sent, for the builder method's doc.
    sent_as: String,
    basic: bool,
    provider_method: Option<Value>,
    env: Option<String>,
    doc: Option<String>,
}

/// Every scheme the client can send.
pub fn schemes(ir: &Ir) -> Result<Vec<SchemeView>, String> {
    use crate::ir::CredentialLocation as L;
    ir.security_schemes
        .iter()
        .map(|s| {
            let lit = |text: &str| rust::string_literal(text);
            let (location, sent_as) = match &s.location {
                L::Bearer => ("Bearer".to_owned(), "`Authorization: Bearer`".to_owned()),
                L::Basic => (
                    "Basic".to_owned(),
                    "HTTP Basic (`Authorization: Basic`)".to_owned(),
                ),
                L::Scheme(scheme) => (
                    format!("Scheme({})", lit(scheme)),
                    format!("`Authorization: {scheme}`"),
                ),
                L::Header(h) => (format!("Header({})", lit(h)), format!("the `{h}` header")),
                L::Query(q) => (
                    format!("Query({})", lit(q)),
                    format!("the `{q}` query parameter"),
                ),
                L::Cookie(c) => (format!("Cookie({})", lit(c)), format!("the `{c}` cookie")),
            };
            Ok(SchemeView {
                name: s.name.clone(),
                method: id(&s.rust_name)?,
                location: code(location),
                sent_as,
                basic: s.location == L::Basic,
                provider_method: s.provider_method.as_deref().map(id).transpose()?,
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

//! IR → files: views for the templates, minijinja rendering, formatting.

mod conversions;
mod doc_html;
mod features;
pub mod format;
mod pagination;
mod parallel;
pub mod rust;
mod slots;
pub mod view;

use minijinja::value::ValueKind;
use minijinja::{context, AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};

use crate::ir::{Ir, Operation, ParamsStruct, TypeDef};

/// One file of the generated crate, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Templates, one per kind of emitted file, compiled into the generator.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "Cargo.toml.j2",
        include_str!("../../../templates/Cargo.toml.j2"),
    ),
    ("lib.rs.j2", include_str!("../../../templates/lib.rs.j2")),
    (
        "models.rs.j2",
        include_str!("../../../templates/models.rs.j2"),
    ),
    (
        "resources.rs.j2",
        include_str!("../../../templates/resources.rs.j2"),
    ),
    ("spec.rs.j2", include_str!("../../../templates/spec.rs.j2")),
    (
        "example.rs.j2",
        include_str!("../../../templates/example.rs.j2"),
    ),
    (
        "example_main.rs.j2",
        include_str!("../../../templates/example_main.rs.j2"),
    ),
    (
        "servers.rs.j2",
        include_str!("../../../templates/servers.rs.j2"),
    ),
    ("macros.j2", include_str!("../../../templates/macros.j2")),
    (
        "error_body.rs.j2",
        include_str!("../../../templates/error_body.rs.j2"),
    ),
];

/// Runtime modules copied verbatim: hand-written Rust that generated crates share, each with
/// the feature a crate needs to get it (`None`: every crate; see [`features`]). Inside a
/// module, the lines between `// @if FEATURE`, `// @else` and `// @end` are kept or dropped per
/// the crate's features (see [`runtime_source`]).
const RUNTIME: &[(&str, &str, Option<&str>)] = &[
    (
        "src/client.rs",
        include_str!("../../../templates/runtime/client.rs"),
        None,
    ),
    (
        "src/auth.rs",
        include_str!("../../../templates/runtime/auth.rs"),
        None,
    ),
    (
        "src/options.rs",
        include_str!("../../../templates/runtime/options.rs"),
        None,
    ),
    (
        "src/response.rs",
        include_str!("../../../templates/runtime/response.rs"),
        None,
    ),
    (
        "src/error.rs",
        include_str!("../../../templates/runtime/error.rs"),
        None,
    ),
    (
        "src/envelope.rs",
        include_str!("../../../templates/runtime/envelope.rs"),
        Some(features::ENVELOPE),
    ),
    (
        "src/pagination.rs",
        include_str!("../../../templates/runtime/pagination.rs"),
        Some(features::PAGINATION),
    ),
    (
        "src/pagination/plain.rs",
        include_str!("../../../templates/runtime/pagination/plain.rs"),
        Some(features::PAGING),
    ),
    (
        "src/de.rs",
        include_str!("../../../templates/runtime/de.rs"),
        Some(features::DE),
    ),
    (
        "src/tag.rs",
        include_str!("../../../templates/runtime/tag.rs"),
        Some(features::TAGGED),
    ),
    (
        "src/params.rs",
        include_str!("../../../templates/runtime/params.rs"),
        None,
    ),
    (
        "src/extra.rs",
        include_str!("../../../templates/runtime/extra.rs"),
        Some(features::EXTRA),
    ),
    (
        "src/formats.rs",
        include_str!("../../../templates/runtime/formats.rs"),
        Some(features::FORMATS),
    ),
    (
        "src/download.rs",
        include_str!("../../../templates/runtime/download.rs"),
        Some(features::DOWNLOADS),
    ),
    (
        "src/body.rs",
        include_str!("../../../templates/runtime/body.rs"),
        Some(features::FORMS),
    ),
];

/// A runtime module's text for an API with `features`: the lines of each `// @if FEATURE`
/// block (up to its `// @else` or `// @end`) kept when the API has the feature, the lines of
/// its `// @else` part otherwise, and the marker lines dropped. Blocks do not nest.
pub fn runtime_source(path: &str, text: &str, features: &[&str]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    // Inside a block: whether its current part is kept.
    let mut block: Option<bool> = None;
    for (n, line) in text.lines().enumerate() {
        let marker = line.trim();
        let at = || format!("{path}:{}", n + 1);
        if let Some(feature) = marker.strip_prefix("// @if ") {
            if block.is_some() {
                return Err(format!("{}: `// @if` blocks do not nest", at()));
            }
            block = Some(features.contains(&feature.trim()));
        } else if marker == "// @else" {
            let kept = block.ok_or_else(|| format!("{}: `// @else` outside a block", at()))?;
            block = Some(!kept);
        } else if marker == "// @end" {
            block
                .take()
                .ok_or_else(|| format!("{}: `// @end` outside a block", at()))?;
        } else if block != Some(false) {
            out.push_str(line);
            out.push('\n');
        }
    }
    match block {
        Some(_) => Err(format!("{path}: a `// @if` block has no `// @end`")),
        None => Ok(out),
    }
}

const HEADER: &str = "// @generated by openapi-rs-generator from the OpenAPI spec. Do not edit by hand:\n// change the spec or the templates and run `cargo xtask codegen`.\n\n";

/// Renders every file of the crate.
///
/// Rendering and formatting run as jobs on every core: one per file, and `models.rs`, most of
/// the work for a big spec, in parts of a few hundred types each (each part makes its own
/// views too). Errors are reported in file order, as if the files were made one after another.
pub fn render(ir: &Ir) -> Result<Vec<OutputFile>, String> {
    let env = environment()?;
    let resources = view::resources(ir)?;
    let schemes = view::schemes(ir)?;
    let page_info = view::page_info(ir)?;
    let message_type = view::message_type(ir)?;
    let message_info = view::message_info(ir)?;
    let crate_ident = ir.api.crate_name.replace('-', "_");
    let server_setters = view::server_setters(ir)?;
    let has_server_enums = ir.api.server_variables.iter().any(|v| v.values.is_some());
    let resources = Value::from_serialize(&resources);
    let features = features::of(ir);
    let prefills = slots::prefills(&ir.types)?;
    let example_op = first_paginated(&resources);
    let ctx = context! {
        api => context! {
            crate_name => ir.api.crate_name.clone(),
            crate_ident => Value::from_safe_string(crate_ident),
            version => ir.api.version.clone(),
            title => ir.api.title.clone(),
            description => ir.api.description.clone(),
            base_url_env => ir.api.base_url_env.clone(),
            default_base_url => ir.api.default_base_url(),
            request_id_header => ir.api.request_id_header.clone(),
            request_id_alias => ir.api.request_id_alias.as_deref().map(view::ident).transpose()?,
            idempotency_header => ir.api.idempotency_header.clone(),
        },
        envelope => ir.envelope.is_some(),
        error_bodies => Value::from_serialize(view::error_bodies(ir)?),
        paging => features.contains(&features::PAGING),
        servers => Value::from_serialize(view::servers(ir)),
        server_setters => Value::from_serialize(&server_setters),
        server_enums => has_server_enums,
        resources => resources,
        uses_style => view::uses_style(ir),
        features => features.clone(),
        // Every model but a path scope reads or writes JSON.
        uses_serde => ir.types.values().any(|t| !matches!(t, TypeDef::Scope(_))),
        undocumented => has_undocumented_models(ir),
        data_enums => ir.types.values().any(|t| matches!(t, TypeDef::Tagged(_) | TypeDef::Untagged(_))),
        forms => Value::from_serialize(
            view::form_bodies(ir)
                .into_iter()
                .map(view::form_view)
                .collect::<Result<Vec<_>, _>>()?
        ),
        schemes => Value::from_serialize(&schemes),
        requirements => ir.security_requirements.clone(),
        page_info => Value::from_serialize(&page_info),
        message_type => message_type,
        message_info => Value::from_serialize(&message_info),
        example => example_op,
        example_env => example_env(ir),
    };
    let mut files = vec![
        ("src/lib.rs", "lib.rs.j2"),
        ("src/models.rs", "models.rs.j2"),
        ("src/resources.rs", "resources.rs.j2"),
        ("src/spec.rs", "spec.rs.j2"),
    ];
    if has_server_enums {
        files.push(("src/servers.rs", "servers.rs.j2"));
    }
    if !ir.error_bodies.is_empty() {
        files.push(("src/error_body.rs", "error_body.rs.j2"));
    }
    if !ctx.get_attr("example").map(|v| v.is_none()).unwrap_or(true) {
        files.push(("examples/list/main.rs", "example_main.rs.j2"));
        files.push(("examples/list/body.rs", "example.rs.j2"));
    }

    // Every file is one job, but models.rs, which is one per part; the big jobs go first.
    let types: Vec<&TypeDef> = ir.types.values().collect();
    let params: Vec<(&ParamsStruct, &Operation)> = ir
        .operations
        .iter()
        .filter_map(|op| Some((op.params.as_ref()?, op)))
        .collect();
    let model_parts = parts(&types, &params);
    let mut jobs: Vec<Job> = Vec::new();
    for (file, &(_, template)) in files.iter().enumerate() {
        if template == "models.rs.j2" {
            for (i, &(types, params)) in model_parts.iter().enumerate() {
                let part = Some(Part {
                    types,
                    params,
                    first: i == 0,
                });
                jobs.push(Job {
                    file,
                    template,
                    part,
                });
            }
        } else {
            jobs.push(Job {
                file,
                template,
                part: None,
            });
        }
    }
    jobs.sort_by_key(|job| job.template != "resources.rs.j2");
    let done = parallel::map_in_order(&jobs, |job| {
        let text = match &job.part {
            None => render_one(&env, job.template, &ctx)?,
            Some(part) => {
                let types = part
                    .types
                    .iter()
                    .map(|def| view::type_view(def, &ir.types, &prefills));
                let params = part.params.iter().map(|(p, op)| view::params_view(p, op));
                let ctx = context! {
                    types => Value::from_serialize(types.collect::<Result<Vec<_>, _>>()?),
                    params => Value::from_serialize(params.collect::<Result<Vec<_>, _>>()?),
                    part => context! { first => part.first },
                    ..ctx.clone()
                };
                render_one(&env, job.template, &ctx)?
            }
        };
        let opens_file = job.part.as_ref().is_none_or(|p| p.first);
        let printed = format::format_part(&text, opens_file);
        Ok::<_, String>((text, printed))
    });

    // The parts of each file, in order.
    let mut by_file: Vec<Vec<(String, Option<Vec<format::Printed>>)>> =
        files.iter().map(|_| Vec::new()).collect();
    let mut done: Vec<(&Job, _)> = jobs.iter().zip(done).collect();
    done.sort_by_key(|(job, _)| job.file);
    for (job, result) in done {
        by_file[job.file].push(result?);
    }
    let mut out = Vec::new();
    for ((path, template), parts) in files.iter().zip(by_file) {
        let formatted = if parts.iter().all(|(_, printed)| printed.is_some()) {
            format::join(
                parts
                    .into_iter()
                    .flat_map(|(_, p)| p.unwrap_or_default())
                    .collect(),
            )
        } else {
            // A piece did not parse alone: the whole file, for the result or the error.
            let text: String = parts.into_iter().map(|(text, _)| text).collect();
            format::format_whole(&text, template)?
        };
        out.push(OutputFile {
            path: (*path).to_owned(),
            contents: format!("{HEADER}{formatted}"),
        });
    }
    out.push(OutputFile {
        path: "Cargo.toml".to_owned(),
        contents: render_one(&env, "Cargo.toml.j2", &ctx)?,
    });
    for (path, text, feature) in RUNTIME {
        if feature.is_some_and(|f| !features.contains(&f)) {
            continue;
        }
        out.push(OutputFile {
            path: (*path).to_owned(),
            contents: format!("{HEADER}{}", runtime_source(path, text, &features)?),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Whether some field or union alternative of the models has no doc from the spec (and so
/// none at all: the generator does not restate names).
fn has_undocumented_models(ir: &Ir) -> bool {
    let blank = |doc: &Option<String>| doc.as_deref().is_none_or(|d| d.trim().is_empty());
    let in_types = ir.types.values().any(|t| match t {
        TypeDef::Struct(s) => s.fields.iter().any(|f| blank(&f.doc)),
        TypeDef::Untagged(_) => true,
        _ => false,
    });
    let in_params = ir.operations.iter().any(|op| {
        op.params
            .as_ref()
            .is_some_and(|p| p.params.iter().any(|q| blank(&q.doc)))
    });
    let in_forms = view::form_bodies(ir)
        .iter()
        .any(|(form, _, _)| form.fields.iter().any(|f| blank(&f.doc)));
    in_types || in_params || in_forms
}

/// A params struct with the operation it is for.
type OpParams<'a> = (&'a ParamsStruct, &'a Operation);

/// One template to render: a whole file, or a part of models.rs.
struct Job<'a> {
    /// Index of the file it is (part of).
    file: usize,
    template: &'static str,
    part: Option<Part<'a>>,
}

/// A run of the types and params structs of models.rs.
struct Part<'a> {
    types: &'a [&'a TypeDef],
    params: &'a [OpParams<'a>],
    /// The part that opens the file: the one that may have inner attributes.
    first: bool,
}

/// The types, then the params structs, cut into runs of about [`PART_WEIGHT`] each. A small
/// spec is one part.
fn parts<'a>(
    types: &'a [&'a TypeDef],
    params: &'a [OpParams<'a>],
) -> Vec<(&'a [&'a TypeDef], &'a [OpParams<'a>])> {
    let mut out = Vec::new();
    let (mut t0, mut p0, mut weight) = (0, 0, 0);
    for (i, t) in types.iter().enumerate() {
        weight += view::type_weight(t);
        if weight >= PART_WEIGHT {
            out.push((&types[t0..=i], &params[..0]));
            (t0, weight) = (i + 1, 0);
        }
    }
    for (i, p) in params.iter().enumerate() {
        weight += view::params_weight(p.0);
        if weight >= PART_WEIGHT {
            out.push((&types[t0..], &params[p0..=i]));
            (t0, p0, weight) = (types.len(), i + 1, 0);
        }
    }
    if out.is_empty() || t0 < types.len() || p0 < params.len() {
        out.push((&types[t0..], &params[p0..]));
    }
    out
}

/// Types and fields per part of models.rs: a few hundred types, enough to be worth a job and
/// small enough that the jobs even out across threads.
const PART_WEIGHT: usize = 1_000;

fn first_paginated(tree: &Value) -> Value {
    // Walk the serialized tree: the first method that pages, with the accessor chain to it.
    fn walk(nodes: &Value, chain: &mut Vec<Value>) -> Option<Value> {
        for node in nodes.try_iter().ok()? {
            chain.push(node.get_attr("accessor").ok()?);
            for m in node.get_attr("methods").ok()?.try_iter().ok()? {
                let paginated = m.get_attr("paginated").ok().is_some_and(|p| p.is_true());
                let example = m.get_attr("example").ok().is_some_and(|p| p.is_true());
                if paginated && example {
                    return Some(context! { chain => chain.clone(), method => m });
                }
            }
            if let Some(found) = walk(&node.get_attr("children").ok()?, chain) {
                return Some(found);
            }
            chain.pop();
        }
        None
    }
    walk(tree, &mut Vec::new()).unwrap_or(Value::from(()))
}

/// `VAR=<scheme>` for the credentials of the first security alternative that `from_env` can
/// read whole, for the example's instructions.
fn example_env(ir: &Ir) -> String {
    let env_of = |name: &String| {
        ir.security_schemes
            .iter()
            .find(|s| &s.name == name)
            .and_then(|s| s.env.as_ref())
            .map(|env| format!("{env}=<{name}>"))
    };
    ir.security_requirements
        .iter()
        .find_map(|alt| alt.iter().map(env_of).collect::<Option<Vec<_>>>())
        .map(|vars| vars.join(" "))
        .unwrap_or_default()
}

fn render_one(env: &Environment<'_>, name: &str, ctx: &Value) -> Result<String, String> {
    let template = env
        .get_template(name)
        .map_err(|e| format!("template `{name}`: {e:#}"))?;
    template
        .render(ctx)
        .map_err(|e| format!("template `{name}` failed: {e}"))
}

/// The environment: strict about undefined values, and a formatter that refuses any string not
/// marked safe, so spec text reaches Rust only through the `doc` and `lit` filters.
fn environment() -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_debug(false);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Everything is "escaped" by the formatter below; this also marks macro output safe.
    env.set_auto_escape_callback(|_| AutoEscape::Custom("rust"));
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() || matches!(value.kind(), ValueKind::Number | ValueKind::Bool) {
            write!(out, "{value}").map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
        } else {
            Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("unescaped value {value:?}: spec text must go through `|doc` or `|lit`"),
            ))
        }
    });
    env.add_filter("doc", |value: Value| -> Value {
        match value.as_str() {
            Some(text) if !text.trim().is_empty() => Value::from_safe_string(rust::doc_attrs(text)),
            _ => Value::from_safe_string(String::new()),
        }
    });
    // "a `Pet`", "an `IdentityProvider`": the article by the word's sound.
    env.add_filter("article", |value: Value| -> Value {
        let word = value.as_str().unwrap_or_default();
        Value::from(format!("{} {word}", rust::article(word)))
    });
    env.add_filter("inner_doc", |value: Value| -> Value {
        match value.as_str() {
            Some(text) if !text.trim().is_empty() => {
                Value::from_safe_string(rust::doc_attrs(text).replace("#[doc", "#![doc"))
            }
            _ => Value::from_safe_string(String::new()),
        }
    });
    env.add_filter("lit", |value: Value| -> Result<Value, Error> {
        match value.as_str() {
            Some(s) => Ok(Value::from_safe_string(rust::string_literal(s))),
            None => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("`lit` expects a string, got {value:?}"),
            )),
        }
    });
    env.add_filter("toml", |value: Value| -> Result<Value, Error> {
        match value.as_str() {
            // A JSON string literal is a valid TOML basic string.
            Some(s) => Ok(Value::from_safe_string(serde_json::to_string(s).map_err(
                |e| Error::new(ErrorKind::InvalidOperation, e.to_string()),
            )?)),
            None => Err(Error::new(
                ErrorKind::InvalidOperation,
                "`toml` expects a string",
            )),
        }
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| format!("template `{name}` does not parse: {e:#}"))?;
    }
    Ok(env)
}

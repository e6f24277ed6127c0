//! `openapiv3` → IR, in passes: collect names, lower the operations (which lower every schema
//! they reach), then box recursive fields.

mod allof;
mod bodies;
mod components;
mod cycles;
mod errors;
pub mod flat;
mod method_names;
pub mod names;
mod operation;
mod pagination;
mod params;
mod pattern_example;
mod reach;
pub mod refs;
mod resources;
mod schema;

pub use schema::MAX_DEPTH;
mod idempotency;
mod security;
mod servers;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::Diagnostics;
use crate::ir::{Envelope, Ir, TypeDef, TypeRef};
use names::Namespace;
use refs::Refs;

/// Knobs that change how a spec is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip operations that cannot be generated (with a warning each) instead of failing.
    pub skip_invalid: bool,
    /// Emit only the component schemas that operations use, not every one (for very large
    /// specs whose users want a small crate).
    pub only_used: bool,
    /// Models keep no members the spec does not list: unknown fields of a response are dropped
    /// when decoding (by default each struct keeps them in an `extra` field and sends them back).
    pub strict_models: bool,
    /// Strings of a `format` with a Rust type (`date-time`, `date`, `uuid`, `uri`) stay
    /// `String`s instead of becoming `DateTime`, `time::Date`, `uuid::Uuid` and `url::Url`.
    pub formats_as_strings: bool,
}

/// Stack for the lowering thread: schemas nest as deep as the spec makes them (up to
/// [`MAX_DEPTH`] levels), and a debug build's frames are large.
const LOWERING_STACK: usize = 256 << 20;

/// Lowers a parsed document. Warnings and errors are both returned; the caller decides.
pub fn lower(doc: &OpenAPI, options: &Options) -> (Ir, Diagnostics) {
    // A thread of its own, so the depth lowering may reach does not depend on the caller's
    // stack (a test thread has 2 MiB); only the pages it touches are ever mapped.
    std::thread::scope(|scope| {
        let lowering = std::thread::Builder::new()
            .name("lower".to_owned())
            .stack_size(LOWERING_STACK)
            .spawn_scoped(scope, || lower_here(doc, options));
        match lowering.map(|handle| handle.join()) {
            Ok(Ok(done)) => done,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(e) => {
                let mut diags = Diagnostics::default();
                diags.error("", format!("cannot start the lowering thread: {e}"));
                (Ir::default(), diags)
            }
        }
    })
}

fn lower_here(doc: &OpenAPI, options: &Options) -> (Ir, Diagnostics) {
    let mut ctx = Ctx::new(doc);
    ctx.typed_formats = !options.formats_as_strings;
    ctx.lower_api_info();
    ctx.lower_security();
    ctx.lower_servers();
    ctx.lower_idempotency();
    ctx.lower_operations(options);
    if !options.only_used {
        ctx.lower_components(options);
    }
    if options.strict_models {
        for def in ctx.ir.types.values_mut() {
            if let TypeDef::Struct(s) = def {
                s.extra = None;
            }
        }
    }
    ctx.finish()
}

/// State shared by the lowering passes.
pub(crate) struct Ctx<'a> {
    pub doc: &'a OpenAPI,
    pub refs: Refs<'a>,
    pub diags: Diagnostics,
    pub ir: Ir,
    /// Rust names taken in the models module.
    pub type_names: Namespace,
    /// Rust name chosen for each component schema (whether or not it is emitted).
    pub component_names: BTreeMap<String, String>,
    /// Memo: component schema → its lowered type.
    pub component_types: BTreeMap<String, TypeRef>,
    /// Memo: inline schema at a spec location → its lowered type, so a property inherited by
    /// many allOf children becomes one type, not one copy per child.
    pub inline_types: BTreeMap<String, schema::Lowered>,
    /// Components being lowered right now (a reference back to one is recursion).
    pub in_progress: BTreeSet<String>,
    /// Components referenced while in progress: they must become named types.
    pub recursive: BTreeSet<String>,
    /// Envelope facts gathered from operations.
    pub envelope: Option<Envelope>,
    /// Inline schemas being lowered right now, by pointer.
    pub inline_in_progress: BTreeSet<String>,
    /// String formats become their Rust types (see [`Options::formats_as_strings`]).
    pub typed_formats: bool,
    /// How many schemas are being lowered inside each other right now.
    pub depth: usize,
    /// Merged property declarations being lowered right now, with the name reserved for them.
    pub merges_in_progress: BTreeMap<String, String>,
    /// Merges that met themselves while being lowered.
    pub merges_recursed: BTreeSet<String>,
    /// Components whose lowering was put off to keep the stack shallow.
    pub deferred: Vec<(String, &'a openapiv3::Schema)>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        let mut type_names = Namespace::for_types();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &doc.components {
            // Explicit names first, so a derived name never takes one a user asked for.
            for (name, schema) in &components.schemas {
                if let ReferenceOr::Item(s) = schema {
                    if let Some(explicit) = s
                        .schema_data
                        .extensions
                        .get("x-sdk-name")
                        .and_then(|v| v.as_str())
                    {
                        let rust = type_names.claim(&names::type_name(explicit));
                        component_names.insert(name.clone(), rust);
                    }
                }
            }
            // A component's name as written, which a shortened name never takes.
            let as_written: BTreeSet<String> = components
                .schemas
                .keys()
                .map(|n| names::type_name(n))
                .collect();
            for name in components.schemas.keys() {
                if component_names.contains_key(name) {
                    continue;
                }
                let mut candidates = Vec::new();
                if let Some(base) = names::without_hash_suffix(name) {
                    candidates.push(names::type_name(base));
                }
                let written = names::type_name(name);
                // `integrations__schemas__api__tool__Tool` says `Tool` once.
                if let Some(once) = names::said_once(&written) {
                    if !as_written.contains(&once) {
                        candidates.push(once);
                    }
                }
                candidates.push(written);
                let rust = type_names.claim_first(&candidates);
                component_names.insert(name.clone(), rust);
            }
        }
        Self {
            doc,
            refs: Refs::new(doc),
            diags: Diagnostics::default(),
            ir: Ir::default(),
            type_names,
            component_names,
            component_types: BTreeMap::new(),
            inline_types: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            recursive: BTreeSet::new(),
            envelope: None,
            inline_in_progress: BTreeSet::new(),
            typed_formats: true,
            depth: 0,
            deferred: Vec::new(),
            merges_in_progress: BTreeMap::new(),
            merges_recursed: BTreeSet::new(),
        }
    }

    fn lower_api_info(&mut self) {
        let info = &self.doc.info;
        let crate_name = info
            .extensions
            .get("x-sdk-crate-name")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                let base = names::snake_ident(&info.title)
                    .trim_start_matches("r#")
                    .to_owned();
                format!("{}-client", base.replace('_', "-"))
            });
        let crate_name: String = crate_name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if crate_name.is_empty() || crate_name.starts_with(|c: char| c.is_ascii_digit()) {
            self.diags.error(
                "#/info/x-sdk-crate-name",
                format!("`{crate_name}` is not a valid crate name"),
            );
        }
        let base_url_env = self.doc.servers.first().and_then(|s| {
            s.extensions
                .get("x-sdk-env")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        });
        self.ir.api = crate::ir::ApiInfo {
            crate_name,
            version: semver_or_default(&info.version),
            title: info.title.clone(),
            description: info.description.clone(),
            base_url_env,
            ..Default::default()
        };
    }

    fn finish(mut self) -> (Ir, Diagnostics) {
        self.lower_deferred();
        self.ir.envelope = self.envelope.take();
        resources::name_resources(&mut self.ir);
        self.ir.error_bodies = errors::error_body_variants(&self.ir.operations);
        reach::prune_unreachable(&mut self.ir);
        reach::mark_received_only(&mut self.ir);
        cycles::break_union_cycles(&mut self.ir.types, &mut self.diags);
        unions::order_untagged_variants(&mut self.ir.types);
        cycles::box_recursive_fields(&mut self.ir.types);
        (self.ir, self.diags)
    }

    /// Adds a named type to the type space.
    pub fn add_type(&mut self, def: TypeDef) {
        self.ir.types.insert(def.name().to_owned(), def);
    }
}

/// Cargo needs a semver version; specs write anything (`4.0`, `v2`, `2023-01-01`).
fn semver_or_default(v: &str) -> String {
    let parts: Vec<&str> = v.trim_start_matches('v').split('.').collect();
    let nums: Vec<u64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() == parts.len() && !nums.is_empty() && nums.len() <= 3 {
        let mut n = nums;
        n.resize(3, 0);
        format!("{}.{}.{}", n[0], n[1], n[2])
    } else {
        "0.1.0".to_owned()
    }
}

//! What of the runtime a crate needs: each feature names a `// @if` block of the runtime
//! modules, or a whole module, so a crate carries only the helpers its models and operations
//! use (a crate without tagged unions has no tag-finding decoder, say).

use crate::ir::{Ir, StringFormat, TypeDef};

/// Responses come in an envelope the client unwraps (`envelope.rs`, `pagination.rs`).
pub const ENVELOPE: &str = "envelope";
/// Some union is told apart by a tag (`tag.rs`).
pub const TAGGED: &str = "tagged";
/// Some tagged union reads the members before its tag into merged slots (`tag.rs`).
pub const SLOTS: &str = "slots";
/// Some tagged union has merged slots for a member that is an object of several types.
pub const MERGES: &str = "merges";
/// Some tagged union holds the members before its tag as JSON text (`tag.rs`).
pub const HELD: &str = "held";
/// Some model keeps the members it has no field for (`extra.rs`).
pub const EXTRA: &str = "extra";
/// Some value is raw JSON whose secret-looking members `Debug` hides: extras, unknown kinds.
pub const MEMBERS: &str = "members";
/// Some string is read borrowed before it is matched: enums, keys, tags.
pub const STRINGS: &str = "strings";
/// Some `Debug` output hides a secret.
pub const REDACTS: &str = "redacts";
/// `de.rs` is emitted: some model needs one of its parts.
pub const DE: &str = "de";
/// The API takes an idempotency key in a header (`RequestOptions::idempotency_key`).
pub const IDEMPOTENCY: &str = "idempotency";
/// Some plain JSON list names its next page (`pagination/plain.rs`; see
/// `lower/pagination.rs`).
pub const PAGING: &str = "paging";
/// Lists page, in an envelope or plainly (`pagination.rs`).
pub const PAGINATION: &str = "pagination";
/// Some operation sends a form or multipart body (`body.rs`).
pub const FORMS: &str = "forms";
/// Some operation declares types for its error bodies (`error_body.rs`, `Error::Status`).
pub const ERROR_BODIES: &str = "error_bodies";
/// Some operation's success response is binary, so it gets a `…_stream` twin (`download.rs`).
pub const DOWNLOADS: &str = "downloads";
/// Some string has a `format` with a Rust type (`formats.rs`); each such format is a feature
/// too, named as the spec writes it (`date-time`, `uuid`, ...).
pub const FORMATS: &str = "formats";

/// The feature name of a string format.
fn format_feature(format: StringFormat) -> &'static str {
    match format {
        StringFormat::DateTime => "date-time",
        StringFormat::Date => "date",
        StringFormat::Uuid => "uuid",
        StringFormat::Uri => "uri",
    }
}

/// The features of the crate generated from `ir`.
pub fn of(ir: &Ir) -> Vec<&'static str> {
    let any = |f: fn(&TypeDef) -> bool| ir.types.values().any(f);
    let tagged = any(|t| matches!(t, TypeDef::Tagged(_)));
    let extra = any(|t| matches!(t, TypeDef::Struct(s) if s.extra.is_some()));
    let slots = ir
        .types
        .values()
        .any(|t| matches!(t, TypeDef::Tagged(u) if super::slots::uses_slots(u, &ir.types)));
    let merges = ir
        .types
        .values()
        .any(|t| matches!(t, TypeDef::Tagged(u) if super::slots::merges(u, &ir.types)));
    let held = ir
        .types
        .values()
        .any(|t| matches!(t, TypeDef::Tagged(u) if !super::slots::uses_slots(u, &ir.types)));
    let enums = any(|t| matches!(t, TypeDef::Enum(_)));
    let secrets = any(|t| matches!(t, TypeDef::Struct(s) if s.fields.iter().any(|f| f.sensitive)));
    let members = extra || tagged;
    let strings = enums || members;
    let redacts = secrets || members;
    let forms = !super::view::form_bodies(ir).is_empty();
    let paging = ir.operations.iter().any(|op| op.paging.is_some());
    let formats = ir.string_formats();
    let downloads = ir
        .operations
        .iter()
        .any(|op| op.stream_method_name.is_some());
    let mut features: Vec<&'static str> = [
        (ir.envelope.is_some(), ENVELOPE),
        (tagged, TAGGED),
        (slots, SLOTS),
        (held, HELD),
        (merges, MERGES),
        (extra, EXTRA),
        (members, MEMBERS),
        (strings, STRINGS),
        (redacts, REDACTS),
        (strings || redacts, DE),
        (forms, FORMS),
        (paging, PAGING),
        (paging || ir.envelope.is_some(), PAGINATION),
        (ir.api.idempotency_header.is_some(), IDEMPOTENCY),
        (!ir.error_bodies.is_empty(), ERROR_BODIES),
        (downloads, DOWNLOADS),
    ]
    .into_iter()
    .filter_map(|(on, feature)| on.then_some(feature))
    .collect();
    if !formats.is_empty() {
        features.push(FORMATS);
        features.extend(formats.into_iter().map(format_feature));
    }
    features
}

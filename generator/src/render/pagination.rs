//! The view of an operation's stream of every item, for a plain JSON list that names its next
//! page (see `lower/pagination.rs` for how it is found, and the runtime's `pagination/plain.rs`
//! for the walk).

use minijinja::Value;
use serde::Serialize;

use super::rust::{self, Scope};
use crate::ir::{Operation, PagingParam, PagingStyle};

/// The code fragments of an `_all` stream that the template puts around the request.
#[derive(Serialize)]
pub struct StreamView {
    /// The item type.
    item: Value,
    /// The `crate::pagination::Plan` expression (may read `params`).
    plan: Value,
    /// Statements that put the next page's cursor or offset into `params`.
    apply: Value,
}

/// The stream view of `op`, if its list pages.
pub fn stream_view(op: &Operation) -> Result<Option<StreamView>, String> {
    let Some(paging) = &op.paging else {
        return Ok(None);
    };
    let item = rust::type_expr(&paging.item, Scope::Crate)?;
    let (style, apply) = match &paging.style {
        PagingStyle::Cursor { param, field } => (
            format!(
                "crate::pagination::Style::Cursor {{ field: {} }}",
                path_literal(field)
            ),
            set_token(param)?,
        ),
        PagingStyle::AfterId {
            param,
            has_more,
            id,
        } => (
            format!(
                "crate::pagination::Style::AfterId {{ has_more: {}, id: {} }}",
                path_literal(has_more),
                rust::string_literal(id)
            ),
            set_token(param)?,
        ),
        PagingStyle::Link => ("crate::pagination::Style::Link".to_owned(), String::new()),
        PagingStyle::Offset {
            offset,
            limit,
            total,
        } => {
            let field = rust::ident(&offset.rust_name)?;
            let limit = match limit {
                Some(limit) => read_count(limit)?,
                None => "None".to_owned(),
            };
            let total = optional_path(total.as_deref());
            (
                format!(
                    "crate::pagination::Style::Offset {{ start: {}.unwrap_or(0), limit: {limit}, \
                     total: {total} }}",
                    read_count(offset)?
                ),
                format!(
                    "if let crate::pagination::Next::Offset(offset) = next {{ params.{field} = Some(crate::pagination::number_param(offset, {})?); }}",
                    rust::string_literal(&offset.wire_name)
                ),
            )
        }
        PagingStyle::Page {
            page,
            first,
            size,
            total_pages,
            total,
        } => {
            let field = rust::ident(&page.rust_name)?;
            let size = match size {
                Some(size) => read_count(size)?,
                None => "None".to_owned(),
            };
            (
                format!(
                    "crate::pagination::Style::Page {{ start: {}.unwrap_or({first}), first: {first}, \
                     size: {size}, total_pages: {}, total: {} }}",
                    read_count(page)?,
                    optional_path(total_pages.as_deref()),
                    optional_path(total.as_deref()),
                ),
                format!(
                    "if let crate::pagination::Next::Page(page) = next {{ params.{field} = Some(crate::pagination::number_param(page, {})?); }}",
                    rust::string_literal(&page.wire_name)
                ),
            )
        }
    };
    let plan = format!(
        "crate::pagination::Plan {{ items: {}, style: {style} }}",
        path_literal(&paging.items)
    );
    Ok(Some(StreamView {
        item: Value::from_safe_string(item),
        plan: Value::from_safe_string(plan),
        apply: Value::from_safe_string(apply),
    }))
}

/// Statements that put a `Next::Token` into the parameter.
fn set_token(param: &PagingParam) -> Result<String, String> {
    let field = rust::ident(&param.rust_name)?;
    Ok(format!(
        "if let crate::pagination::Next::Token(token) = &next {{ params.{field} = Some(token.clone()); }}"
    ))
}

/// The caller's value of an integer parameter as a count (`None` if unset or negative).
fn read_count(param: &PagingParam) -> Result<String, String> {
    let field = rust::ident(&param.rust_name)?;
    Ok(format!(
        "params.{field}.and_then(|n| u64::try_from(n).ok())"
    ))
}

/// `Some(&["a", "b"])`, or `None`.
fn optional_path(path: Option<&[String]>) -> String {
    match path {
        Some(path) => format!("Some({})", path_literal(path)),
        None => "None".to_owned(),
    }
}

/// `&["a", "b"]`: member names as a static slice.
fn path_literal(path: &[String]) -> String {
    let names: Vec<String> = path.iter().map(|n| rust::string_literal(n)).collect();
    format!("&[{}]", names.join(", "))
}

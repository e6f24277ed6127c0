//! Which plain JSON list responses page, and how: an opaque cursor in the body, `has_more` with
//! the last item's id, the `Link` header, an offset, or a page number. (Cloudflare-style envelopes page by
//! number; `operation.rs` handles those.)
//!
//! A shape is detected only where it is unambiguous: one items array, one matching pair of
//! request parameter and response field. Otherwise the operation gets no stream and a warning
//! says how to declare it with the `x-sdk-pagination` extension, which also overrides detection.
//! Detection reads the lowered types (allOf already merged), so it sees what the client decodes.

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, ReferenceOr};
use serde_json::Value;

use super::Ctx;
use crate::diag::child;
use crate::ir::{
    Operation, Paging, PagingParam, PagingStyle, Param, ParamLocation, ResponseKind, TypeDef,
    TypeRef,
};

/// The operation extension that declares (or turns off) an operation's paging.
pub const EXTENSION: &str = "x-sdk-pagination";

/// Names of an items array, best first, for a response with several arrays.
const ITEMS_NAMES: &[&str] = &["data", "items", "results", "entries", "records"];

/// Query parameters that take an opaque next-page token.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "continuation_token",
    "continuationToken",
    "after",
    "offset",
];

/// Query parameters that take the id of the last item seen.
const AFTER_ID_PARAMS: &[&str] = &["starting_after", "startingAfter", "after"];

/// Response fields that say whether more items follow.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore"];

/// Response fields that hold the total number of items.
const TOTAL_FIELDS: &[&str] = &["total", "total_count", "totalCount", "total_results"];

/// Query parameters that take a page number.
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];

/// Query parameters that take a page's size, beside a page number.
const PAGE_SIZE_PARAMS: &[&str] = &[
    "page_size",
    "pageSize",
    "per_page",
    "perPage",
    "limit",
    "size",
];

/// Response fields that hold the number of pages.
const TOTAL_PAGES_FIELDS: &[&str] = &["total_pages", "totalPages", "page_count", "pageCount"];

/// The styles `x-sdk-pagination` names.
const STYLES: &str = "`cursor`, `after-id`, `link`, `offset`, `page` or `none`";

/// The keys `x-sdk-pagination` may have.
const KEYS: &[&str] = &[
    "style",
    "items",
    "param",
    "field",
    "has-more",
    "id",
    "limit",
    "total",
    "total-pages",
];

/// What a declaration or the spec says about the paging, before it is checked.
#[derive(Debug, Default)]
struct Declared {
    style: Option<String>,
    items: Option<Vec<String>>,
    param: Option<String>,
    field: Option<Vec<String>>,
    has_more: Option<Vec<String>>,
    id: Option<String>,
    limit: Option<String>,
    total: Option<Vec<String>>,
    total_pages: Option<Vec<String>>,
}

/// The response body and query parameters that paging is read from.
struct Shape<'t> {
    types: &'t BTreeMap<String, TypeDef>,
    body: &'t TypeRef,
    /// Optional query parameters: the first request leaves them out.
    params: Vec<&'t Param>,
    link_header: bool,
}

/// The outcome of looking at one operation.
#[derive(Debug, PartialEq)]
enum Found {
    Paging(Box<Paging>),
    /// Looks like a paged list, but which way is not clear: the warning's text.
    Ambiguous(String),
    NotPaged,
}

impl Ctx<'_> {
    /// The paging of `op` (lowered from `spec`), declared or detected; problems are reported
    /// at the operation.
    pub(super) fn lower_paging(&mut self, op: &Operation, spec: &SpecOperation) -> Option<Paging> {
        let ext_ptr = child(&op.pointer, EXTENSION);
        let declared = match spec.extensions.get(EXTENSION) {
            None => None,
            Some(value) => match parse(value) {
                Ok(d) => Some(d),
                Err((key, message)) => {
                    let at = key.map_or(ext_ptr.clone(), |k| child(&ext_ptr, k));
                    self.diags.error(at, message);
                    return None;
                }
            },
        };
        if declared.as_ref().and_then(|d| d.style.as_deref()) == Some("none") {
            return None;
        }
        let ResponseKind::Json(body) = &op.response else {
            if declared.is_some() {
                self.diags.error(
                    ext_ptr,
                    "paging is declared, but the operation does not return a plain JSON body",
                );
            }
            return None;
        };
        let shape = Shape {
            types: &self.ir.types,
            body,
            params: op
                .params
                .iter()
                .flat_map(|p| &p.params)
                .filter(|p| p.location == ParamLocation::Query && !p.required)
                .collect(),
            link_header: self.declares_link_header(spec),
        };
        match declared {
            Some(d) => match shape.declared(&d) {
                Ok(paging) => Some(paging),
                Err((key, message)) => {
                    self.diags.error(child(&ext_ptr, key), message);
                    None
                }
            },
            None => match shape.detect() {
                Found::Paging(paging) => Some(*paging),
                Found::Ambiguous(why) => {
                    self.diags.warn(
                        &op.pointer,
                        format!(
                            "{why}; the operation gets no stream of every item. Declare how it \
                             pages with `{EXTENSION}` (see the README), or turn this off with \
                             `{EXTENSION}: {{style: none}}`"
                        ),
                    );
                    None
                }
                Found::NotPaged => None,
            },
        }
    }

    /// Whether the first success response declares a `Link` header.
    fn declares_link_header(&self, spec: &SpecOperation) -> bool {
        let response = match super::operation::success_response(spec).map(|(_, r)| r) {
            Some(ReferenceOr::Item(r)) => r,
            Some(ReferenceOr::Reference { reference }) => match self.refs.response(reference) {
                Ok((_, r)) => r,
                Err(_) => return false,
            },
            None => return false,
        };
        response
            .headers
            .keys()
            .any(|name| name.eq_ignore_ascii_case("link"))
    }
}

/// Drops the paging of an operation whose stream, `<method>_all`, would take the name of
/// another method of its resource, with a warning: the method keeps its name.
pub(super) fn drop_colliding_streams(ops: &mut [Operation], diags: &mut crate::diag::Diagnostics) {
    let taken: std::collections::BTreeSet<(Vec<String>, String)> = ops
        .iter()
        .map(|op| {
            (
                op.resource.clone(),
                op.method_name.trim_start_matches("r#").to_owned(),
            )
        })
        .collect();
    let enveloped_pages = |op: &Operation| {
        matches!(
            op.response,
            ResponseKind::Envelope {
                paginated: Some(_),
                ..
            }
        )
    };
    for op in ops
        .iter_mut()
        .filter(|op| op.paging.is_some() || enveloped_pages(op))
    {
        let stream = format!("{}_all", op.method_name.trim_start_matches("r#"));
        if taken.contains(&(op.resource.clone(), stream.clone())) {
            op.paging = None;
            // An enveloped list then returns its first page's `result`, as any list does.
            if let ResponseKind::Envelope { paginated, .. } = &mut op.response {
                *paginated = None;
            }
            diags.warn(
                &op.pointer,
                format!(
                    "the list pages, but its stream would be named `{stream}`, like another \
                     method of `{}`; rename one with `x-sdk-method` to get the stream",
                    op.resource.join(".")
                ),
            );
        }
    }
}

/// Reads the extension's value: `Err((key, message))` names the key at fault, if one is.
fn parse(value: &Value) -> Result<Declared, (Option<&'static str>, String)> {
    let Some(map) = value.as_object() else {
        return Err((None, format!("`{EXTENSION}` must be an object")));
    };
    if let Some(unknown) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err((
            None,
            format!(
                "unknown key `{unknown}`; `{EXTENSION}` takes {}",
                KEYS.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let text = |key: &'static str| -> Result<Option<String>, (Option<&'static str>, String)> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err((Some(key), format!("`{key}` must be a non-empty string"))),
        }
    };
    let path = |key: &'static str| Ok(text(key)?.map(|s| split_path(&s)));
    let style = text("style")?;
    match style.as_deref() {
        Some("cursor" | "after-id" | "link" | "offset" | "page" | "none") => {}
        Some(other) => {
            return Err((
                Some("style"),
                format!("unknown style `{other}`; use {STYLES}"),
            ))
        }
        None => return Err((None, format!("`style` is missing: {STYLES}"))),
    }
    Ok(Declared {
        style,
        items: path("items")?,
        param: text("param")?,
        field: path("field")?,
        has_more: path("has-more")?,
        id: text("id")?,
        limit: text("limit")?,
        total: path("total")?,
        total_pages: path("total-pages")?,
    })
}

/// A dotted path (`next_page.offset`) as wire names.
fn split_path(path: &str) -> Vec<String> {
    path.split('.').map(str::to_owned).collect()
}

fn dotted(path: &[String]) -> String {
    path.join(".")
}

impl<'t> Shape<'t> {
    /// Finds the paging without a declaration.
    fn detect(&self) -> Found {
        let (items, item) = match self.items(None) {
            Ok(Some(found)) => found,
            Ok(None) => return Found::NotPaged,
            Err(why) => {
                return match self.paging_params().is_empty() {
                    true => Found::NotPaged,
                    false => Found::Ambiguous(why),
                }
            }
        };
        let styles: [&dyn Fn() -> Result<Option<PagingStyle>, String>; 5] = [
            &|| self.cursor(None, None),
            &|| self.after_id(&item, None, None, None),
            &|| Ok(self.link_header.then_some(PagingStyle::Link)),
            &|| self.offset(None, None, None),
            &|| self.page(&Declared::default()).map_err(|(_, why)| why),
        ];
        for style in styles {
            match style() {
                Ok(Some(style)) => {
                    return Found::Paging(Box::new(Paging {
                        item: item.clone(),
                        items,
                        style,
                    }))
                }
                Ok(None) => {}
                Err(why) => return Found::Ambiguous(why),
            }
        }
        match self.paging_params().first() {
            Some(p) => Found::Ambiguous(format!(
                "the list takes the query parameter `{}`, but the response shows no next \
                 page (no matching cursor field, `has_more` or `Link` header)",
                p.wire_name
            )),
            None => Found::NotPaged,
        }
    }

    /// Checks a declaration, filling in what it leaves out as detection would.
    fn declared(&self, d: &Declared) -> Result<Paging, (&'static str, String)> {
        let (items, item) = self
            .items(d.items.as_deref())
            .map_err(|e| ("items", e))?
            .ok_or(("items", "the response holds no array of items".to_owned()))?;
        let missing = |what: &str| format!("cannot tell the {what}: name it");
        let style = match d.style.as_deref() {
            Some("cursor") => self
                .cursor(d.param.as_deref(), d.field.as_deref())
                .map_err(|e| ("field", e))?
                .ok_or(("field", missing("cursor parameter and field")))?,
            Some("after-id") => self
                .after_id(
                    &item,
                    d.param.as_deref(),
                    d.has_more.as_deref(),
                    d.id.as_deref(),
                )
                .map_err(|e| ("param", e))?
                .ok_or(("param", missing("parameter that takes the last id")))?,
            Some("offset") => self
                .offset(d.param.as_deref(), d.limit.as_deref(), d.total.as_deref())
                .map_err(|e| ("param", e))?
                .ok_or(("param", missing("offset parameter")))?,
            Some("page") => self
                .page(d)?
                .ok_or(("param", missing("page-number parameter")))?,
            _ => PagingStyle::Link,
        };
        Ok(Paging { item, items, style })
    }

    /// Optional query parameters whose names say the list pages.
    fn paging_params(&self) -> Vec<&'t Param> {
        self.params
            .iter()
            .copied()
            .filter(|p| {
                let n = p.wire_name.as_str();
                CURSOR_PARAMS.contains(&n) || AFTER_ID_PARAMS.contains(&n)
            })
            .collect()
    }

    /// The optional query parameter named `name`, of a type `fits` accepts.
    fn param(
        &self,
        name: &str,
        fits: fn(&TypeRef) -> bool,
        kind: &str,
    ) -> Result<PagingParam, String> {
        let p = self
            .params
            .iter()
            .find(|p| p.wire_name == name)
            .ok_or_else(|| {
                format!("`{name}` is not an optional query parameter of the operation")
            })?;
        if !fits(&p.ty) {
            return Err(format!("query parameter `{name}` is not {kind}"));
        }
        Ok(PagingParam {
            rust_name: p.rust_name.clone(),
            wire_name: p.wire_name.clone(),
            ty: p.ty.clone(),
        })
    }

    /// The items array: where it is and its item type. `Ok(None)`: the body holds no array.
    fn items(&self, declared: Option<&[String]>) -> Result<Option<(Vec<String>, TypeRef)>, String> {
        if let Some(path) = declared {
            return match self.at(self.body, path) {
                Some(TypeRef::Vec(item)) => Ok(Some((path.to_vec(), (**item).clone()))),
                _ => Err(format!(
                    "`{}` is not an array in the response",
                    dotted(path)
                )),
            };
        }
        if let TypeRef::Vec(item) = self.body {
            return Ok(Some((Vec::new(), (**item).clone())));
        }
        let arrays: Vec<(&str, &TypeRef)> = self
            .fields(self.body)
            .into_iter()
            .filter_map(|(name, ty)| match ty {
                TypeRef::Vec(item) => Some((name, &**item)),
                _ => None,
            })
            .collect();
        let preferred = ITEMS_NAMES
            .iter()
            .find_map(|n| arrays.iter().find(|(name, _)| name == n));
        match (preferred, arrays.as_slice()) {
            (Some((name, item)), _) | (None, [(name, item)]) => {
                Ok(Some((vec![(*name).to_owned()], (*item).clone())))
            }
            (None, []) => Ok(None),
            (None, _) => Err(format!(
                "the response has several arrays ({}) and none is clearly the items",
                arrays
                    .iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// A token in the body that a query parameter sends back: `next_cursor` for `cursor`,
    /// `next_page_token` or `nextPageToken` for `page_token`/`pageToken`, or a field named like
    /// the parameter inside a `next*` object (`next_page.offset` for `offset`).
    fn cursor(
        &self,
        param: Option<&str>,
        field: Option<&[String]>,
    ) -> Result<Option<PagingStyle>, String> {
        if let (Some(param), Some(field)) = (param, field) {
            let param = self.param(param, is_string, "a string")?;
            if self.at(self.body, field) != Some(&TypeRef::String) {
                return Err(format!(
                    "`{}` is not a string in the response",
                    dotted(field)
                ));
            }
            return Ok(Some(PagingStyle::Cursor {
                param,
                field: field.to_vec(),
            }));
        }
        let strings: Vec<Vec<String>> = self
            .leaves(self.body)
            .into_iter()
            .filter(|(_, ty)| *ty == &TypeRef::String)
            .map(|(path, _)| path)
            .filter(|path| field.is_none_or(|f| f == path.as_slice()))
            .collect();
        let mut pairs = Vec::new();
        for p in &self.params {
            if !is_string(&p.ty) || param.is_some_and(|n| n != p.wire_name) {
                continue;
            }
            for path in &strings {
                if names_next_token(path, &p.wire_name) {
                    pairs.push((*p, path.clone()));
                }
            }
        }
        match pairs.as_slice() {
            [] if param.is_some() || field.is_some() => {
                Err("no string field of the response matches the cursor parameter".to_owned())
            }
            [] => Ok(None),
            [(p, path)] => Ok(Some(PagingStyle::Cursor {
                param: self.param(&p.wire_name, is_string, "a string")?,
                field: path.clone(),
            })),
            _ => Err(format!(
                "several response fields could be the next cursor ({})",
                pairs
                    .iter()
                    .map(|(p, f)| format!("`{}` for `{}`", dotted(f), p.wire_name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// `has_more` in the body and a `starting_after`-like parameter that takes the last id.
    fn after_id(
        &self,
        item: &TypeRef,
        param: Option<&str>,
        has_more: Option<&[String]>,
        id: Option<&str>,
    ) -> Result<Option<PagingStyle>, String> {
        let declared = param.is_some() || has_more.is_some() || id.is_some();
        let has_more = match has_more {
            Some(path) if self.at(self.body, path) == Some(&TypeRef::Bool) => path.to_vec(),
            Some(path) => {
                return Err(format!(
                    "`{}` is not a boolean in the response",
                    dotted(path)
                ))
            }
            None => match HAS_MORE_FIELDS
                .iter()
                .find(|n| self.at(self.body, &[(**n).to_owned()]) == Some(&TypeRef::Bool))
            {
                Some(n) => vec![(*n).to_owned()],
                None if declared => return Err("the response has no `has_more` boolean".into()),
                None => return Ok(None),
            },
        };
        let param = match param {
            Some(p) => self.param(p, is_string, "a string")?,
            None => match AFTER_ID_PARAMS
                .iter()
                .find_map(|n| self.param(n, is_string, "a string").ok())
            {
                Some(p) => p,
                None if declared => return Err("no parameter takes the last id".into()),
                None => return Ok(None),
            },
        };
        let id = id.unwrap_or("id");
        if self.at(item, &[id.to_owned()]) != Some(&TypeRef::String) {
            return Err(format!("the items have no string `{id}` to continue after"));
        }
        Ok(Some(PagingStyle::AfterId {
            param,
            has_more,
            id: id.to_owned(),
        }))
    }

    /// An integer `offset` parameter, with `limit` and a total count if there are.
    fn offset(
        &self,
        param: Option<&str>,
        limit: Option<&str>,
        total: Option<&[String]>,
    ) -> Result<Option<PagingStyle>, String> {
        let offset = match param {
            Some(p) => self.param(p, is_integer, "an integer")?,
            None => match self.param("offset", is_integer, "an integer") {
                Ok(p) => p,
                Err(_) => return Ok(None),
            },
        };
        let limit = match limit {
            Some(l) => Some(self.param(l, is_integer, "an integer")?),
            None => self.param("limit", is_integer, "an integer").ok(),
        };
        let total = self.count(total, TOTAL_FIELDS)?;
        Ok(Some(PagingStyle::Offset {
            offset,
            limit,
            total,
        }))
    }

    /// An integer page-number parameter (`page`), with a page-size parameter, a number of pages
    /// and a total count if there are. The first page is the parameter's `default`, else 1.
    /// A declaration's mistake is located at its key.
    fn page(&self, d: &Declared) -> Result<Option<PagingStyle>, (&'static str, String)> {
        let page = match d.param.as_deref() {
            Some(p) => self
                .param(p, is_integer, "an integer")
                .map_err(|e| ("param", e))?,
            None => match PAGE_PARAMS
                .iter()
                .find_map(|n| self.param(n, is_integer, "an integer").ok())
            {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let size = match d.limit.as_deref() {
            Some(l) => Some(
                self.param(l, is_integer, "an integer")
                    .map_err(|e| ("limit", e))?,
            ),
            None => PAGE_SIZE_PARAMS
                .iter()
                .find_map(|n| self.param(n, is_integer, "an integer").ok()),
        };
        let first = self
            .params
            .iter()
            .find(|p| p.wire_name == page.wire_name)
            .and_then(|p| p.default.as_ref()?.as_u64())
            .unwrap_or(1);
        Ok(Some(PagingStyle::Page {
            page,
            first,
            size,
            total_pages: self
                .count(d.total_pages.as_deref(), TOTAL_PAGES_FIELDS)
                .map_err(|e| ("total-pages", e))?,
            total: self
                .count(d.total.as_deref(), TOTAL_FIELDS)
                .map_err(|e| ("total", e))?,
        }))
    }

    /// The integer response field at the declared path, else the first of `names` that is one.
    fn count(
        &self,
        declared: Option<&[String]>,
        names: &[&str],
    ) -> Result<Option<Vec<String>>, String> {
        match declared {
            Some(path) if self.at(self.body, path).is_some_and(is_integer) => {
                Ok(Some(path.to_vec()))
            }
            Some(path) => Err(format!(
                "`{}` is not an integer in the response",
                dotted(path)
            )),
            None => Ok(names
                .iter()
                .map(|n| vec![(*n).to_owned()])
                .find(|path| self.at(self.body, path).is_some_and(is_integer))),
        }
    }

    /// The fields of the struct `ty` names: (wire name, type).
    fn fields(&self, ty: &TypeRef) -> Vec<(&'t str, &'t TypeRef)> {
        let Some(TypeDef::Struct(s)) = ty.direct_name().and_then(|n| self.types.get(n)) else {
            return Vec::new();
        };
        s.fields
            .iter()
            .map(|f| (f.wire_name.as_str(), &f.ty))
            .collect()
    }

    /// The fields of the body and of the objects directly inside it: (path, type).
    fn leaves(&self, ty: &TypeRef) -> Vec<(Vec<String>, &'t TypeRef)> {
        let mut out = Vec::new();
        for (name, field_ty) in self.fields(ty) {
            out.push((vec![name.to_owned()], field_ty));
            for (inner, inner_ty) in self.fields(field_ty) {
                out.push((vec![name.to_owned(), inner.to_owned()], inner_ty));
            }
        }
        out
    }

    /// The type at `path` (wire names) inside `ty`, if every step is a struct field.
    fn at(&self, ty: &TypeRef, path: &[String]) -> Option<&'t TypeRef> {
        let (first, rest) = path.split_first()?;
        let (_, field) = self
            .fields(ty)
            .into_iter()
            .find(|(name, _)| name == first)?;
        if rest.is_empty() {
            Some(field)
        } else {
            self.at(field, rest)
        }
    }
}

/// Whether the response field at `path` holds the next value of parameter `param`.
fn names_next_token(path: &[String], param: &str) -> bool {
    let Some((leaf, parents)) = path.split_last() else {
        return false;
    };
    let mut upper = param.chars();
    let camel = upper
        .next()
        .map(|c| format!("next{}{}", c.to_ascii_uppercase(), upper.as_str()))
        .unwrap_or_default();
    if *leaf == format!("next_{param}") || *leaf == camel {
        return true;
    }
    leaf == param
        && CURSOR_PARAMS.contains(&param)
        && (parents.iter().any(|p| p.starts_with("next")) || param.starts_with("next"))
}

fn is_string(ty: &TypeRef) -> bool {
    *ty == TypeRef::String
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer(_))
}

#[cfg(test)]
mod tests;

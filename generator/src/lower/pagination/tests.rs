//! Detection of plain list paging on small specs: each style found, an ambiguous shape warned
//! about, and the extension declaring, overriding and turning off paging (a wrong declaration
//! is an error at the extension's key).

use serde_json::{json, Value};

use crate::diag::Diagnostics;
use crate::ir::{Ir, Paging, PagingStyle, TypeRef};
use crate::lower::{lower, Options};

/// One `GET /things` operation with `params` (optional query parameters: name -> schema),
/// `response` as its 200 JSON schema, and the extra operation keys in `extra`.
fn spec(params: Value, response: Value, extra: Value) -> (Ir, Diagnostics) {
    let parameters: Vec<Value> = params
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| json!({"name": name, "in": "query", "schema": schema}))
        .collect();
    let mut op = json!({
        "operationId": "listThings",
        "parameters": parameters,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}},
    });
    if let (Some(op), Some(extra)) = (op.as_object_mut(), extra.as_object()) {
        op.extend(extra.clone());
    }
    let doc: openapiv3::OpenAPI = serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": {"/things": {"get": op}},
        "components": {"schemas": {"Thing": {
            "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}
        }}},
    }))
    .expect("an OpenAPI document");
    lower(&doc, &Options::default())
}

fn paging(ir: &Ir) -> Option<&Paging> {
    ir.operations[0].paging.as_ref()
}

fn things() -> Value {
    json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})
}

fn warnings(diags: &Diagnostics) -> Vec<String> {
    diags.warnings().map(ToString::to_string).collect()
}

#[test]
fn a_next_cursor_for_a_cursor_parameter_is_a_cursor() {
    let (ir, diags) = spec(
        json!({"cursor": {"type": "string"}, "limit": {"type": "integer"}}),
        json!({"type": "object", "properties": {"data": things(), "next_cursor": {"type": "string"}}}),
        json!({}),
    );
    let p = paging(&ir).expect("detected");
    assert_eq!(p.items, ["data"]);
    assert_eq!(p.item, TypeRef::Named("Thing".into()));
    let PagingStyle::Cursor { param, field } = &p.style else {
        panic!("{p:?}")
    };
    assert_eq!(param.wire_name, "cursor");
    assert_eq!(field, &["next_cursor"]);
    assert!(warnings(&diags).is_empty(), "{diags:?}");
}

#[test]
fn a_token_inside_a_next_page_object_is_a_cursor() {
    let (ir, _) = spec(
        json!({"offset": {"type": "string"}}),
        json!({"type": "object", "properties": {
            "data": things(),
            "next_page": {"type": "object", "nullable": true, "properties": {
                "offset": {"type": "string"}, "path": {"type": "string"}
            }},
        }}),
        json!({}),
    );
    let style = &paging(&ir).expect("detected").style;
    assert!(
        matches!(style, PagingStyle::Cursor { field, .. } if field == &["next_page", "offset"]),
        "{style:?}"
    );
}

#[test]
fn has_more_with_starting_after_continues_after_the_last_id() {
    let (ir, _) = spec(
        json!({"starting_after": {"type": "string"}}),
        json!({"type": "object", "properties": {"data": things(), "has_more": {"type": "boolean"}}}),
        json!({}),
    );
    let style = &paging(&ir).expect("detected").style;
    assert!(
        matches!(style, PagingStyle::AfterId { param, has_more, id }
            if param.wire_name == "starting_after" && has_more == &["has_more"] && id == "id"),
        "{style:?}"
    );
}

#[test]
fn offset_and_limit_page_by_offset_with_the_total() {
    let (ir, _) = spec(
        json!({"offset": {"type": "integer"}, "limit": {"type": "integer"}}),
        json!({"type": "object", "properties": {"data": things(), "total_count": {"type": "integer"}}}),
        json!({}),
    );
    let style = &paging(&ir).expect("detected").style;
    assert!(
        matches!(style, PagingStyle::Offset { offset, limit: Some(limit), total: Some(total) }
            if offset.wire_name == "offset" && limit.wire_name == "limit" && total == &["total_count"]),
        "{style:?}"
    );
}

#[test]
fn a_declared_link_header_pages_a_top_level_array() {
    let doc_response = things();
    let (ir, _) = spec(json!({}), doc_response, json!({}));
    assert_eq!(
        paging(&ir),
        None,
        "no Link header, no parameter: a whole list"
    );
    let (ir, diags) = spec(
        json!({"page_token": {"type": "string"}}),
        things(),
        json!({"x-sdk-pagination": {"style": "link"}}),
    );
    let p = paging(&ir).expect("declared");
    assert_eq!((p.items.len(), &p.style), (0, &PagingStyle::Link));
    assert!(warnings(&diags).is_empty(), "{diags:?}");
}

#[test]
fn an_ambiguous_shape_gets_no_stream_and_a_warning_that_says_how_to_declare_it() {
    // A token parameter, but nothing in the response to fill it from.
    let (ir, diags) = spec(
        json!({"page_token": {"type": "string"}}),
        things(),
        json!({}),
    );
    assert_eq!(paging(&ir), None);
    let w = warnings(&diags);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("#/paths/~1things/get"), "{w:?}");
    assert!(
        w[0].contains("`page_token`") && w[0].contains("x-sdk-pagination"),
        "{w:?}"
    );

    // Two arrays, neither named like the items.
    let (ir, diags) = spec(
        json!({"cursor": {"type": "string"}}),
        json!({"type": "object", "properties": {"a": things(), "b": things(), "next_cursor": {"type": "string"}}}),
        json!({}),
    );
    assert_eq!(paging(&ir), None);
    assert!(
        warnings(&diags)
            .iter()
            .any(|w| w.contains("several arrays (`a`, `b`)")),
        "{diags:?}"
    );
}

#[test]
fn the_extension_overrides_detection_and_names_what_it_cannot_find() {
    let response = json!({"type": "object", "properties": {
        "a": things(), "b": things(), "meta": {"type": "object", "properties": {"more": {"type": "string"}}}
    }});
    let (ir, diags) = spec(
        json!({"from": {"type": "string"}}),
        response.clone(),
        json!({"x-sdk-pagination": {"style": "cursor", "items": "b", "param": "from", "field": "meta.more"}}),
    );
    assert!(!diags.has_errors(), "{diags:?}");
    let p = paging(&ir).expect("declared");
    assert_eq!(p.items, ["b"]);
    assert!(
        matches!(&p.style, PagingStyle::Cursor { param, field }
            if param.wire_name == "from" && field == &["meta", "more"]),
        "{p:?}"
    );

    let (ir, diags) = spec(
        json!({"from": {"type": "string"}}),
        response,
        json!({"x-sdk-pagination": {"style": "cursor", "items": "b", "param": "from", "field": "meta.less"}}),
    );
    assert_eq!(paging(&ir), None);
    let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("x-sdk-pagination/field"), "{errors:?}");
    assert!(errors[0].contains("`meta.less`"), "{errors:?}");
}

#[test]
fn a_malformed_declaration_is_an_error_at_its_key() {
    let declare = |ext: Value| {
        let (_, diags) = spec(
            json!({"cursor": {"type": "string"}}),
            json!({"type": "object", "properties": {"data": things(), "next_cursor": {"type": "string"}}}),
            json!({ "x-sdk-pagination": ext }),
        );
        diags.errors().map(ToString::to_string).collect::<Vec<_>>()
    };
    let e = declare(json!({"style": "pages"}));
    assert!(
        e.len() == 1 && e[0].contains("x-sdk-pagination/style") && e[0].contains("`pages`"),
        "{e:?}"
    );
    let e = declare(json!({"style": "cursor", "colour": "red"}));
    assert!(
        e.len() == 1 && e[0].contains("unknown key `colour`"),
        "{e:?}"
    );
    let e = declare(json!("cursor"));
    assert!(e.len() == 1 && e[0].contains("must be an object"), "{e:?}");
    let e = declare(json!({"style": "offset", "param": "cursor"}));
    assert!(e.len() == 1 && e[0].contains("is not an integer"), "{e:?}");
    let e = declare(json!({"style": "cursor", "param": "nope", "field": "next_cursor"}));
    assert!(
        e.len() == 1 && e[0].contains("`nope` is not an optional query parameter"),
        "{e:?}"
    );
    assert!(declare(json!({"style": "cursor"})).is_empty());
}

#[test]
fn a_page_number_parameter_pages_from_its_default() {
    let (ir, diags) = spec(
        json!({"page": {"type": "integer", "default": 0}, "page_size": {"type": "integer"}}),
        json!({"type": "object", "properties": {
            "items": things(), "total_pages": {"type": "integer"}, "total": {"type": "integer"}
        }}),
        json!({}),
    );
    let p = paging(&ir).expect("detected");
    assert_eq!(p.items, ["items"]);
    let PagingStyle::Page {
        page,
        first,
        size,
        total_pages,
        total,
    } = &p.style
    else {
        panic!("{p:?}")
    };
    assert_eq!(page.wire_name, "page");
    assert_eq!(*first, 0);
    assert_eq!(
        size.as_ref().map(|s| s.wire_name.as_str()),
        Some("page_size")
    );
    assert_eq!(
        total_pages.as_deref(),
        Some(&["total_pages".to_owned()][..])
    );
    assert_eq!(total.as_deref(), Some(&["total".to_owned()][..]));
    assert!(warnings(&diags).is_empty(), "{diags:?}");
}

#[test]
fn a_page_number_without_a_default_starts_at_one() {
    let (ir, _) = spec(
        json!({"page_number": {"type": "integer"}, "per_page": {"type": "integer"}}),
        things(),
        json!({}),
    );
    let p = paging(&ir).expect("detected");
    assert!(p.items.is_empty());
    let PagingStyle::Page {
        page,
        first,
        size,
        total_pages,
        total,
    } = &p.style
    else {
        panic!("{p:?}")
    };
    assert_eq!((page.wire_name.as_str(), *first), ("page_number", 1));
    assert_eq!(
        size.as_ref().map(|s| s.wire_name.as_str()),
        Some("per_page")
    );
    assert_eq!((total_pages, total), (&None, &None));
    // A page that is not a number is no page number.
    let (ir, _) = spec(json!({"page": {"type": "string"}}), things(), json!({}));
    assert_eq!(paging(&ir), None);
}

#[test]
fn a_declared_page_walk_is_checked_key_by_key() {
    let declare = |ext: Value| {
        let (ir, diags) = spec(
            json!({"p": {"type": "integer"}, "n": {"type": "integer"}, "q": {"type": "string"}}),
            json!({"type": "object", "properties": {
                "data": things(), "meta": {"type": "object", "properties": {
                    "pages": {"type": "integer"}, "name": {"type": "string"}
                }}
            }}),
            json!({ "x-sdk-pagination": ext }),
        );
        let errors = diags.errors().map(ToString::to_string).collect::<Vec<_>>();
        (paging(&ir).cloned(), errors)
    };
    let (p, e) =
        declare(json!({"style": "page", "param": "p", "limit": "n", "total-pages": "meta.pages"}));
    assert!(e.is_empty(), "{e:?}");
    let Some(Paging {
        style:
            PagingStyle::Page {
                page,
                size,
                total_pages,
                ..
            },
        ..
    }) = p
    else {
        panic!("{p:?}")
    };
    assert_eq!(page.wire_name, "p");
    assert_eq!(size.map(|s| s.wire_name), Some("n".to_owned()));
    assert_eq!(
        total_pages,
        Some(vec!["meta".to_owned(), "pages".to_owned()])
    );
    let cases = [
        (
            json!({"style": "page"}),
            "x-sdk-pagination/param",
            "page-number parameter",
        ),
        (
            json!({"style": "page", "param": "q"}),
            "x-sdk-pagination/param",
            "is not an integer",
        ),
        (
            json!({"style": "page", "param": "p", "limit": "q"}),
            "x-sdk-pagination/limit",
            "is not an integer",
        ),
        (
            json!({"style": "page", "param": "p", "total-pages": "meta.name"}),
            "x-sdk-pagination/total-pages",
            "`meta.name` is not an integer",
        ),
        (
            json!({"style": "page", "param": "p", "total": "meta.nope"}),
            "x-sdk-pagination/total",
            "`meta.nope` is not an integer",
        ),
    ];
    for (ext, at, says) in cases {
        let (p, e) = declare(ext.clone());
        assert!(
            p.is_none() && e.len() == 1 && e[0].contains(at) && e[0].contains(says),
            "{ext}: {e:?}"
        );
    }
}

#[test]
fn style_none_turns_detection_off() {
    let (ir, diags) = spec(
        json!({"cursor": {"type": "string"}}),
        json!({"type": "object", "properties": {"data": things(), "next_cursor": {"type": "string"}}}),
        json!({"x-sdk-pagination": {"style": "none"}}),
    );
    assert_eq!(paging(&ir), None);
    assert!(
        !diags.has_errors() && warnings(&diags).is_empty(),
        "{diags:?}"
    );
}

#[test]
fn a_declaration_on_a_body_that_is_not_json_is_an_error() {
    let doc: openapiv3::OpenAPI = serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/file": {"get": {
            "operationId": "getFile",
            "x-sdk-pagination": {"style": "link"},
            "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }}},
    }))
    .expect("an OpenAPI document");
    let (_, diags) = lower(&doc, &Options::default());
    let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
    assert!(
        errors.len() == 1 && errors[0].contains("does not return a plain JSON body"),
        "{errors:?}"
    );
}

#[test]
fn a_stream_that_would_take_another_methods_name_is_dropped_with_a_warning() {
    let list = |id: &str| {
        json!({"get": {
            "operationId": id,
            "tags": ["things"],
            "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"data": things(), "next_cursor": {"type": "string"}},
            }}}}},
        }})
    };
    let doc: openapiv3::OpenAPI = serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": {"/things": list("list"), "/things/all": list("listAll")},
        "components": {"schemas": {"Thing": {
            "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}
        }}},
    }))
    .expect("an OpenAPI document");
    let (ir, diags) = lower(&doc, &Options::default());
    let by_name = |name: &str| {
        ir.operations
            .iter()
            .find(|op| op.method_name == name)
            .unwrap_or_else(|| panic!("{name}: {:?}", ir.operations))
    };
    assert_eq!(by_name("list").paging, None);
    assert!(by_name("list_all").paging.is_some());
    let w = warnings(&diags);
    assert!(
        w.len() == 1 && w[0].contains("would be named `list_all`") && w[0].contains("~1things/get"),
        "{w:?}"
    );
}

/// An enveloped list whose stream would be named like another method of its resource gives the
/// stream up, as a plain one does, so the crate still compiles.
#[test]
fn an_enveloped_stream_never_takes_another_methods_name() {
    let list = |method: &str, paged: bool| {
        let mut parameters =
            vec![json!({"name": "per_page", "in": "query", "schema": {"type": "integer"}})];
        if paged {
            parameters.push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}));
        }
        json!({"get": {
            "operationId": method,
            "x-sdk-resource": "things",
            "x-sdk-method": method,
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["success", "errors", "messages"],
                "properties": {
                    "success": {"type": "boolean"},
                    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
                    "messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
                    "result": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                    "result_info": {"type": "object", "properties": {
                        "page": {"type": "number"}, "total_count": {"type": "number"}
                    }},
                },
            }}}}},
        }})
    };
    let doc = |other: &str| -> openapiv3::OpenAPI {
        serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.test"}],
            "paths": {"/things": list("list", true), "/things/all": list(other, false)},
            "components": {"schemas": {
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Message": {"type": "object", "properties": {"code": {"type": "integer"}}},
            }},
        }))
        .expect("an OpenAPI document")
    };
    let paginated = |ir: &Ir| {
        matches!(
            ir.operations[0].response,
            crate::ir::ResponseKind::Envelope {
                paginated: Some(_),
                ..
            }
        )
    };
    let (ir, diags) = lower(&doc("list_everything"), &Options::default());
    assert!(paginated(&ir), "{:?}", ir.operations[0].response);
    assert_eq!(warnings(&diags), Vec::<String>::new());

    let (ir, diags) = lower(&doc("list_all"), &Options::default());
    assert_eq!(ir.operations[0].method_name, "list");
    assert!(!paginated(&ir), "{:?}", ir.operations[0].response);
    let w = warnings(&diags);
    assert!(
        w.len() == 1 && w[0].contains("would be named `list_all`") && w[0].contains("~1things/get"),
        "{w:?}"
    );
}

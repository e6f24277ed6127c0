//! The doc comments of a generated crate (`fixtures/corpus/doc-rules.yaml`) follow the rules
//! a reader expects: nothing repeated, no empty first line, params structs that name their
//! operation, `new` described as it is, length constraints said exactly, a/an by sound, inline
//! HTML written as markdown, and no doc that only restates a name.

use integration_tests::{fixture, generate_files};

fn file(path: &str) -> String {
    generate_files(&fixture("corpus/doc-rules.yaml"))
        .into_iter()
        .find(|f| f.path == path)
        .map(|f| f.contents)
        .unwrap_or_else(|| panic!("no {path}"))
}

/// The doc lines right above `item` (the first line of the item's declaration).
fn doc_of(text: &str, item: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}` in:\n{text}"));
    let mut doc: Vec<String> = lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .skip_while(|l| l.starts_with("#["))
        .take_while(|l| l.starts_with("///"))
        .map(|l| l.trim_start_matches("///").trim().to_owned())
        .collect();
    doc.reverse();
    doc
}

#[test]
fn a_description_equal_to_the_summary_is_not_repeated() {
    let resources = file("src/resources.rs");
    let doc = doc_of(&resources, "pub async fn list(");
    assert_eq!(doc[..3], ["List animals.", "", "`GET /animals`"], "{doc:?}");
    assert_eq!(doc[3..5], ["", "```no_run"], "then the example: {doc:?}");
}

#[test]
fn an_operation_without_summary_starts_at_its_http_line() {
    let resources = file("src/resources.rs");
    let doc = doc_of(&resources, "pub async fn delete(");
    assert_eq!(doc[..2], ["`DELETE /animals/{id}`", ""], "{doc:?}");
}

#[test]
fn each_params_struct_names_its_operation() {
    let models = file("src/models.rs");
    let doc = doc_of(&models, "pub struct AnimalsListParams");
    assert_eq!(
        doc,
        ["Query and header parameters of `listAnimals` (`GET /animals`)."],
        "{doc:?}"
    );
}

#[test]
fn new_says_required_fields_only_where_there_are_some() {
    let models = file("src/models.rs");
    let params_impl = &models[models.find("impl AnimalsListParams").expect("impl")..];
    assert_eq!(
        doc_of(params_impl, "pub fn new("),
        ["Builds a value with every field unset."]
    );
    let ibis_impl = &models[models.find("impl Ibis").expect("impl")..];
    assert_eq!(
        doc_of(ibis_impl, "pub fn new("),
        ["Builds a value from its required fields; optional ones start unset."]
    );
}

#[test]
fn length_constraints_are_said_exactly() {
    let models = file("src/models.rs");
    let owl = &models[models.find("pub struct Owl").expect("Owl")..];
    assert_eq!(
        doc_of(owl, "pub tag:"),
        ["Exactly 34 characters, matching `^[a-z0-9]+$`."]
    );
    assert_eq!(doc_of(owl, "pub nick:"), ["1 to 20 characters."]);
    let ibis = &models[models.find("pub struct Ibis").expect("Ibis")..];
    assert_eq!(doc_of(ibis, "pub code:"), ["At least 2 characters."]);
    assert_eq!(doc_of(ibis, "pub note:"), ["At most 1 character."]);
    assert_eq!(doc_of(ibis, "pub slug:"), ["Matches `^[a-z-]+$`."]);
}

#[test]
fn articles_go_by_sound() {
    let models = file("src/models.rs");
    assert!(models.contains("\"an Animal object\""), "{models}");
    assert!(!models.contains("\"a Animal object\""));
}

#[test]
fn an_undescribed_field_has_no_doc_rather_than_its_name_again() {
    let models = file("src/models.rs");
    let owl = &models[models.find("pub struct Owl").expect("Owl")..];
    assert_eq!(doc_of(owl, "pub wingspan:"), Vec::<String>::new());
    assert!(!models.contains("` property.\n"), "{models}");
    // The models module says why `missing_docs` does not apply to it.
    assert!(models.contains("#![allow(missing_docs)]"), "{models}");
}

#[test]
fn each_form_body_struct_names_its_operation() {
    let models = generate_files(&fixture("corpus/bodies.yaml"))
        .into_iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs")
        .contents;
    let forms: Vec<&str> = models
        .lines()
        .filter(|l| l.contains("form-data` body of") || l.contains("urlencoded` body of"))
        .collect();
    assert!(!forms.is_empty(), "the fixture has form bodies:\n{models}");
    for line in forms {
        assert!(
            line.contains(" body of `") && line.contains("` (`POST /"),
            "names its operation and request: {line}"
        );
    }
}

#[test]
fn inline_html_is_written_as_markdown() {
    let resources = file("src/resources.rs");
    let doc = doc_of(&resources, "pub async fn create(");
    assert_eq!(
        doc[..10],
        [
            "**Required scope:** `animals:write`",
            "",
            "Makes an animal, as [the docs](https://example.com/docs) say.",
            "",
            "| Field | Scope |",
            "|---|---|",
            "| `owner` | `people:read` |",
            "",
            "See <https://example.com/animals>; takes time &lt; 5 s.",
            "",
        ],
        "{doc:?}"
    );
}

#[test]
fn an_example_binds_a_result_only_when_there_is_one() {
    let resources = file("src/resources.rs");
    let create = doc_of(&resources, "pub async fn create(");
    assert!(
        create.contains(&"client.animals().create().await?;".to_owned()),
        "{create:?}"
    );
    assert!(
        !create.iter().any(|l| l.contains("let result")),
        "{create:?}"
    );
    let list = doc_of(&resources, "pub async fn list(");
    assert!(
        list.iter()
            .any(|l| l.starts_with("let result = client.animals().list(")),
        "{list:?}"
    );
}

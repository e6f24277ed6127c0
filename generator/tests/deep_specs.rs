//! Depth is input: however deep a spec nests, generation ends in output or a located error,
//! never a stack overflow. These run on a test thread's 2 MiB stack on purpose.

use std::fmt::Write;

fn head() -> String {
    "openapi: 3.0.3\ninfo: {title: deep, version: '1'}\nservers: [{url: 'https://x.test'}]\n\
     paths:\n  /x:\n    get:\n      operationId: get-x\n      responses:\n        '200':\n\
     \x20         description: ok\n          content:\n            application/json:\n\
     \x20             schema: {$ref: '#/components/schemas/c0'}\ncomponents:\n  schemas:\n"
        .to_owned()
}

/// `c0 → c1 → … → c{n-1}`, each link made by `link(i)`.
fn chain(n: usize, link: impl Fn(usize) -> String) -> String {
    let mut spec = head();
    for i in 0..n {
        let _ = writeln!(spec, "    c{i}:\n{}", link(i));
    }
    let _ = writeln!(
        spec,
        "    c{n}: {{type: object, properties: {{v: {{type: string}}}}}}"
    );
    spec
}

fn generate(spec: &str) -> Result<generator::Generated, generator::Diagnostics> {
    let doc = generator::load::load_str(spec)?;
    generator::generate_from_doc(&doc, &Default::default())
}

#[test]
fn a_chain_of_two_thousand_objects_generates() {
    let spec = chain(2000, |i| {
        format!(
            "      type: object\n      properties:\n        v: {{type: string}}\n\
             \x20       next: {{$ref: '#/components/schemas/c{}'}}",
            i + 1
        )
    });
    let generated = generate(&spec).unwrap_or_else(|d| panic!("{d:?}"));
    let models = generated
        .files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs");
    assert!(models.contents.contains("pub struct C1999 {"));
    assert!(models.contents.contains("pub next: Option<C1999>,"));
}

#[test]
fn a_chain_of_unions_deeper_than_the_limit_is_a_located_error() {
    let limit = generator::lower::MAX_DEPTH;
    let spec = chain(limit + 50, |i| {
        format!(
            "      oneOf:\n        - {{type: string}}\n        - {{$ref: '#/components/schemas/c{}'}}",
            i + 1
        )
    });
    let Err(diags) = generate(&spec) else {
        panic!("too deep to generate, yet it generated");
    };
    let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("more than {limit} levels"))
                && e.contains("#/components/schemas/c")),
        "{errors:?}"
    );
}

#[test]
fn a_chain_of_all_of_two_thousand_deep_generates() {
    let spec = chain(2000, |i| {
        format!(
            "      allOf:\n        - {{$ref: '#/components/schemas/c{}'}}\n\
             \x20       - {{type: object, properties: {{f{i}: {{type: string}}}}}}",
            i + 1
        )
    });
    let generated = generate(&spec).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(!generated.files.is_empty());
}

//! Method and resource names from specs without our `x-sdk-*` annotations: no method repeats
//! what its resource says, on Cloudflare's upstream slice (its tree is a snapshot) and on
//! every published spec of the real-spec corpus.

use std::path::Path;

use generator::ir::Ir;
use integration_tests::{real_specs, shared};

fn lower(spec: &Path) -> Ir {
    let (doc, _) = generator::load::load_file_with_warnings(spec, &[])
        .unwrap_or_else(|d| panic!("{}: {d:?}", spec.display()));
    let options = generator::lower::Options {
        skip_invalid: true,
        ..Default::default()
    };
    generator::lower::lower(&doc, &options).0
}

/// `client.a().b().method()  GET /path`, one line per operation.
fn tree(ir: &Ir) -> String {
    let mut lines: Vec<String> = ir
        .operations
        .iter()
        .map(|op| {
            let chain: String = op.resource.iter().map(|r| format!(".{r}()")).collect();
            format!(
                "client{chain}.{}()  {} {}",
                op.method_name,
                op.method.as_str(),
                op.path
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

fn words(name: &str) -> Vec<String> {
    name.trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One word spelled twice, or in the singular and the plural.
fn same_word(a: &str, b: &str) -> bool {
    let plural = |one: &str, many: &str| {
        many.strip_suffix('s') == Some(one)
            || many.strip_suffix("es") == Some(one)
            || (many.strip_suffix("ies").is_some()
                && many.strip_suffix("ies") == one.strip_suffix('y'))
    };
    a == b || plural(a, b) || plural(b, a)
}

/// Methods that say their resource again: starting with one of its words (`pets_list` on
/// `pets`), or with a verb and then its words (`list_pets`, `get_pet_by_id`). Not counted: a
/// method called only what its resource is called (there was nothing else to call it), and
/// one that kept the words because its shorter name is another method's (`users.ban` for
/// `POST /users/{id}/ban`, so `users.users_ban` for `POST /users/ban`).
fn repeating(ir: &Ir) -> Vec<String> {
    let mut out = Vec::new();
    let taken: std::collections::BTreeSet<(&[String], &str)> = ir
        .operations
        .iter()
        .map(|op| (op.resource.as_slice(), op.method_name.as_str()))
        .collect();
    for op in &ir.operations {
        let Some(resource) = op.resource.last() else {
            continue;
        };
        let said = words(resource);
        let name = words(&op.method_name);
        if said.is_empty() || name.len() <= said.len() {
            continue;
        }
        let after_verb = name[1..].iter().zip(&said).all(|(a, b)| same_word(a, b));
        let starts_with_one = said.iter().any(|s| same_word(s, &name[0]));
        let shorter: Vec<String> = name
            .iter()
            .filter(|w| !said.iter().any(|s| same_word(s, w)))
            .cloned()
            .collect();
        let collided = taken.contains(&(op.resource.as_slice(), shorter.join("_").as_str()));
        if (after_verb || starts_with_one) && !collided {
            out.push(format!(
                "{}.{} ({} {})",
                op.resource.join("."),
                op.method_name,
                op.method.as_str(),
                op.path
            ));
        }
    }
    out
}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn the_upstream_slice_reads_well_without_our_annotations() {
    let ir = lower(&shared(
        "specs/cloudflare-2023-08-04-identity-providers.yaml",
    ));
    assert_eq!(repeating(&ir), Vec::<String>::new());
    insta::assert_snapshot!(tree(&ir));
}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn no_method_of_a_real_spec_repeats_its_resource() {
    let mut offenders = Vec::new();
    let mut count = 0;
    for spec in real_specs() {
        let ir = lower(&spec);
        count += ir.operations.len();
        let name = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        offenders.extend(repeating(&ir).into_iter().map(|o| format!("{name}: {o}")));
    }
    assert!(
        count > 1000,
        "only {count} operations: is the corpus there?"
    );
    assert!(
        offenders.is_empty(),
        "{} of {count} methods repeat their resource:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// Two small specs whose names are the classic cases, checked without `../shared`.
#[test]
fn methods_drop_the_resource_and_untagged_operations_group_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /api/v1/pets:
    get: {operationId: listPets, tags: [pets], responses: {'200': {description: ok}}}
  /api/v1/pets/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: get_pet_by_id, tags: [pets], responses: {'200': {description: ok}}}
  /api/v1/stores/{id}/inventory:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: getInventory, responses: {'200': {description: ok}}}
  /api/v1/search:
    get:
      operationId: search
      parameters:
        - {name: 'StartTime<', in: query, schema: {type: string}}
        - {name: 'StartTime>', in: query, schema: {type: string}}
        - {name: StartTime, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
"#,
    )
    .unwrap();
    let ir = lower(&spec);
    assert_eq!(
        tree(&ir),
        "client.pets().get_by_id()  GET /api/v1/pets/{id}\n\
         client.pets().list()  GET /api/v1/pets\n\
         client.search().search()  GET /api/v1/search\n\
         client.stores().get_inventory()  GET /api/v1/stores/{id}/inventory"
    );
    let search = ir
        .operations
        .iter()
        .find(|op| op.method_name == "search")
        .and_then(|op| op.params.as_ref())
        .expect("search has parameters");
    let fields: Vec<&str> = search.params.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(fields, ["start_time_lt", "start_time_gt", "start_time"]);
}

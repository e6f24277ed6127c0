//! `cargo xtask api-diff`: the comparison (`generator::diff`) snapshot-tested on pairs of small
//! specs under `tests/fixtures/api-diff/<case>/{old,new}.yaml`, and the command's exit codes
//! through `xtask::run` in a throwaway git repository.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change, review them with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test -p integration-tests --test api_diff`
//! and read the diff).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{diff, Report};
use generator::ir::Ir;
use integration_tests::{fixture, root};

fn lower(path: &Path) -> Ir {
    let doc = generator::load::load_file(path, &[])
        .unwrap_or_else(|d| panic!("{}: {:?}", path.display(), d));
    let (ir, diags) = generator::lower::lower(&doc, &Default::default());
    assert!(!diags.has_errors(), "{}: {:?}", path.display(), diags);
    ir
}

/// Diffs a case's two specs and compares the report with its snapshot.
fn check(case: &str, expect_breaking: bool) -> Report {
    let old = lower(&fixture(&format!("api-diff/{case}/old.yaml")));
    let new = lower(&fixture(&format!("api-diff/{case}/new.yaml")));
    let report = diff(&old, &new);
    assert!(!report.is_empty(), "{case}: no change found");
    assert_eq!(
        report.has_breaking(),
        expect_breaking,
        "{case}: breaking is {}\n{report}",
        report.has_breaking()
    );
    insta::with_settings!({
        snapshot_path => "snapshots",
        description => format!("tests/fixtures/api-diff/{case}: old.yaml → new.yaml"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(case.replace('-', "_"), report.to_string());
    });
    report
}

macro_rules! cases {
    ($($test:ident: $case:literal, breaking: $breaking:expr;)*) => {
        $(
            #[test]
            fn $test() {
                check($case, $breaking);
            }
        )*

        /// Every case directory, so none is left without a test.
        const CASES: &[&str] = &[$($case),*];
    };
}

cases! {
    field_added_optional: "field-added-optional", breaking: false;
    field_added_required: "field-added-required", breaking: true;
    field_removed: "field-removed", breaking: true;
    field_type_changed: "field-type-changed", breaking: true;
    field_requiredness: "field-requiredness", breaking: true;
    operation_added: "operation-added", breaking: false;
    operation_removed: "operation-removed", breaking: true;
    enum_value_added: "enum-value-added", breaking: false;
    enum_value_removed: "enum-value-removed", breaking: true;
    parameters: "parameters", breaking: true;
    openapi_31_upgrade: "openapi-31-upgrade", breaking: false;
    path_arguments: "path-arguments", breaking: true;
    body_and_return: "body-and-return", breaking: true;
    unions: "unions", breaking: true;
    scope_cases: "scope-cases", breaking: true;
    operation_moved: "operation-moved", breaking: true;
    credentials: "credentials", breaking: true;
    credential_kinds: "credential-kinds", breaking: true;
    types: "types", breaking: true;
    endpoint_and_media_type: "endpoint-and-media-type", breaking: false;
    parameter_requiredness: "parameter-requiredness", breaking: true;
    servers: "servers", breaking: true;
}

#[test]
fn every_fixture_case_is_tested() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixture("api-diff"))
        .expect("tests/fixtures/api-diff")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cases: Vec<&str> = CASES.to_vec();
    cases.sort();
    assert_eq!(dirs, cases);
}

#[test]
fn required_to_optional_is_breaking_and_the_reverse_too() {
    let report = check("field-requiredness", true);
    let lines: Vec<String> = report.breaking().map(ToString::to_string).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("Widget.name: required → optional")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("WidgetCreate.size: optional → required")),
        "{lines:#?}"
    );
}

/// Each rule of the README's list, one change each, with its verdict: `true` breaking. The
/// snapshots show whole reports; this table says which line proves which rule, so accepting a
/// snapshot blindly cannot turn a breaking change into a harmless one.
const RULES: &[(&str, bool, &str)] = &[
    ("path-arguments", true, "added   parameter  widgets.get(version): path, &str"),
    ("path-arguments", true, "removed parameter  widgets.unlabel(label): path, &str"),
    (
        "path-arguments",
        true,
        "changed operation  widgets.put_in_bin: path arguments reordered: bin_id, widget_id → \
         widget_id, bin_id",
    ),
    ("body-and-return", true, "added   body       widgets.touch: &WidgetCreate"),
    ("body-and-return", true, "removed body       widgets.archive: &WidgetCreate"),
    (
        "body-and-return",
        true,
        "changed body       widgets.create: type &WidgetCreate → &WidgetCreateV2",
    ),
    (
        "body-and-return",
        true,
        "changed response   widgets.get: returns Widget → WidgetSummary",
    ),
    // Untagged unions are exhaustive enums; tagged ones are open (a fallback variant).
    ("unions", true, "added   variant    Label::Bool: bool"),
    (
        "unions",
        false,
        "added   variant    Shape::Triangle: kind: \"triangle\" (Triangle)",
    ),
    (
        "unions",
        true,
        "removed variant    Shape::Square: kind: \"square\" (Square)",
    ),
    ("scope-cases", true, "added   variant    Owner::Users: /users/{id}"),
    ("scope-cases", true, "removed variant    Owner::Zones: /zones/{id}"),
    (
        "operation-moved",
        true,
        "changed operation  inventory.widgets.get: moved from widgets.get (GET /widgets/{widget_id})",
    ),
    (
        "credentials",
        false,
        "added   credential ClientBuilder::session: scheme `session`",
    ),
    (
        "credentials",
        true,
        "removed credential ClientBuilder::key: scheme `key`",
    ),
    (
        "credential-kinds",
        true,
        "changed credential ClientBuilder::user: sent as a bearer token → HTTP Basic",
    ),
    (
        "credential-kinds",
        true,
        "removed credential ClientBuilder::oauth_provider: token provider of scheme `oauth`",
    ),
    (
        "credential-kinds",
        false,
        "changed credential ClientBuilder::session: sent as header X-Session → cookie session",
    ),
    (
        "credential-kinds",
        false,
        "added   credential ClientBuilder::sid: scheme `sid`",
    ),
    (
        "credential-kinds",
        false,
        "added   credential ClientBuilder::login: scheme `login`",
    ),
    ("types", false, "added   type       Gizmo: struct"),
    ("types", true, "removed type       Gadget: struct"),
    (
        "endpoint-and-media-type",
        false,
        "changed operation  widgets.create: endpoint POST /widgets → POST /v2/widgets",
    ),
    (
        "endpoint-and-media-type",
        false,
        "changed operation  widgets.update: endpoint PATCH /widgets/{widget_id} → PUT \
         /widgets/{widget_id}",
    ),
    (
        "endpoint-and-media-type",
        false,
        "changed body       widgets.update: media type application/json → \
         application/merge-patch+json",
    ),
    (
        "parameter-requiredness",
        true,
        "changed parameter  widgets.list(color): required → optional",
    ),
    (
        "parameter-requiredness",
        true,
        "changed parameter  widgets.list(x_trace): optional → required",
    ),
    (
        "field-requiredness",
        true,
        "changed field      Widget.name: required → optional",
    ),
];

#[test]
fn every_rule_of_the_readme_has_its_verdict() {
    let mut failures = Vec::new();
    for (case, breaking, line) in RULES {
        let old = lower(&fixture(&format!("api-diff/{case}/old.yaml")));
        let new = lower(&fixture(&format!("api-diff/{case}/new.yaml")));
        let report = diff(&old, &new);
        match report.changes.iter().find(|c| c.to_string() == *line) {
            None => failures.push(format!("{case}: no change `{line}` in\n{report}")),
            Some(c) if c.breaking != *breaking => failures.push(format!(
                "{case}: `{line}` is {}breaking, the README says {}breaking",
                if c.breaking { "" } else { "not " },
                if *breaking { "" } else { "not " },
            )),
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same API rewritten in 3.1 idioms (type lists, `const`, numeric bounds, `examples`)
/// lowers to the same Rust types: only the one real change is reported.
#[test]
fn an_upgrade_to_openapi_31_changes_no_rust_type() {
    let report = check("openapi-31-upgrade", false);
    let text = report.to_string();
    assert_eq!(text.matches("added").count(), 1, "{text}");
    assert!(
        text.contains("widget.color") || text.contains("Widget.color"),
        "{text}"
    );
}

#[test]
fn the_same_spec_has_no_changes() {
    let ir = lower(&root().join("spec/cloudflare-identity.yaml"));
    let report = diff(&ir, &ir);
    assert!(report.is_empty());
    assert_eq!(report.to_string(), "no API changes\n");
}

// ---- the command ------------------------------------------------------------------------------

/// A git repository in a temp dir holding `spec/api.yaml`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository whose first commit holds the `old.yaml` of `case`.
    fn with_case(case: &str) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q"]);
        std::fs::create_dir(repo.dir.path().join("spec")).expect("mkdir");
        repo.write_case(case, "old");
        repo.commit("old");
        repo
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join("spec/api.yaml")
    }

    /// Puts `tests/fixtures/api-diff/<case>/<side>.yaml` in the working tree.
    fn write_case(&self, case: &str, side: &str) {
        std::fs::copy(
            fixture(&format!("api-diff/{case}/{side}.yaml")),
            self.spec(),
        )
        .expect("copy fixture");
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&[
            "-c",
            "user.name=api-diff test",
            "-c",
            "user.email=api-diff@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            message,
        ]);
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `cargo xtask api-diff --spec <spec> <extra>`: exit code and messages.
    fn api_diff(&self, extra: &[&str]) -> (i32, String) {
        let spec = self.spec();
        let mut args = vec![
            "xtask",
            "api-diff",
            "--spec",
            spec.to_str().expect("UTF-8 path"),
        ];
        args.extend_from_slice(extra);
        run(&args)
    }
}

fn run(args: &[&str]) -> (i32, String) {
    let mut err = Vec::new();
    let code = xtask::run(args, &mut err);
    (code, String::from_utf8(err).expect("UTF-8 output"))
}

#[test]
fn unchanged_spec_exits_0_even_when_denying_breaking_changes() {
    let repo = Repo::with_case("field-removed");
    for extra in [&[][..], &["--deny-breaking"][..]] {
        let (code, out) = repo.api_diff(extra);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.starts_with("API changes from HEAD:spec/api.yaml to "),
            "{out}"
        );
        assert!(out.ends_with("no API changes\n"), "{out}");
    }
}

#[test]
fn breaking_change_fails_only_with_deny_breaking() {
    let repo = Repo::with_case("field-removed");
    repo.write_case("field-removed", "new");

    let (code, out) = repo.api_diff(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 breaking change, 0 non-breaking changes"),
        "{out}"
    );
    assert!(out.contains("removed field      Widget.color"), "{out}");

    let (code, out) = repo.api_diff(&["--deny-breaking"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.ends_with("\n1 breaking change and --deny-breaking: failing\n"),
        "{out}"
    );
}

#[test]
fn non_breaking_change_passes_deny_breaking() {
    let repo = Repo::with_case("field-added-optional");
    repo.write_case("field-added-optional", "new");
    let (code, out) = repo.api_diff(&["--deny-breaking"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 breaking changes, 1 non-breaking change"),
        "{out}"
    );
}

#[test]
fn base_picks_the_revision_to_compare_with() {
    let repo = Repo::with_case("enum-value-removed");
    repo.write_case("enum-value-removed", "new");
    repo.commit("new");

    let (code, out) = repo.api_diff(&["--deny-breaking"]);
    assert_eq!(code, 0, "HEAD is the working tree: {out}");

    let (code, out) = repo.api_diff(&["--base", "HEAD~1", "--deny-breaking"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("API changes from HEAD~1:spec/api.yaml to "),
        "{out}"
    );
    assert!(
        out.contains("removed enum value Color::Green: \"green\""),
        "{out}"
    );
}

#[test]
fn unreadable_specs_exit_2() {
    let repo = Repo::with_case("field-removed");

    let (code, out) = repo.api_diff(&["--base", "no-such-revision"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("git show no-such-revision:spec/api.yaml failed"),
        "{out}"
    );

    // A spec the base revision does not have.
    let untracked = repo.dir.path().join("spec/other.yaml");
    std::fs::copy(repo.spec(), &untracked).expect("copy");
    let (code, out) = run(&[
        "xtask",
        "api-diff",
        "--spec",
        untracked.to_str().expect("UTF-8"),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("git show HEAD:spec/other.yaml failed"),
        "{out}"
    );

    // A working-tree spec that does not lower.
    std::fs::copy(fixture("invalid/dangling-ref.yaml"), repo.spec()).expect("copy");
    let (code, out) = repo.api_diff(&[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("api.yaml: cannot be compared"), "{out}");

    let (code, out) = run(&["xtask", "api-diff", "--spec", "/no/such/spec.yaml"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.starts_with("cannot read /no/such/spec.yaml"), "{out}");
}

#[test]
fn defaults_compare_head_with_the_workspace_spec() {
    // This repository's own spec against its last commit: whatever the working tree holds,
    // without --deny-breaking the command succeeds.
    let (code, out) = run(&["xtask", "api-diff"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("API changes from HEAD:spec/cloudflare-identity.yaml to "),
        "{out}"
    );
}

//! Published specs of other APIs (`../shared/specs/real/`, read in place, never copied here):
//! each OpenAPI 3.0 or 3.1 document generates a crate, and every crate passes `cargo check`
//! with warnings denied. What a spec gets wrong beyond repair (a `$ref` into a file we do not
//! have) is skipped, and the list of skipped items is a snapshot. One workspace and one target
//! directory serve them all, so dependencies are checked once and the crates in parallel.

use std::path::Path;

use integration_tests::{check_workspace, cloudflare_mentions, real_specs};

/// The `openapi` version a document declares, read from its first lines.
fn declared_version(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).unwrap_or_default();
    text.lines()
        .take(20)
        .find_map(|l| {
            let l = l.trim().trim_start_matches('"');
            l.strip_prefix("openapi")
                .map(|v| {
                    v.trim_start_matches(['"', ':', ' '])
                        .trim_end_matches([',', '"'])
                })
                .map(|v| v.trim_matches(['"', '\'']).to_owned())
        })
        .unwrap_or_default()
}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn every_real_spec_generates_a_crate_that_passes_cargo_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    let mut failures = Vec::new();
    for spec in real_specs() {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let version = declared_version(&spec);
        // What cannot be generated is skipped, as a user of such a spec would ask; what was
        // skipped is snapshotted, so a new skip fails the test like an error would.
        let input = generator::Input {
            spec: spec.clone(),
            options: generator::lower::Options {
                skip_invalid: true,
                ..Default::default()
            },
            ..Default::default()
        };
        match generator::generate(&input) {
            Ok(generated) => {
                let skipped: Vec<String> = generated
                    .warnings
                    .warnings()
                    .map(ToString::to_string)
                    .filter(|w| w.starts_with("warning: skipped"))
                    .collect();
                insta::assert_snapshot!(format!("skipped_in_{name}"), skipped.join("\n"));
                let mentions = cloudflare_mentions(&generated.files);
                if !mentions.is_empty() {
                    failures.push(format!(
                        "{name} mentions Cloudflare:\n{}",
                        mentions.join("\n")
                    ));
                }
                generator::write::write_atomic(&dir.path().join(&name), &generated.files)
                    .expect("write");
                members.push(name);
            }
            Err(failure) => failures.push(format!(
                "{name} (OpenAPI {version}) does not generate:\n{failure}"
            )),
        }
    }
    if let Err(errors) = check_workspace(dir.path(), &members) {
        failures.push(errors);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The client of every real spec knows where the API is: its default base URL (the first
/// server, variables at their defaults) is an absolute `http(s)` URL with a host, or the spec
/// gives no usable server (none, only a relative URL, a variable it does not declare) and the
/// builder demands a base URL (`ClientBuilder::build` fails saying so: see
/// `behaviour/servers_relative.rs`).
#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn every_real_spec_has_an_absolute_default_base_url_or_demands_one() {
    let mut failures = Vec::new();
    for spec in real_specs() {
        let name = spec.display().to_string();
        let doc = match generator::load::load_file_within(&spec, &[], &[]) {
            Ok((doc, _)) => doc,
            // Not generating is the other test's failure.
            Err(_) => continue,
        };
        let options = generator::lower::Options {
            skip_invalid: true,
            ..Default::default()
        };
        let (ir, _) = generator::lower::lower(&doc, &options);
        match ir.api.default_base_url() {
            Some(url) => match reqwest::Url::parse(&url) {
                Ok(parsed)
                    if matches!(parsed.scheme(), "http" | "https")
                        && parsed.host().is_some()
                        && !url.contains('{') => {}
                Ok(_) => failures.push(format!("{name}: `{url}` is no http(s) URL with a host")),
                Err(e) => failures.push(format!("{name}: `{url}` does not parse: {e}")),
            },
            None => {
                let first = ir.api.servers.first();
                let usable = first.is_some_and(|s| {
                    let url = s.default_url();
                    generator::ir::is_absolute_url(&url) && !url.contains('{')
                });
                if usable {
                    failures.push(format!(
                        "{name}: the first server is usable, yet there is no default base URL"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

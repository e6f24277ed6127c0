//! Type names made by joining a parent's name and a member's say a repeated word once
//! (`AuditEventActor` + `ActorType` is `AuditEventActorType`) unless the shorter name is
//! another type's, on our fixture and on every published spec of the real-spec corpus.

use std::collections::BTreeSet;
use std::path::Path;

use integration_tests::{fixture, real_specs};

/// Every `pub struct` and `pub enum` the crate defines (what cannot be generated skipped, as
/// a user of a published spec would ask).
fn type_names(spec: &Path) -> BTreeSet<String> {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        options: generator::lower::Options {
            skip_invalid: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let files = generator::generate(&input)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
        .files;
    let mut names = BTreeSet::new();
    for file in &files {
        for line in file.contents.lines() {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "));
            if let Some(rest) = rest {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.insert(name);
            }
        }
    }
    names
}

fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// Names with a run of words said twice in a row (of three letters or more) that neither
/// the shorter name nor an enclosing type's name explains.
fn unexplained_repeats(names: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for name in names {
        let words = camel_words(name);
        for k in 1..=words.len() / 2 {
            for i in 0..=words.len() - 2 * k {
                let run = &words[i..i + k];
                if run != &words[i + k..i + 2 * k] || run.concat().len() < 3 {
                    continue;
                }
                let shorter = [&words[..i + k], &words[i + 2 * k..]].concat().concat();
                // `PerfStatStatBestWins` is a member of `PerfStatStat`, which is a member of
                // `PerfStat`: the repeat is its parent's.
                let inherited =
                    (i + 2 * k..words.len()).any(|n| names.contains(&words[..n].concat()));
                if !names.contains(&shorter) && !inherited {
                    found.push(format!("{name} (could be {shorter})"));
                }
            }
        }
    }
    found
}

#[test]
fn joined_type_names_say_a_word_once_where_they_can() {
    let names = type_names(&fixture("corpus/type-names.yaml"));
    for expected in [
        "UsersBanBody",
        "AuditEventActorType",
        "AuditEventPostsItem",
        // Items of `AuditEventPostsItem`'s `posts`: the shorter name is the parent's own.
        "AuditEventPostsItemPostsItem",
        // `PerfStat` is taken, so its `stat` says `Stat` twice, and its members keep that.
        "PerfStatStat",
        "PerfStatStatBestWins",
        "PerfStatStatStreakKind",
        // Component names too: `api__tool__Tool`, and `ledger__Entry__Entry` beside a
        // `LedgerEntry`, which keeps its name.
        "ApiTool",
        "LedgerEntryEntry",
        "LedgerEntry",
    ] {
        assert!(names.contains(expected), "no `{expected}` in {names:?}");
    }
    for stutter in [
        "UsersUsersBanBody",
        "AuditEventActorActorType",
        "ApiToolTool",
        "LedgerEntry2",
    ] {
        assert!(!names.contains(stutter), "`{stutter}` in {names:?}");
    }
    assert_eq!(unexplained_repeats(&names), Vec::<String>::new());
}

#[test]
#[cfg_attr(not(shared_specs), ignore = "../shared/specs is absent")]
fn no_real_spec_type_name_repeats_a_word_it_could_say_once() {
    let mut failures = Vec::new();
    for spec in real_specs() {
        let names = type_names(&spec);
        assert!(names.len() > 10, "{}: only {names:?}", spec.display());
        for repeat in unexplained_repeats(&names) {
            failures.push(format!("{}: {repeat}", spec.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

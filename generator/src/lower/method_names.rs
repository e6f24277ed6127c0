//! Where operations get their resource and method names when the spec does not give them
//! (`x-sdk-resource`, `x-sdk-method`): the resource from the first tag (dots nest), or from
//! the path for an untagged operation; the method from the `operationId` without what the
//! resource already says (`list_pets` on `pets` is `list`), without a namespacing prefix that
//! every operation of the resource shares (`agents_api_v1_…`), a trailing HTTP method and
//! version words. Each method gets candidates from most to least shortened: a collision takes
//! the next one (meaning first), and only the last is numbered.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use super::names;
use crate::diag::child;

/// What an operation is called, before collisions are settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Resource path from the client (`["beta", "agents"]`).
    pub resource: Vec<String>,
    /// Method names to try, in order.
    pub candidates: Vec<String>,
}

/// One operation as the planner sees it.
struct Op {
    pointer: String,
    resource: Vec<String>,
    /// `x-sdk-method`, taken as written.
    given: Option<String>,
    words: Vec<String>,
    http: String,
    path: String,
}

/// Plans every operation of `doc`, keyed by its JSON pointer (`#/paths/~1pets/get`).
pub fn plan(doc: &OpenAPI) -> BTreeMap<String, Planned> {
    let prefix = common_path_prefix(doc);
    let mut ops = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let ext = |key: &str| op.extensions.get(key).and_then(Value::as_str);
            let resource = match (ext("x-sdk-resource"), op.tags.first()) {
                (Some(r), _) => r.split('.').map(names::snake_ident).collect(),
                (None, Some(tag)) => tag_resource(tag),
                (None, None) => vec![path_resource(path, prefix)],
            };
            // As the operation itself is named: a missing or repeated id from method and path.
            let id = match &op.operation_id {
                Some(id) if ids.insert(id.clone()) => id.clone(),
                _ => super::operation::derive_operation_id(method, path),
            };
            ops.push(Op {
                pointer: format!("{}/{method}", child("#/paths", path)),
                resource,
                given: ext("x-sdk-method").map(names::snake_ident),
                words: words(&id),
                http: method.to_owned(),
                path: path.to_owned(),
            });
        }
    }

    let mut by_resource: BTreeMap<Vec<String>, Vec<&Op>> = BTreeMap::new();
    for op in &ops {
        by_resource.entry(op.resource.clone()).or_default().push(op);
    }
    let mut out = BTreeMap::new();
    for (resource, ops) in by_resource {
        let said: Vec<String> = resource
            .last()
            .map(|r| words(r.trim_start_matches("r#")))
            .unwrap_or_default();
        let stripped: Vec<Vec<String>> = ops
            .iter()
            .map(|op| without_resource(&op.words, &said))
            .collect();
        let shared = shared_prefix(&stripped, &said);
        // FastAPI's ids end with the HTTP method (`list_things_v1_things_get`): dropped where
        // that is the resource's style, not from one id that happens to end so (`chat_get`).
        let ends_with_method = ops
            .iter()
            .filter(|op| op.words.last() == Some(&op.http))
            .count();
        let method_suffixed = ops.len() > 1 && ends_with_method * 2 >= ops.len();
        for (op, first) in ops.iter().zip(&stripped) {
            let candidates = match &op.given {
                Some(given) => vec![given.clone()],
                None => {
                    let unprefixed = first[shared..].to_vec();
                    let mut tidy = tidied(&unprefixed, method_suffixed.then_some(op.http.as_str()));
                    if lists(op, &said, &tidy) {
                        tidy[0] = "list".to_owned();
                    }
                    let mut candidates = Vec::new();
                    for ws in [&tidy, &unprefixed, first, &op.words] {
                        let name = names::snake_ident(&ws.join("_"));
                        if !ws.is_empty() && !candidates.contains(&name) {
                            candidates.push(name);
                        }
                    }
                    candidates
                }
            };
            out.insert(
                op.pointer.clone(),
                Planned {
                    resource: resource.clone(),
                    candidates,
                },
            );
        }
    }
    out
}

/// A `get…` on a collection that named the resource in the plural (`getTasks` on `GET
/// /tasks`) lists it: `list`, so that `getTask` on `GET /tasks/{gid}` can be `get`.
fn lists(op: &Op, said: &[String], tidy: &[String]) -> bool {
    let on_collection = op
        .path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .is_some_and(|last| !last.contains('{'));
    let plural_named = op.words.iter().any(|w| {
        said.iter()
            .any(|s| same_word(s, w) && w.ends_with('s') && !w.ends_with("ss"))
    });
    op.http == "get" && on_collection && plural_named && tidy.first().is_some_and(|w| w == "get")
}

/// A tag as a resource path: `beta.agents` nests, when every part is a word.
fn tag_resource(tag: &str) -> Vec<String> {
    let parts: Vec<&str> = tag.split('.').collect();
    let nests = parts.len() > 1
        && parts
            .iter()
            .all(|p| p.chars().next().is_some_and(char::is_alphabetic));
    if nests {
        parts.into_iter().map(names::snake_ident).collect()
    } else {
        vec![names::snake_ident(tag)]
    }
}

/// The literal path segments every path starts with (`/api/v1`), skipped when grouping
/// untagged operations by path.
fn common_path_prefix(doc: &OpenAPI) -> usize {
    let mut paths = doc.paths.paths.keys().map(|p| literal_segments(p));
    let Some(first) = paths.next() else {
        return 0;
    };
    // Every path keeps at least its last segment: one path, or paths under one word
    // (`/pets`, `/pets/{id}`), group under that word.
    let mut len = first.len().saturating_sub(1);
    for other in paths {
        len = len
            .min(other.len().saturating_sub(1))
            .min(first.iter().zip(&other).take_while(|(a, b)| a == b).count());
    }
    len
}

/// The words of a path: its segments that are not parameters or versions.
fn literal_segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{') && !is_version(s))
        .map(str::to_owned)
        .collect()
}

/// An untagged operation's resource: its first path word after the shared prefix (`root` for
/// a path of parameters only).
fn path_resource(path: &str, prefix: usize) -> String {
    literal_segments(path)
        .into_iter()
        .nth(prefix)
        .map_or_else(|| "root".to_owned(), |s| names::snake_ident(&s))
}

/// The snake_case words of a name.
fn words(raw: &str) -> Vec<String> {
    names::snake_ident(raw)
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// True for two spellings of one word: equal, or one the plural of the other.
fn same_word(a: &str, b: &str) -> bool {
    let plural = |one: &str, many: &str| {
        many.strip_suffix('s').is_some_and(|m| m == one)
            || many.strip_suffix("es").is_some_and(|m| m == one)
            || (many
                .strip_suffix("ies")
                .is_some_and(|m| Some(m) == one.strip_suffix('y')))
            || (many.strip_suffix("ves").is_some_and(|m| {
                one.strip_suffix('f').or_else(|| one.strip_suffix("fe")) == Some(m)
            }))
    };
    a == b || plural(a, b) || plural(b, a)
}

/// `words` without the resource's own words: every occurrence of the whole sequence, or,
/// when it never occurs whole, the first run of its words. Never everything.
fn without_resource(words: &[String], said: &[String]) -> Vec<String> {
    if said.is_empty() {
        return words.to_vec();
    }
    let (mut out, whole) = remove_all(words, said);
    if whole {
        // Its noun again (`zone_level_access_identity_providers_add_an_access_identity_provider`
        // on `zone_level_access_identity_providers`): the longest tail of the resource's words.
        for start in 1..said.len() {
            let (rest, found) = remove_all(&out, &said[start..]);
            if found {
                out = rest;
                break;
            }
        }
    } else {
        out.clear();
        let is_said = |w: &String| said.iter().any(|s| same_word(s, w));
        let start = words.iter().position(is_said);
        match start {
            Some(start) => {
                let end = start + words[start..].iter().take_while(|w| is_said(w)).count();
                out.extend_from_slice(&words[..start]);
                out.extend_from_slice(&words[end..]);
            }
            None => out.extend_from_slice(words),
        }
    }
    if out.is_empty() {
        words.to_vec()
    } else {
        out
    }
}

/// `words` without every occurrence of the sequence `said`; and whether there was one.
fn remove_all(words: &[String], said: &[String]) -> (Vec<String>, bool) {
    let matches_at = |i: usize| {
        i + said.len() <= words.len() && said.iter().zip(&words[i..]).all(|(s, w)| same_word(s, w))
    };
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut found = false;
    while i < words.len() {
        if matches_at(i) {
            i += said.len();
            found = true;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    (out, found)
}

/// How many leading words every operation of a resource shares and can drop: a namespacing
/// prefix (one holding a resource word, `api` or a version), never a verb all of them share,
/// and never a whole name.
fn shared_prefix(all: &[Vec<String>], said: &[String]) -> usize {
    if all.len() < 2 {
        return 0;
    }
    let shortest = all.iter().map(Vec::len).min().unwrap_or(0);
    let mut len = 0;
    while len + 1 < shortest && all.iter().all(|w| w[len] == all[0][len]) {
        len += 1;
    }
    let namespacing = all[0][..len]
        .iter()
        .any(|w| w == "api" || is_version(w) || said.iter().any(|s| same_word(s, w)));
    if namespacing {
        len
    } else {
        0
    }
}

/// Without articles, version words, or a trailing HTTP method `http` (`…_get`, FastAPI's
/// style), unless that leaves nothing.
fn tidied(words: &[String], http: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .filter(|w| !is_version(w) && !matches!(w.as_str(), "a" | "an" | "the"))
        .cloned()
        .collect();
    if out.len() > 1 && http.is_some_and(|http| out.last().is_some_and(|w| w == http)) {
        out.pop();
    }
    if out.is_empty() {
        words.to_vec()
    } else {
        out
    }
}

/// `v1`, `v2`, `V10`.
fn is_version(word: &str) -> bool {
    let rest = word.strip_prefix(['v', 'V']).unwrap_or("");
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn plurals_in_f_are_the_same_word() {
        assert!(same_word("shelf", "shelves"));
        assert!(same_word("knives", "knife"));
        assert!(!same_word("shelf", "selves"));
    }

    #[test]
    fn the_resource_words_go() {
        let said = w("Access identity providers");
        assert_eq!(
            without_resource(
                &w("access-identity-providers-list-access-identity-providers"),
                &said
            ),
            w("list")
        );
        assert_eq!(
            without_resource(&w("getCustomTypes"), &w("Custom types")),
            w("get")
        );
        assert_eq!(
            without_resource(&w("getStatusesForObject"), &w("Status updates")),
            w("get_for_object")
        );
        assert_eq!(
            without_resource(&w("getTeamMembershipsForTeam"), &w("Team memberships")),
            w("get_for_team")
        );
        assert_eq!(without_resource(&w("UsersBan"), &w("Users")), w("ban"));
        assert_eq!(
            without_resource(
                &w("zone-level-access-identity-providers-add-an-access-identity-provider"),
                &w("zone_level_access_identity_providers")
            ),
            w("add_an")
        );
        assert_eq!(
            without_resource(&w("get_pet_by_id"), &w("pets")),
            w("get_by_id")
        );
        // Never the whole name.
        assert_eq!(without_resource(&w("pets"), &w("pets")), w("pets"));
    }

    #[test]
    fn a_namespacing_prefix_goes_but_not_a_shared_verb() {
        let said = w("agents");
        let ops = vec![w("api_v1_agents_list"), w("api_v1_agents_create")];
        assert_eq!(shared_prefix(&ops, &said), 3);
        let ops = vec![w("create_thing_x"), w("create_thing_y")];
        assert_eq!(shared_prefix(&ops, &w("widgets")), 0);
        let ops = vec![w("api_list"), w("api")];
        assert_eq!(shared_prefix(&ops, &said), 0);
    }

    #[test]
    fn trailing_methods_and_versions_go() {
        assert_eq!(
            tidied(&w("list_deployments_v1_get"), Some("get")),
            w("list_deployments")
        );
        assert_eq!(tidied(&w("game_chat_get"), None), w("game_chat_get"));
        assert_eq!(tidied(&w("delete_v1"), Some("delete")), w("delete"));
        assert_eq!(tidied(&w("get"), Some("get")), w("get"));
    }

    #[test]
    fn tags_with_dots_nest() {
        assert_eq!(tag_resource("beta.agents"), vec!["beta", "agents"]);
        assert_eq!(tag_resource("v1.0"), vec!["v1_0"]);
        assert_eq!(tag_resource("Custom types"), vec!["custom_types"]);
    }
}

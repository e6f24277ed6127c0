//! Decoding frees everything it allocates, on success and on error. The union decoder forgets
//! slots it has emptied instead of dropping them (their drop would only check empty slots
//! again): a kind's merged `config` slots once its builder took them, and the union's slots once
//! a kind is built from them or has taken the members every kind shares. This counts live heap
//! bytes around many decodes to show that nothing forgotten ever held memory: with the tag in
//! each place, other kinds' fields and unknown members at each level, and bodies that fail.
//!
//! One test in its own binary: the allocator counts every thread's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use cloudflare_identity::models::IdentityProvider;
use integration_tests::fixture;
use serde_json::{json, Map, Value};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `members` as one JSON object, those named in `lead` first, with `"type": kind` at `at`.
fn object(kind: &str, members: &Map<String, Value>, lead: &[&str], at: usize) -> String {
    let member = |(name, value): (&String, &Value)| format!("{}:{value}", json!(name));
    let mut parts: Vec<String> = lead
        .iter()
        .filter_map(|name| members.get_key_value(*name))
        .map(member)
        .collect();
    parts.extend(
        members
            .iter()
            .filter(|(name, _)| *name != "type" && !lead.contains(&name.as_str()))
            .map(member),
    );
    parts.insert(at.min(parts.len()), format!(r#""type":{}"#, json!(kind)));
    format!("{{{}}}", parts.join(","))
}

/// Every identity provider fixture, with members no kind has and other kinds' `config` fields
/// added, the tag first, after the members every kind shares, after `config` and last; and bodies
/// that fail: a kind's own field of the wrong type, read into a slot and then rejected.
fn bodies() -> Vec<String> {
    let dir = fixture("payloads/idp");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut bodies = Vec::new();
    for path in paths {
        let Value::Object(mut members) =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
        else {
            panic!("{} is not an object", path.display());
        };
        let kind = members["type"].as_str().unwrap().to_owned();
        let plain = members.clone();
        members.insert("undocumented".into(), json!({"a": [1, "two"]}));
        if let Some(Value::Object(config)) = members.get_mut("config") {
            config.insert("okta_account".into(), json!("https://x.okta.com"));
            config.insert("idp_public_cert".into(), json!("-----BEGIN-----"));
        }
        for members in [&plain, &members] {
            let n = members.len();
            // The tag first; after the members every kind shares (the kind reads on from
            // there); after `config` (the rest goes into the slots); last.
            for (lead, at) in [
                (&[][..], 0),
                (&["id", "name", "scim_config"][..], 3),
                (&["config"][..], 1),
                (&[][..], n),
            ] {
                bodies.push(object(&kind, members, lead, at));
            }
        }
    }
    bodies.push(r#"{"config":{"client_id":7},"name":"n","type":"github"}"#.to_owned());
    bodies.push(r#"{"name":"n","config":{"client_id":"c","claims":{}},"type":"oidc"}"#.to_owned());
    bodies.push(r#"{"config":{"client_id":"c"},"type":"github","name":5}"#.to_owned());
    bodies
}

#[test]
fn decoding_frees_everything_it_allocates() {
    let bodies = bodies();
    let decode_all = || {
        let mut ok = 0;
        for body in &bodies {
            if let Ok(idp) = serde_json::from_str::<IdentityProvider>(body) {
                ok += usize::from(!matches!(idp, IdentityProvider::Unknown(_)));
            }
        }
        ok
    };
    // Once first, for anything allocated once and kept (none expected, but not the question).
    let known = decode_all();
    assert!(known > 20, "only {known} bodies decoded to a known kind");
    let before = LIVE.load(Ordering::SeqCst);
    for _ in 0..50 {
        decode_all();
    }
    let after = LIVE.load(Ordering::SeqCst);
    assert_eq!(
        after - before,
        0,
        "{} bytes still live after decoding {} bodies 50 times",
        after - before,
        bodies.len()
    );
}

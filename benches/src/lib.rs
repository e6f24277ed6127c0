//! Payloads and decoders shared by the decoding and encoding benchmarks of the generated
//! client (`cargo bench -p client-benches`).
//!
//! A payload is a list of identity providers built from the fixtures in
//! `tests/fixtures/payloads/idp/` (the 14 kinds, plus the unknown kind under several names),
//! each item given its own id and name, with the `type` key written first or last. The same
//! items are also kept grouped by kind, one JSON array per kind, for the "kind known in advance"
//! floor.

use std::path::{Path, PathBuf};

use cloudflare_identity::models::{self, IdentityProvider};
use serde_json::{Map, Value};

/// Kinds an unknown-kind template is sent as: none of them is known to the crate.
pub const UNKNOWN_KINDS: [&str; 3] = ["cloudflare-access-future", "passkey-directory", "scim-only"];

/// Where the `type` key goes in each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagAt {
    /// Before every other key.
    First,
    /// After every other key.
    Last,
    /// First in even items, last in odd ones.
    Alternating,
    /// After `id` and `name`, before `config`: the order of the fixtures, as the API sends it.
    AfterName,
}

/// One list of identity providers, in several shapes.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The items as a JSON array.
    pub list: Vec<u8>,
    /// The same array inside Cloudflare's response envelope.
    pub envelope: Vec<u8>,
    /// The same items grouped by kind: `(kind, JSON array of that kind's items)`, in the order
    /// kinds first appear.
    pub by_kind: Vec<(String, Vec<u8>)>,
    /// Each item's kind, in order.
    pub kinds: Vec<String>,
    /// The same items grouped by kind as one array (the arrays of `by_kind`, one after the
    /// other): the mixed list's items in the order that keeps each kind's code hot.
    pub grouped: Vec<u8>,
    /// Each item's kind in `grouped`, in order.
    pub grouped_kinds: Vec<String>,
}

/// The workspace's fixture directory of identity providers.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/payloads/idp")
}

/// The item templates: every fixture, by file name, as a JSON object.
pub fn templates() -> Vec<Map<String, Value>> {
    let dir = fixtures_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a fixture");
            match serde_json::from_str(&text) {
                Ok(Value::Object(map)) => map,
                _ => panic!("{} is not a JSON object", p.display()),
            }
        })
        .collect()
}

/// Whether the crate knows `kind`.
pub fn is_known(kind: &str) -> bool {
    KNOWN_KINDS.contains(&kind)
}

/// The 14 kinds of the spec.
pub const KNOWN_KINDS: [&str; 14] = [
    "azureAD",
    "centrify",
    "facebook",
    "github",
    "google",
    "google-apps",
    "linkedin",
    "oidc",
    "okta",
    "onelogin",
    "pingone",
    "saml",
    "yandex",
    "onetimepin",
];

/// `n` items cycling through the templates (unknown ones under the names of
/// [`UNKNOWN_KINDS`] in turn), with distinct ids and names, half of them without
/// `scim_config`.
pub fn build(n: usize, tag_at: TagAt) -> Payload {
    let templates = templates();
    assert!(!templates.is_empty(), "no fixtures");
    let mut items: Vec<(String, String)> = Vec::with_capacity(n);
    let mut unknown_seen = 0;
    for i in 0..n {
        let mut item = templates[i % templates.len()].clone();
        let mut kind = item
            .remove("type")
            .and_then(|v| v.as_str().map(str::to_owned))
            .expect("every fixture has a string `type`");
        if !is_known(&kind) {
            kind = UNKNOWN_KINDS[unknown_seen % UNKNOWN_KINDS.len()].to_owned();
            unknown_seen += 1;
        }
        item.insert(
            "id".to_owned(),
            Value::String(format!("{:08x}-0000-4000-8000-{:012x}", i, i * 7919)),
        );
        if let Some(Value::String(name)) = item.get_mut("name") {
            name.push_str(&format!(" #{i}"));
        }
        // Half the providers have SCIM set up (in a pattern apart from the tag's place).
        if (i / 2) % 2 == 1 {
            item.remove("scim_config");
        }
        let json = match tag_at {
            TagAt::First => write_item(&kind, item, true),
            TagAt::Last => write_item(&kind, item, false),
            TagAt::Alternating => write_item(&kind, item, i % 2 == 0),
            TagAt::AfterName => write_after_name(&kind, item),
        };
        items.push((kind.clone(), json));
    }
    let list = join_array(items.iter().map(|(_, json)| json.as_str()));
    let mut envelope = br#"{"success":true,"errors":[],"messages":[],"result":"#.to_vec();
    envelope.extend_from_slice(&list);
    envelope.extend_from_slice(
        format!(r#","result_info":{{"page":1,"per_page":{n},"count":{n},"total_count":{n}}}}}"#)
            .as_bytes(),
    );
    let mut kinds: Vec<&String> = Vec::new();
    for (kind, _) in &items {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    // Each kind's items, in the order kinds first appear: `by_kind` and `grouped` are both made
    // from this one grouping.
    let groups: Vec<(&String, Vec<&str>)> = kinds
        .into_iter()
        .map(|kind| {
            let jsons = items
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, json)| json.as_str())
                .collect();
            (kind, jsons)
        })
        .collect();
    let grouped = join_array(groups.iter().flat_map(|(_, jsons)| jsons.iter().copied()));
    let grouped_kinds = groups
        .iter()
        .flat_map(|(kind, jsons)| jsons.iter().map(|_| (*kind).clone()))
        .collect();
    let by_kind = groups
        .iter()
        .map(|(kind, jsons)| ((*kind).clone(), join_array(jsons.iter().copied())))
        .collect();
    Payload {
        list,
        envelope,
        by_kind,
        kinds: items.into_iter().map(|(kind, _)| kind).collect(),
        grouped,
        grouped_kinds,
    }
}

/// One compact JSON object with `type` first or last (the other keys in name order).
fn write_item(kind: &str, rest: Map<String, Value>, tag_first: bool) -> String {
    let tag = format!(r#""type":{}"#, Value::String(kind.to_owned()));
    let body = serde_json::to_string(&Value::Object(rest)).expect("JSON");
    let inner = &body[1..body.len() - 1];
    match (inner.is_empty(), tag_first) {
        (true, _) => format!("{{{tag}}}"),
        (false, true) => format!("{{{tag},{inner}}}"),
        (false, false) => format!("{{{inner},{tag}}}"),
    }
}

/// One compact JSON object: `id`, `name`, `type`, then the other keys in name order.
fn write_after_name(kind: &str, mut rest: Map<String, Value>) -> String {
    let mut head = Vec::new();
    for key in ["id", "name"] {
        if let Some(value) = rest.remove(key) {
            head.push(format!("{}:{value}", Value::String(key.to_owned())));
        }
    }
    head.push(format!(r#""type":{}"#, Value::String(kind.to_owned())));
    let body = serde_json::to_string(&Value::Object(rest)).expect("JSON");
    let inner = &body[1..body.len() - 1];
    if inner.is_empty() {
        format!("{{{}}}", head.join(","))
    } else {
        format!("{{{},{inner}}}", head.join(","))
    }
}

fn join_array<'a>(items: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut out = b"[".to_vec();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item.as_bytes());
    }
    out.push(b']');
    out
}

/// Calls `$m!` with every kind and its variant (and model type of the same name).
macro_rules! with_kinds {
    ($m:ident) => {
        $m! {
            "azureAD" => AzureAd,
            "centrify" => Centrify,
            "facebook" => Facebook,
            "github" => Github,
            "google" => Google,
            "google-apps" => GoogleApps,
            "linkedin" => Linkedin,
            "oidc" => Oidc,
            "okta" => Okta,
            "onelogin" => Onelogin,
            "pingone" => Pingone,
            "saml" => Saml,
            "yandex" => Yandex,
            "onetimepin" => Onetimepin,
        }
    };
}

macro_rules! kind_vec {
    ($($wire:literal => $ty:ident,)*) => {
        /// One kind's items, decoded into that kind's struct.
        #[derive(Debug)]
        pub enum KindVec {
            $(
                #[allow(missing_docs)]
                $ty(Vec<models::$ty>),
            )*
            /// Kinds the crate does not know, as `Value`.
            Unknown(Vec<Value>),
        }

        impl KindVec {
            /// How many items.
            pub fn len(&self) -> usize {
                match self {
                    $(KindVec::$ty(v) => v.len(),)*
                    KindVec::Unknown(v) => v.len(),
                }
            }

            /// Whether there are none.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
        }

        /// The floor for owned typed decoding: one kind's array decoded straight into that
        /// kind's struct, as if the kind were known in advance (unknown kinds into `Value`, as
        /// the fallback variant holds them).
        pub fn decode_kind_known(kind: &str, json: &[u8]) -> serde_json::Result<KindVec> {
            match kind {
                $($wire => serde_json::from_slice(json).map(KindVec::$ty),)*
                _ => serde_json::from_slice(json).map(KindVec::Unknown),
            }
        }
    };
}

with_kinds!(kind_vec);

/// The same floor without grouping: the mixed list, each item decoded straight into the struct
/// of its kind, known in advance (`kinds`, in order), then wrapped in its variant. What is left
/// between this and the union decoder is the cost of finding the tag.
pub fn decode_kind_known_in_order(
    json: &[u8],
    kinds: &[String],
) -> serde_json::Result<Vec<IdentityProvider>> {
    use serde::de::{DeserializeSeed, SeqAccess, Visitor};

    struct Known<'a>(&'a [String]);

    impl<'de> Visitor<'de> for Known<'_> {
        type Value = Vec<IdentityProvider>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of identity providers")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            macro_rules! next {
                ($($wire:literal => $ty:ident,)*) => {
                    |kind: &str, seq: &mut A| -> Result<Option<IdentityProvider>, A::Error> {
                        Ok(match kind {
                            $($wire => seq.next_element::<models::$ty>()?.map(IdentityProvider::$ty),)*
                            _ => seq.next_element::<Value>()?.map(IdentityProvider::Unknown),
                        })
                    }
                };
            }
            let next = with_kinds!(next);
            let mut out = Vec::new();
            for kind in self.0 {
                match next(kind, &mut seq)? {
                    Some(item) => out.push(item),
                    None => return Err(serde::de::Error::invalid_length(out.len(), &self)),
                }
            }
            Ok(out)
        }
    }

    impl<'de> DeserializeSeed<'de> for Known<'_> {
        type Value = Vec<IdentityProvider>;

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }

    let mut de = serde_json::Deserializer::from_slice(json);
    let items = Known(kinds).deserialize(&mut de)?;
    de.end()?;
    Ok(items)
}

/// The common hand-written alternative: a `Value` tree first, then `from_value` into the
/// variant its tag names (the whole object kept as `Value` when the kind is unknown).
pub fn decode_via_value(json: &[u8]) -> serde_json::Result<Vec<IdentityProvider>> {
    let Value::Array(items) = serde_json::from_slice::<Value>(json)? else {
        return Err(serde::de::Error::custom("expected an array"));
    };
    items.into_iter().map(from_tagged_value).collect()
}

/// One item of [`decode_via_value`].
pub fn from_tagged_value(item: Value) -> serde_json::Result<IdentityProvider> {
    macro_rules! dispatch {
        ($($wire:literal => $ty:ident,)*) => {{
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            match kind {
                $($wire => serde_json::from_value::<models::$ty>(item).map(IdentityProvider::$ty),)*
                _ => Ok(IdentityProvider::Unknown(item)),
            }
        }};
    }
    with_kinds!(dispatch)
}

/// Create-request bodies: every item of a known kind, without the server-assigned id.
pub fn create_bodies(n: usize) -> Vec<IdentityProvider> {
    let payload = build(n * 2, TagAt::First);
    let items: Vec<IdentityProvider> =
        serde_json::from_slice(&payload.list).expect("the payload decodes");
    macro_rules! strip_id {
        ($($wire:literal => $ty:ident,)*) => {
            |idp: IdentityProvider| match idp {
                $(IdentityProvider::$ty(mut v) => {
                    v.id = None;
                    Some(IdentityProvider::$ty(v))
                })*
                _ => None,
            }
        };
    }
    items
        .into_iter()
        .filter_map(with_kinds!(strip_id))
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudflare_identity::Envelope;

    #[test]
    fn every_shape_holds_the_same_items() {
        for tag_at in [
            TagAt::First,
            TagAt::Last,
            TagAt::Alternating,
            TagAt::AfterName,
        ] {
            let payload = build(300, tag_at);
            let typed: Vec<IdentityProvider> = serde_json::from_slice(&payload.list).unwrap();
            assert_eq!(typed.len(), 300);
            let via_value = decode_via_value(&payload.list).unwrap();
            assert_eq!(typed, via_value, "{tag_at:?}");
            let envelope: Envelope<Vec<IdentityProvider>> =
                serde_json::from_slice(&payload.envelope).unwrap();
            assert_eq!(envelope.result.as_ref(), Some(&typed));
            let grouped: usize = payload
                .by_kind
                .iter()
                .map(|(kind, json)| decode_kind_known(kind, json).unwrap().len())
                .sum();
            assert_eq!(grouped, 300);
            assert_eq!(
                decode_kind_known_in_order(&payload.list, &payload.kinds).unwrap(),
                typed
            );
            let grouped: Vec<IdentityProvider> = serde_json::from_slice(&payload.grouped).unwrap();
            assert_eq!(
                decode_kind_known_in_order(&payload.grouped, &payload.grouped_kinds).unwrap(),
                grouped
            );
            let sorted = |items: &[IdentityProvider]| {
                let mut json: Vec<String> = items
                    .iter()
                    .map(|i| serde_json::to_string(i).unwrap())
                    .collect();
                json.sort();
                json
            };
            assert_eq!(sorted(&grouped), sorted(&typed));
            // All 14 kinds and every unknown name are there.
            assert_eq!(payload.by_kind.len(), 14 + UNKNOWN_KINDS.len());
            let unknown = typed
                .iter()
                .filter(|i| matches!(i, IdentityProvider::Unknown(_)))
                .count();
            assert_eq!(unknown, 20);
            for item in &typed {
                if let IdentityProvider::Unknown(raw) = item {
                    let kind = raw.get("type").and_then(Value::as_str).unwrap();
                    assert!(UNKNOWN_KINDS.contains(&kind), "{kind}");
                }
            }
        }
    }

    #[test]
    fn the_tag_is_where_it_was_asked_for() {
        let payload = build(2, TagAt::Alternating);
        let text = String::from_utf8(payload.list).unwrap();
        let (first, second) = text.split_once(r#"},{"#).unwrap();
        assert!(first.starts_with(r#"[{"type":"#), "{first}");
        assert!(second.ends_with(r#""type":"centrify"}]"#), "{second}");
        let payload = build(1, TagAt::AfterName);
        let text = String::from_utf8(payload.list).unwrap();
        assert!(text.starts_with(r#"[{"id":"#), "{text}");
        assert!(
            text.contains(r#"#0","type":"azureAD","config":{"#),
            "{text}"
        );
    }

    #[test]
    fn create_bodies_are_known_kinds_without_ids() {
        let bodies = create_bodies(100);
        assert_eq!(bodies.len(), 100);
        for body in &bodies {
            assert!(body.kind().is_some_and(is_known));
            let json = serde_json::to_value(body).unwrap();
            assert!(json.get("id").is_none(), "{json}");
        }
    }
}

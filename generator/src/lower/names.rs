//! The only place that makes Rust identifiers out of spec names.
//!
//! Case conversion is heck's; keywords become raw identifiers (`r#type`) or take a suffix
//! where raw is not allowed (`self`, `Self`, `crate`, `super`, `_`); collisions are resolved
//! deterministically by the order names are asked for.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written raw (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Type names the models module uses by their bare name, from std and serde; a spec type may
/// not shadow them. (The runtime's `Client`, `Error`, `Page`... live elsewhere and are always
/// named by path from models, so `models::Error` is a fine name.)
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Value",
    "Map",
    "BTreeMap",
    "Visitor",
    "From",
    "Into",
    "Iterator",
    "Fn",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Display",
    "FromStr",
    "ToString",
];

/// Hands out unique names within one namespace.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// A namespace for type names in the models module.
    pub fn for_types() -> Self {
        Self::with_reserved(RESERVED_TYPES)
    }

    /// Takes `candidate`, or `candidate2`, `candidate3`, ... if taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        let (base, sep) = split_raw(candidate);
        for n in 2.. {
            let next = format!("{base}{sep}{n}");
            if self.taken.insert(next.clone()) {
                return next;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Takes the first free name of `candidates`, then falls back to numbering the first.
    pub fn claim_first(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if self.taken.insert(c.clone()) {
                return c.clone();
            }
        }
        self.claim(candidates.first().map(String::as_str).unwrap_or("Unnamed"))
    }

    /// True if `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes a type name made by joining a parent's name and a member's
    /// (`AuditLogEventActor` + `ActorType`), saying a repeated word once
    /// (`AuditLogEventActorType`) where that shorter name is free. A repeat inside a parent's
    /// name that is already taken (`PerfStatStat`, when `PerfStat` was) is left alone, so a
    /// parent's members keep its name as their prefix.
    pub fn claim_joined(&mut self, candidate: &str) -> String {
        let words = camel_words(candidate);
        let kept = (1..words.len())
            .rev()
            .find(|&n| self.taken.contains(&words[..n].concat()))
            .unwrap_or(0);
        match without_repeats(&words, kept) {
            Some(short) if !self.taken.contains(&short) => self.claim(&short),
            _ => self.claim(candidate),
        }
    }
}

/// `name` with every repeated run of words said once (see [`Namespace::claim_joined`]), or
/// `None` when nothing repeats.
pub fn said_once(name: &str) -> Option<String> {
    without_repeats(&camel_words(name), 0)
}

/// The words of an `UpperCamelCase` name: `OAuth2TokenType` is `O`, `Auth2`, `Token`, `Type`.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// `words` joined with every run of words that directly repeats the run before it
/// (`Options` `Options`, `Posts` `Item` `Posts` `Item`) spelled once, touching none of the
/// first `kept` words; `None` when nothing repeats. Runs shorter than three letters are no
/// words to a reader (`X` `X` in `PointXX`) and stay.
fn without_repeats(words: &[&str], kept: usize) -> Option<String> {
    let mut words = words.to_vec();
    let mut changed = false;
    // Each pass removes at least one word, so there are at most as many passes as words.
    for _ in 0..words.len() {
        let repeat = (1..=words.len() / 2).find_map(|k| {
            (0..=words.len() - 2 * k)
                .find(|&i| {
                    i + k >= kept
                        && words[i..i + k] == words[i + k..i + 2 * k]
                        && words[i..i + k].iter().map(|w| w.len()).sum::<usize>() >= 3
                })
                .map(|i| (i, k))
        });
        let Some((i, k)) = repeat else { break };
        words.drain(i + k..i + 2 * k);
        changed = true;
    }
    changed.then(|| words.concat())
}

fn split_raw(name: &str) -> (&str, &str) {
    let camel = name.starts_with(|c: char| c.is_uppercase());
    // `r#type` numbered becomes `type_2`, which needs no raw prefix; `Self_` becomes `Self2`
    // (an underscore inside a type name breaks the camel-case lint).
    match name.strip_prefix("r#") {
        Some(rest) => (rest, "_"),
        None if camel => (name.trim_end_matches('_'), ""),
        None if name.ends_with(|c: char| c.is_ascii_digit()) => (name, "_"),
        None => (name, ""),
    }
}

/// Words of a spec name with anything that cannot be in an identifier turned into a break.
/// Keeps the characters an identifier may hold (Unicode's XID_Continue: `½` and `²` are
/// numeric to `char::is_alphanumeric` but cannot stand in an identifier).
fn sanitize(raw: &str) -> String {
    spell_operators(raw)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || (!c.is_ascii() && unicode_ident::is_xid_continue(c)) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Comparison operators that APIs put in parameter names (`StartTime<`, `date>=`) spelled as
/// words, so `StartTime<` is `start_time_lt`, not a numbered `start_time2`.
fn spell_operators(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains(['<', '>', '!', '=']) || raw.chars().all(|c| "<>!=".contains(c)) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = raw.to_owned();
    for (op, word) in [
        ("<=", "_lte_"),
        (">=", "_gte_"),
        ("!=", "_ne_"),
        ("<", "_lt_"),
        (">", "_gt_"),
        ("=", "_eq_"),
    ] {
        out = out.replace(op, word);
    }
    std::borrow::Cow::Owned(out)
}

/// True when `name` cannot start an identifier (a digit, a combining mark).
fn bad_start(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c != '_' && !unicode_ident::is_xid_start(c))
}

/// `UpperCamelCase` type name, never a keyword, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = sanitize(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if bad_start(&name) {
        name = format!("T{name}");
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` enum variant for a wire value (empty string → `Empty`).
pub fn variant_name(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    let mut name = sanitize(raw).to_upper_camel_case();
    if name.is_empty() {
        // Only punctuation: spell the characters so distinct values stay distinct.
        name = raw
            .chars()
            .map(|c| format!("U{:X}", c as u32))
            .collect::<Vec<_>>()
            .join("");
    }
    if bad_start(&name) {
        name = format!("V{name}");
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `snake_case` identifier for a field, argument or method; keywords made raw or suffixed.
pub fn snake_ident(raw: &str) -> String {
    let mut name = sanitize(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if bad_start(&name) {
        name = format!("n{name}");
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
        return name;
    }
    if RAW_KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// Cloudflare-style specs suffix component names with a hash (`identifier-1jciUCEc`).
/// Returns the name without it, when the suffix looks like one.
pub fn without_hash_suffix(raw: &str) -> Option<&str> {
    let (base, suffix) = raw.rsplit_once(['-', '_'])?;
    let looks_hashed = suffix.len() == 8
        && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        && suffix.chars().any(|c| c.is_ascii_uppercase())
        && suffix
            .chars()
            .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (looks_hashed && !base.is_empty()).then_some(base)
}

/// True if `s` parses as a Rust identifier (raw identifiers included).
pub fn is_valid_ident(s: &str) -> bool {
    syn::parse_str::<syn::Ident>(s).is_ok()
        || s.strip_prefix("r#")
            .is_some_and(|rest| syn::parse_str::<syn::Ident>(rest).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(snake_ident("crate"), "crate_");
        assert_eq!(snake_ident("_"), "value");
        assert_eq!(snake_ident("X-Auth-Email"), "x_auth_email");
        assert_eq!(snake_ident("1st"), "n1st");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1h"), "V1h");
        assert_eq!(variant_name("google-apps"), "GoogleApps");
        assert_eq!(variant_name("azureAD"), "AzureAd");
    }

    #[test]
    fn every_made_name_is_an_identifier() {
        for raw in [
            "type",
            "self",
            "",
            "1",
            "a b",
            "é",
            "--",
            "*/",
            "match",
            "r#x",
            "_",
            "½½",
            "x²",
            "\u{301}acute",
            "٣",
        ] {
            for made in [snake_ident(raw), type_name(raw), variant_name(raw)] {
                assert!(is_valid_ident(&made), "{raw:?} -> {made:?}");
            }
        }
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("GoogleApps"), "GoogleApps");
        assert_eq!(ns.claim("GoogleApps"), "GoogleApps2");
        assert_eq!(ns.claim("Self_"), "Self_");
        assert_eq!(ns.claim("Self_"), "Self2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        assert_eq!(Namespace::for_types().claim("Result"), "Result2");
    }

    #[test]
    fn joined_names_say_a_repeated_word_once() {
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim("AuditLogEventActor"), "AuditLogEventActor");
        assert_eq!(
            ns.claim_joined("AuditLogEventActorActorType"),
            "AuditLogEventActorType"
        );
        assert_eq!(ns.claim_joined("UsersUsersBanBody"), "UsersBanBody");
        assert_eq!(
            ns.claim_joined("UserActivityPostsItemPostsItem"),
            "UserActivityPostsItem"
        );
        assert_eq!(ns.claim_joined("OAuth2TokenTokenType"), "OAuth2TokenType");
        // Nothing repeats, or only letters: the name as asked.
        assert_eq!(ns.claim_joined("PointXx"), "PointXx");
        assert_eq!(ns.claim_joined("PointXX"), "PointXX");
    }

    #[test]
    fn a_taken_shorter_name_keeps_the_repeat() {
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim("PerfStat"), "PerfStat");
        // `PerfStat` is taken: the member's type says `Stat` twice rather than take a number.
        assert_eq!(ns.claim_joined("PerfStatStat"), "PerfStatStat");
        // Its own members keep its name whole, repeat and all.
        assert_eq!(
            ns.claim_joined("PerfStatStatBestWins"),
            "PerfStatStatBestWins"
        );
        assert_eq!(
            ns.claim_joined("PerfStatStatResultStreakStreak"),
            "PerfStatStatResultStreak"
        );
        // Taken twice over: numbered as before.
        assert_eq!(ns.claim_joined("PerfStatStat"), "PerfStatStat2");
    }

    #[test]
    fn hash_suffixes_are_recognised() {
        assert_eq!(
            without_hash_suffix("identifier-1jciUCEc"),
            Some("identifier")
        );
        assert_eq!(
            without_hash_suffix("response_collection-NFUQcuZ4"),
            Some("response_collection")
        );
        assert_eq!(without_hash_suffix("google-apps"), None);
        assert_eq!(without_hash_suffix("api-response-common"), None);
    }
}

//! Rust fragments: type expressions, identifiers, literals and doc attributes.
//!
//! Identifiers and types are built with `quote`, so an invalid one cannot be emitted; spec text
//! only ever becomes a string literal or a doc attribute, escaped for that place.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::TypeRef;

/// Where a type expression is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside the models module: named types are in scope.
    Models,
    /// Elsewhere in the crate: named types are `crate::models::X`.
    Crate,
}

/// A Rust identifier token, raw when it is a keyword.
pub fn ident(name: &str) -> Result<Ident, String> {
    // syn accepts `r#type` and rejects keywords written plainly and anything malformed.
    syn::parse_str::<Ident>(name).or_else(|_| match name.strip_prefix("r#") {
        Some(raw) if syn::parse_str::<Ident>(&format!("r#{raw}")).is_ok() => {
            Ok(Ident::new_raw(raw, Span::call_site()))
        }
        _ => Err(format!("`{name}` is not a valid Rust identifier")),
    })
}

/// The type expression for `ty`.
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> Result<TokenStream, String> {
    Ok(match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(i) => {
            let t = Ident::new(i.rust(), Span::call_site());
            quote!(#t)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Format(f) => syn::parse_str::<syn::Path>(f.rust())
            .map_err(|e| format!("`{}`: {e}", f.rust()))?
            .into_token_stream(),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(n) => {
            let id = ident(n)?;
            match scope {
                Scope::Models => quote!(#id),
                Scope::Crate => quote!(crate::models::#id),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope)?;
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope)?;
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, scope)?;
            quote!(Box<#inner>)
        }
    })
}

/// `ty` as source text.
pub fn type_expr(ty: &TypeRef, scope: Scope) -> Result<String, String> {
    type_tokens(ty, scope).map(|t| t.to_string())
}

/// "a" or "an" before `word`, by how it is most likely said: "an" before a vowel sound
/// (`IdentityProvider`, `HourlyRate`), "a" before a consonant sound (`Pet`, `UserGroup`,
/// `EuropeanZone`, `OneTimePin`).
pub fn article(word: &str) -> &'static str {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    // An acronym is said letter by letter: "an HTTP", "an SSO", "a UUID".
    let capitals = word.chars().take_while(|c| c.is_ascii_uppercase()).count();
    // The last capital before a lowercase letter starts the next word (`SSOConnector`).
    let letters = match word[capitals..].starts_with(|c: char| c.is_ascii_lowercase()) {
        true => capitals.saturating_sub(1),
        false => capitals,
    };
    if letters > 1 {
        return if "AEFHILMNORSX".contains(&word[..1]) {
            "an"
        } else {
            "a"
        };
    }
    let lower = word.to_ascii_lowercase();
    const SAID_WITH_A: &[&str] = &[
        "uni", "use", "usa", "usi", "usu", "uti", "ure", "eu", "one", "once",
    ];
    const SAID_WITH_AN: &[&str] = &["hour", "honest", "honor", "honour", "heir"];
    if SAID_WITH_AN.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    if SAID_WITH_A.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A string literal holding `s`, escaped.
pub fn string_literal(s: &str) -> String {
    Literal::string(s).to_string()
}

/// `#[doc = "..."]` lines for spec text, made safe for rustdoc: no doctests from stray code
/// fences or indentation, no broken intra-doc links or HTML tags, bare URLs made links.
pub fn doc_attrs(text: &str) -> String {
    let mut out = String::new();
    for line in sanitize_doc(text).lines() {
        out.push_str("#[doc = ");
        out.push_str(&string_literal(&format!(" {line}")));
        out.push_str("]\n");
    }
    out
}

fn sanitize_doc(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = super::doc_html::to_markdown(&text);
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let line = raw.trim_start();
        if line.starts_with("```") {
            // Fenced code in a description is never a Rust doctest.
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw.to_owned());
        } else {
            lines.push(escape_markdown_line(line));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines.join("\n")
}

/// Keeps `[text](url)` links, escapes other brackets and angle brackets, links bare URLs.
fn escape_markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = |prefix: &str| {
            let mut rest = chars[i..].iter();
            prefix.chars().all(|p| rest.next() == Some(&p))
        };
        if c == '[' {
            if let Some(len) = markdown_link_len(&chars[i..]) {
                out.extend(&chars[i..i + len]);
                i += len;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            // A markdown autolink (`<https://...>`) stays one.
            let autolink = (at("<https://") || at("<http://"))
                .then(|| {
                    chars[i..]
                        .iter()
                        .position(|&c| c == '>' || c.is_whitespace())
                })
                .flatten()
                .filter(|&len| chars[i + len] == '>');
            if let Some(len) = autolink {
                out.extend(&chars[i..=i + len]);
                i += len + 1;
                continue;
            }
            out.push_str("&lt;");
        } else if c == '>' {
            out.push_str("&gt;");
        } else if at("https://") || at("http://") {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || *c == ')' || *c == '>' || *c == '"' || *c == '`')
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars[i..end].iter().collect();
            let mut trailing = String::new();
            while url.ends_with(['.', ',', ';', ':']) {
                if let Some(c) = url.pop() {
                    trailing.insert(0, c);
                }
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trailing);
            i = end;
            continue;
        } else if c == '`' {
            // Keep inline code verbatim up to the closing backtick.
            if let Some(close) = chars[i + 1..].iter().position(|&c| c == '`') {
                out.extend(&chars[i..i + close + 2]);
                i += close + 2;
                continue;
            }
            out.push_str("\\`");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Length of a `[text](http...)` link starting at `chars[0]`, if it is one.
fn markdown_link_len(chars: &[char]) -> Option<usize> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars[1..close].contains(&'[') || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let target: String = chars[close + 2..end].iter().collect();
    (target.starts_with("http://") || target.starts_with("https://")).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn articles_go_by_sound() {
        for (word, a) in [
            ("IdentityProvider", "an"),
            ("Pet", "a"),
            ("UserGroup", "a"),
            ("UnicodeName", "a"),
            ("Umbrella", "an"),
            ("EuropeanZone", "a"),
            ("OneTimePin", "a"),
            ("Hour", "an"),
            ("House", "a"),
            ("SSOConnector", "an"),
            ("HTTPRequest", "an"),
            ("UUID", "a"),
            ("URL", "a"),
            ("Xylophone", "a"),
            ("`Object`", "an"),
        ] {
            assert_eq!(article(word), a, "{word}");
        }
    }

    use super::*;

    #[test]
    fn doc_text_cannot_break_out_or_become_a_doctest() {
        let doc =
            doc_attrs("Ends */ with \"# and {{ x }}\n    indented code\n```\nfn main() {}\n```");
        assert!(
            doc.contains(r##"#[doc = " Ends */ with \"# and {{ x }}"]"##),
            "{doc}"
        );
        assert!(doc.contains(r#"#[doc = " indented code"]"#), "{doc}");
        assert!(doc.contains(r#"#[doc = " ```text"]"#), "{doc}");
    }

    #[test]
    fn links_survive_and_stray_markup_is_escaped() {
        let line = escape_markdown_line(
            "See [docs](https://example.com/a). Or https://example.com/b. Use <your id> and [x]. \
             Or <https://example.com/c>, not <https://broken.",
        );
        assert_eq!(
            line,
            "See [docs](https://example.com/a). Or <https://example.com/b>. Use &lt;your id&gt; and \\[x\\]. \
             Or <https://example.com/c>, not &lt;<https://broken>."
        );
    }

    #[test]
    fn idents_and_types() {
        assert_eq!(ident("r#type").unwrap().to_string(), "r#type");
        assert!(ident("not valid").is_err());
        let ty = TypeRef::Vec(Box::new(TypeRef::Named("Foo".into())));
        assert_eq!(
            type_expr(&ty, Scope::Crate).unwrap(),
            "Vec < crate :: models :: Foo >"
        );
    }
}

//! Rendered text → formatted Rust: parsed with `syn`, printed with `prettyplease`.
//! A template that produces invalid Rust fails here, naming the template and the lines.
//!
//! Text is cut at top-level item boundaries by a small scanner and formatted an item at a time:
//! syn's tree of a whole big file (a large spec's `models.rs` runs to tens of megabytes) would
//! take gigabytes, and items are printed one at a time anyway. A file may also be formatted in
//! parts, on several threads ([`format_part`]). Whenever the pieces do not parse on their own,
//! the whole file is parsed as one, which gives the same result or the error, located by item.

/// Formats one generated Rust file. `origin` names the template for error messages.
///
/// Items are printed one at a time and joined with a blank line (prettyplease prints a file
/// without any), and members of an impl are spaced the same way.
pub fn format_rust(source: &str, origin: &str) -> Result<String, String> {
    match format_part(source, true) {
        Some(printed) => Ok(join(printed)),
        // A piece did not parse alone: parse the whole file.
        None => format_whole(source, origin),
    }
}

/// Formats a run of whole items of a file, the file's start if `opens_file`: what
/// [`format_rust`] does to a file, for files rendered in parts. `None` when a piece does not
/// parse alone, or has what only the start of a file may have; the caller then formats the
/// whole file with [`format_whole`].
pub fn format_part(text: &str, opens_file: bool) -> Option<Vec<Printed>> {
    let mut pieces = split_items(text).into_iter();
    let mut out = Vec::new();
    if opens_file {
        let first = syn::parse_file(pieces.next().unwrap_or("")).ok()?;
        out.push(Printed::attrs(&first));
        out.extend(first.items.into_iter().map(Printed::item));
    }
    for piece in pieces {
        let file = syn::parse_file(piece).ok()?;
        if file.shebang.is_some() || !file.attrs.is_empty() {
            return None;
        }
        out.extend(file.items.into_iter().map(Printed::item));
    }
    Some(out)
}

/// The whole-file path: one parse, one tree. Used when the pieces do not parse alone.
pub fn format_whole(source: &str, origin: &str) -> Result<String, String> {
    match syn::parse_file(source) {
        Ok(file) => {
            let mut printed = vec![Printed::attrs(&file)];
            for item in file.items {
                printed.push(Printed::item(item));
            }
            Ok(join(printed))
        }
        Err(e) => Err(locate_error(source, origin, &e)),
    }
}

/// The message for a file that does not parse: syn's, with the first item that does not parse
/// on its own (its line, and its first lines). Spans carry no line numbers (proc-macro2's
/// `span-locations` would make every parse slower), so the item is found by parsing the pieces
/// one by one, which costs nothing until something is wrong.
fn locate_error(source: &str, origin: &str, whole: &syn::Error) -> String {
    let mut offset = 0;
    let mut culprit = None;
    for (i, piece) in split_items(source).into_iter().enumerate() {
        let error = match syn::parse_file(piece) {
            Err(e) => Some(e.to_string()),
            // Only the start of a file may have inner attributes.
            Ok(file) if i > 0 && (file.shebang.is_some() || !file.attrs.is_empty()) => {
                Some(whole.to_string())
            }
            Ok(_) => None,
        };
        if let Some(error) = error {
            culprit = Some((offset, piece, error));
            break;
        }
        offset += piece.len();
    }
    let Some((offset, piece, error)) = culprit else {
        return format!("template `{origin}` produced invalid Rust: {whole}");
    };
    // The item starts at its first line with something on it.
    let lead = piece.len() - piece.trim_start().len();
    let line = source[..offset + lead].matches('\n').count() + 1;
    let context: String = piece
        .trim_start()
        .lines()
        .take(8)
        .enumerate()
        .map(|(i, l)| format!("{:>5} | {l}\n", line + i))
        .collect();
    format!("template `{origin}` produced invalid Rust: {error} (in the item at line {line})\n{context}")
}

/// One printed piece of a file: its inner attributes, or one item.
pub struct Printed {
    /// `use` and `mod x;` lines stay together.
    is_decl: bool,
    /// The file's inner attributes (printed first, even when empty).
    is_attrs: bool,
    text: String,
}

impl Printed {
    fn attrs(file: &syn::File) -> Self {
        Printed {
            is_decl: false,
            is_attrs: true,
            text: prettyplease::unparse(&syn::File {
                shebang: file.shebang.clone(),
                attrs: file.attrs.clone(),
                items: Vec::new(),
            }),
        }
    }

    fn item(item: syn::Item) -> Self {
        let is_decl = matches!(&item, syn::Item::Use(_))
            || matches!(&item, syn::Item::Mod(m) if m.content.is_none());
        let one = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        });
        Printed {
            is_decl,
            is_attrs: false,
            text: space_members(&one),
        }
    }
}

/// Joins printed pieces: a blank line between items, none between consecutive declarations.
pub fn join(printed: Vec<Printed>) -> String {
    let mut out = String::with_capacity(printed.iter().map(|p| p.text.len() + 1).sum());
    let mut previous_was_decl = false;
    for piece in printed {
        if piece.is_attrs {
            out.push_str(&piece.text);
            continue;
        }
        let joins_previous = piece.is_decl && previous_was_decl;
        if !out.is_empty() && !joins_previous {
            out.push('\n');
        }
        previous_was_decl = piece.is_decl;
        out.push_str(&piece.text);
    }
    out
}

/// Cuts Rust source into pieces that each hold whole top-level items: after every `;` at depth
/// zero, and after every `}` at depth zero that the start of another item follows. Strings, raw strings, chars,
/// lifetimes and comments are skipped, so brackets inside them do not count. A wrong cut only
/// costs time: the piece then fails to parse and the whole file is parsed instead.
fn split_items(source: &str) -> Vec<&str> {
    let b = source.as_bytes();
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    // A `}` closed an item here, if the next token starts another.
    let mut closed_at: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = memchr_or_end(b, i, b'\n');
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(b, i);
            continue;
        }
        if let Some(end) = closed_at.take() {
            if starts_item(b, i) {
                pieces.push(&source[start..end]);
                start = end;
            }
        }
        match c {
            b'"' => i = skip_string(b, i + 1),
            b'\'' => i = skip_quote(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    closed_at = Some(i);
                }
            }
            b';' => {
                i += 1;
                if depth == 0 {
                    pieces.push(&source[start..i]);
                    start = i;
                }
            }
            c if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 => {
                let word_start = i;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric() || b[i] >= 0x80)
                {
                    i += 1;
                }
                i = skip_prefixed_literal(b, &source[word_start..i], i);
            }
            _ => i += 1,
        }
    }
    if let Some(end) = closed_at {
        pieces.push(&source[start..end]);
        start = end;
    }
    if start < b.len() {
        pieces.push(&source[start..]);
    }
    pieces
}

/// Whether the token at `i`, just after a `}` at depth zero, can begin the next item: an
/// attribute or a word, except the words that continue an expression (`} else {`, `} as T`).
/// Anything else (`;`, `+`, `.`, ...) continues the item the `}` was in.
fn starts_item(b: &[u8], i: usize) -> bool {
    let is_word = |c: u8| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80;
    match b[i] {
        b'#' => true,
        c if is_word(c) => {
            let end = b[i..]
                .iter()
                .position(|&c| !is_word(c))
                .map_or(b.len(), |p| i + p);
            !matches!(&b[i..end], b"else" | b"as")
        }
        _ => false,
    }
}

fn memchr_or_end(b: &[u8], from: usize, needle: u8) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == needle)
        .map_or(b.len(), |p| from + p)
}

/// `/* ... */`, nested; `i` is at the `/`.
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The rest of a `"..."` string; `i` is just after the opening quote.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// A char literal (`'a'`, `'\n'`, `'é'`) or a lifetime (`'a`); `i` is at the quote.
fn skip_quote(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        Some(b'\\') => {
            // An escape: the literal ends at the next quote after it.
            let from = i + 3;
            if from >= b.len() {
                return b.len();
            }
            memchr_or_end(b, from, b'\'') + 1
        }
        Some(&first) => {
            let width = match first {
                0xF0..=0xFF => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            if b.get(i + 1 + width) == Some(&b'\'') {
                i + 2 + width
            } else {
                // A lifetime: the name is read as a word next.
                i + 1
            }
        }
        None => b.len(),
    }
}

/// After a word: the rest of a literal it prefixes (`b"..."`, `r#"..."#`, `b'x'`, ...), or of a
/// raw identifier (`r#type`). `i` is just after the word.
fn skip_prefixed_literal(b: &[u8], word: &str, i: usize) -> usize {
    match (word, b.get(i)) {
        ("b" | "c", Some(b'"')) => skip_string(b, i + 1),
        ("b", Some(b'\'')) => skip_quote(b, i),
        ("r" | "br" | "cr", Some(b'"' | b'#')) => {
            let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
            match b.get(i + hashes) {
                Some(b'"') => {
                    // Ends at a quote followed by as many hashes.
                    let mut j = i + hashes + 1;
                    while j < b.len() {
                        if b[j] == b'"'
                            && b[j + 1..]
                                .iter()
                                .take(hashes)
                                .filter(|&&c| c == b'#')
                                .count()
                                == hashes
                        {
                            return j + 1 + hashes;
                        }
                        j += 1;
                    }
                    b.len()
                }
                // `r#ident`: the identifier is read as a word next.
                _ => i + hashes,
            }
        }
        _ => i,
    }
}

/// Puts a blank line between consecutive members of a block: after a closing `}` when the
/// next line at the same indentation starts another member.
fn space_members(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let next = next.trim_start();
        let starts_member = [
            "///", "#[", "pub ", "fn ", "async ", "const ", "type ", "impl", "unsafe ",
        ]
        .iter()
        .any(|p| next.starts_with(p));
        if line.trim() == "}" && indent > 0 && next_indent == indent && starts_member {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_rust_names_the_template_and_line() {
        let err = format_rust("fn ok() {}\nfn broken( {}\n", "models.rs.j2").unwrap_err();
        assert!(err.contains("models.rs.j2"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn valid_rust_is_pretty_printed() {
        let out = format_rust(
            "use a::b; use c::d; pub struct   A{x:i64} impl A { fn f() {} fn g() {} }",
            "t",
        )
        .unwrap();
        assert_eq!(
            out,
            "use a::b;\nuse c::d;\n\npub struct A {\n    x: i64,\n}\n\nimpl A {\n    fn f() {}\n    fn g() {}\n}\n"
        );
    }

    /// Tokens that hide brackets or semicolons from a naive scanner.
    const TRICKY: &str = r###"//! Inner docs { not a brace
#![allow(dead_code)]
use a::{b, c};
use d::e;
mod f;
/* block { /* nested } */ still ; comment */
const S: &str = "}; \" {";
const R: &str = r#"a "}" b;"#;
const B: &[u8] = br##"}"#;"##;
const C: char = '}';
const Q: char = '\'';
const U: char = '\u{7d}';
const BC: u8 = b'{';
const X: i32 = { 1 } + 2;
const Y: i32 = if true { 1 } else { 2 };
pub struct Unit;
pub struct Tuple(i64, String);
/// Doc with `}` in it.
#[derive(Debug)]
pub struct Borrowed<'a> { r#type: &'a str, é: u8 }
impl<'a> Borrowed<'a> {
    fn f(&self) -> &'a str { let _ = |x: &str| -> usize { x.len() }; 'outer: loop { break 'outer; } self.r#type }
}
macro_rules! m { ($x:expr) => { $x }; }
m!(1);
extern "C" { fn g(); }
fn h() {} // trailing } comment
"###;

    #[test]
    fn the_pieces_are_whole_items() {
        let pieces = split_items(TRICKY);
        assert_eq!(pieces.concat(), TRICKY);
        for piece in &pieces {
            assert!(
                syn::parse_file(piece).is_ok(),
                "a piece does not parse:\n{piece}"
            );
        }
        // `X` and `Y` end with `}` followed by more of the same item.
        assert!(pieces
            .iter()
            .any(|p| p.trim_start().starts_with("const X") && p.ends_with("+ 2;")));
        assert!(pieces
            .iter()
            .any(|p| p.trim_start().starts_with("const Y") && p.ends_with("};")));
        assert!(pieces.len() > 20, "{}", pieces.len());
    }

    #[test]
    fn piecewise_and_whole_file_formatting_agree() {
        let whole = format_whole(TRICKY, "t").unwrap();
        assert_eq!(format_rust(TRICKY, "t").unwrap(), whole);
        // Many copies, formatted in parts cut at item boundaries, as render does.
        let body = TRICKY
            .replace("#![allow(dead_code)]", "")
            .replace("//! Inner docs { not a brace", "");
        let big = format!("//! Docs.\n#![allow(dead_code)]\n{}", body.repeat(300));
        let pieces = split_items(&big);
        let third = pieces.len() / 3;
        let parts = [
            pieces[..third].concat(),
            pieces[third..2 * third].concat(),
            pieces[2 * third..].concat(),
        ];
        let mut printed = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            printed.extend(format_part(part, i == 0).unwrap());
        }
        let whole = format_whole(&big, "t").unwrap();
        assert_eq!(join(printed), whole);
        assert_eq!(format_rust(&big, "t").unwrap(), whole);
        // Only the part that opens the file may have inner attributes.
        assert!(format_part("#![allow(dead_code)]\nfn a() {}\n", false).is_none());
        assert!(format_part("#![allow(dead_code)]\nfn a() {}\n", true).is_some());
    }

    #[test]
    fn a_late_error_still_names_its_line() {
        let mut source = "fn ok() {}\n".repeat(5_000);
        source.push_str("fn broken( {}\n");
        let err = format_rust(&source, "models.rs.j2").unwrap_err();
        assert!(err.contains("line 5001"), "{err}");
        // An inner attribute after the first item is an error too, not a new file start.
        let err = format_rust("fn a() {}\n#![allow(dead_code)]\nfn b() {}\n", "t").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}

//! Rendered text → formatted Rust: parsed with `syn`, printed with `prettyplease`.
//! A template that produces invalid Rust fails here, naming the template and the lines.

/// Formats one generated Rust file. `origin` names the template for error messages.
///
/// Items are printed one at a time and joined with a blank line (prettyplease prints a file
/// without any), and members of an impl are spaced the same way.
pub fn format_rust(source: &str, origin: &str) -> Result<String, String> {
    match syn::parse_file(source) {
        Ok(file) => Ok(print_spaced(file)),
        Err(e) => {
            let start = e.span().start();
            let line = start.line;
            let context: String = source
                .lines()
                .enumerate()
                .skip(line.saturating_sub(4))
                .take(7)
                .map(|(i, l)| format!("{:>5} | {l}\n", i + 1))
                .collect();
            Err(format!(
                "template `{origin}` produced invalid Rust: {e} (line {line}, column {})\n{context}",
                start.column + 1
            ))
        }
    }
}

fn print_spaced(file: syn::File) -> String {
    let mut out = prettyplease::unparse(&syn::File {
        shebang: file.shebang,
        attrs: file.attrs,
        items: Vec::new(),
    });
    let mut previous_was_decl = false;
    for item in file.items {
        // `use` and `mod x;` lines stay together.
        let is_decl = matches!(&item, syn::Item::Use(_))
            || matches!(&item, syn::Item::Mod(m) if m.content.is_none());
        let joins_previous = is_decl && previous_was_decl;
        if !out.is_empty() && !joins_previous {
            out.push('\n');
        }
        previous_was_decl = is_decl;
        let one = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        });
        out.push_str(&space_members(&one));
    }
    out
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
}

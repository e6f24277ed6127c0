//! Inline HTML in spec descriptions, written as the markdown it means.
//!
//! Published specs write `<b>Required scope: </b><code>tasks:read</code><br>` where markdown
//! would do; escaped, that reads as `&lt;b&gt;` in an editor's hover. The tags a reader
//! sees as formatting become markdown (`**`, `` ` ``, links, paragraphs, list items, code
//! blocks, tables); a tag without its closing tag, or one not listed here, is left as text
//! for the escaping that follows. Code spans and fences are copied as they are: HTML written
//! there is shown, not meant.

/// `text` with the inline HTML it holds turned into markdown.
pub fn to_markdown(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line_start = true;
    while let Some(c) = rest.chars().next() {
        if line_start && rest.trim_start_matches([' ', '\t']).starts_with("```") {
            let len = fence_len(rest);
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            line_start = true;
            continue;
        }
        if c == '`' {
            let len = code_span_len(rest);
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            line_start = false;
            continue;
        }
        if c == '<' {
            if let Some((markdown, len)) = element(rest) {
                out.push_str(&markdown);
                rest = &rest[len..];
                line_start = out.ends_with('\n');
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        line_start = c == '\n';
    }
    tidy_blank_lines(&out)
}

/// The length of a fenced block starting at `text` (to the end of its closing fence's line,
/// or of the text).
fn fence_len(text: &str) -> usize {
    let first_line = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut at = first_line;
    for line in text[first_line..].split_inclusive('\n') {
        at += line.len();
        if line.trim_start().starts_with("```") {
            return at;
        }
    }
    text.len()
}

/// The length of the code span starting at the backtick `text` starts with (one backtick,
/// when it is never closed).
fn code_span_len(text: &str) -> usize {
    text[1..].find('`').map_or(1, |i| i + 2)
}

/// A tag at the start of `text`: its name (lowercase), whether it closes, its attributes'
/// text, and its length.
struct Tag<'a> {
    name: String,
    closing: bool,
    attributes: &'a str,
    len: usize,
}

fn tag(text: &str) -> Option<Tag<'_>> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    if inner.contains('<') {
        return None;
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.trim_end_matches('/').trim_end();
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Tag {
        name: name.to_ascii_lowercase(),
        closing,
        attributes: &inner[name_len..],
        len: end + 1,
    })
}

/// The markdown for the element starting at `text`, and how much of `text` it stands for.
fn element(text: &str) -> Option<(String, usize)> {
    let open = tag(text)?;
    let markdown = match (open.name.as_str(), open.closing) {
        ("br", _) | ("p", _) | ("ul", _) | ("ol", _) => "\n\n".to_owned(),
        ("li", false) => "\n- ".to_owned(),
        ("li", true) => String::new(),
        (_, true) => return None,
        (name, false) => {
            let (content, len) = until_closing(text, name, open.len)?;
            let wrapped = match name {
                "b" | "strong" => emphasis(content, "**")?,
                "i" | "em" => emphasis(content, "*")?,
                "code" | "tt" => code(content)?,
                "pre" => format!("\n\n```text\n{}\n```\n\n", decode_entities(content.trim())),
                "a" => link(open.attributes, content),
                "table" => table(content)?,
                _ => return None,
            };
            return Some((wrapped, len));
        }
    };
    Some((markdown, open.len))
}

/// The content of the element `name` whose opening tag is `open_len` long, and the length
/// of the whole element; `None` when it is never closed or holds another of its kind.
fn until_closing<'a>(text: &'a str, name: &str, open_len: usize) -> Option<(&'a str, usize)> {
    let body = &text[open_len..];
    let mut at = 0;
    while let Some(i) = body[at..].find('<') {
        let start = at + i;
        if let Some(t) = tag(&body[start..]) {
            if t.name == name {
                return t
                    .closing
                    .then(|| (&body[..start], open_len + start + t.len));
            }
        }
        at = start + 1;
    }
    None
}

/// `content` between `mark`s, its outer spaces moved outside (`**Scope:** `), since
/// markdown emphasis cannot end on a space.
fn emphasis(content: &str, mark: &str) -> Option<String> {
    let inner = content.trim();
    if inner.is_empty() {
        return Some(content.to_owned());
    }
    if inner.contains(['\n', '*']) || inner.contains('<') {
        return None;
    }
    let before = &content[..content.len() - content.trim_start().len()];
    let after = &content[content.trim_end().len()..];
    Some(format!("{before}{mark}{inner}{mark}{after}"))
}

/// `content` as a code span: entities decoded, since nothing is decoded between backticks.
fn code(content: &str) -> Option<String> {
    let inner = decode_entities(content);
    if inner.contains(['`', '\n']) || inner.contains('<') && inner.contains("</") {
        return None;
    }
    Some(format!("`{inner}`"))
}

/// A markdown link when the target is absolute; the text alone otherwise.
fn link(attributes: &str, content: &str) -> String {
    let href = attributes.split_once("href=").and_then(|(_, rest)| {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        rest.find(quote).map(|end| &rest[..end])
    });
    match href {
        Some(url)
            if (url.starts_with("https://") || url.starts_with("http://"))
                && !url.contains([' ', ')']) =>
        {
            format!("[{}]({url})", content.trim())
        }
        _ => content.to_owned(),
    }
}

/// A markdown table from a table of rows of `th`/`td` cells (its first row is the header,
/// as markdown requires one); `None` for anything else in it (spans, nested tables).
fn table(content: &str) -> Option<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut rest = content;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let t = tag(rest)?;
        match (t.name.as_str(), t.closing) {
            ("thead" | "tbody", _) => rest = &rest[t.len..],
            ("tr", false) => {
                rows.push(Vec::new());
                rest = &rest[t.len..];
            }
            ("tr", true) => rest = &rest[t.len..],
            ("th" | "td", false) if t.attributes.trim().is_empty() => {
                let (cell, len) = until_closing(rest, &t.name, t.len)?;
                // A cell is read by `to_markdown` again: no table in it, so that recursion
                // stops there.
                if cell.to_ascii_lowercase().contains("<table") {
                    return None;
                }
                let cell = to_markdown(cell).replace('\n', " ").replace('|', "\\|");
                rows.last_mut()?.push(cell.trim().to_owned());
                rest = &rest[len..];
            }
            _ => return None,
        }
    }
    let width = rows.iter().map(Vec::len).max()?;
    let line = |cells: &[String]| {
        let mut cells = cells.to_vec();
        cells.resize(width, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let (header, body) = rows.split_first()?;
    let mut out = format!("\n\n{}\n|{}\n", line(header), "---|".repeat(width));
    for row in body {
        out.push_str(&line(row));
        out.push('\n');
    }
    out.push('\n');
    Some(out)
}

/// The few entities specs write in text that is shown as is.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// At most one blank line in a row, no spaces ending a line, none at either end.
fn tidy_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn formatting_tags_become_markdown() {
        assert_eq!(
            to_markdown("<b>Required scope: </b><code>tasks:read</code><br><br>Get a task."),
            "**Required scope:** `tasks:read`\n\nGet a task."
        );
        assert_eq!(
            to_markdown("Use <strong>one</strong> or <em>two</em>, see <a href=\"https://x.test/a\">the docs</a>."),
            "Use **one** or *two*, see [the docs](https://x.test/a)."
        );
        assert_eq!(
            to_markdown("<p>First.</p><p>Second:<ul><li>a</li><li>b</li></ul></p>"),
            "First.\n\nSecond:\n\n- a\n- b"
        );
        assert_eq!(to_markdown("<pre>a &lt; b</pre>"), "```text\na < b\n```");
        assert_eq!(to_markdown("<code>&lt;id&gt;</code>"), "`<id>`");
        assert_eq!(
            to_markdown(
                "Scopes:\n<table>\n<tr><th>Field</th><th>Scope</th></tr>\n\
                 <tr><td><code>a</code></td><td>x|y</td></tr>\n</table>\nDone."
            ),
            "Scopes:\n\n| Field | Scope |\n|---|---|\n| `a` | x\\|y |\n\nDone."
        );
    }

    #[test]
    fn what_is_not_formatting_is_left_for_escaping() {
        for text in [
            "lag < 150ms and > 20ms",
            "a <b>bold without an end",
            "<table><tr><td colspan=\"2\">x</td></tr></table>",
            "Write `<b>x</b>` to embolden.",
            "```\n<b>x</b>\n```",
            "<a href=\"/relative\">",
            "See <https://example.com>.",
        ] {
            assert_eq!(to_markdown(text), text.trim(), "{text}");
        }
        assert_eq!(to_markdown("<a href=\"/docs\">the docs</a>"), "the docs");
        // Tables in tables stay text, however deep: no recursion follows the input's depth.
        let deep = "<table><tr><td>".repeat(100_000);
        assert_eq!(to_markdown(&deep), deep);
    }
}

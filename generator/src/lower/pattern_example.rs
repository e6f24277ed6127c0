//! An example string made from a schema's `pattern`, for doc examples where the spec gives no
//! `example`: the shortest readable match (each repetition at its minimum, at least once; a
//! class's letters and digits in turn, so `[0-9a-f]{8}` reads `01234567`).

use regex_syntax::hir::{Class, Hir, HirKind};

/// Longest example worth showing in a doc example; a pattern that needs more gets none.
const MAX_LEN: usize = 80;

/// A string that `pattern` matches, if one is short and printable.
pub fn example(pattern: &str) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut out = String::new();
    write(&hir, &mut out)?;
    let printable = out.chars().all(|c| !c.is_control());
    (printable && !out.is_empty() && out.len() <= MAX_LEN).then_some(out)
}

/// Appends a match of `hir`. The parser bounds how deeply a pattern nests, so this does too.
fn write(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => out.push(*readable(class).first()?),
        HirKind::Repetition(rep) => {
            let times = rep.min.max(1).min(rep.max.unwrap_or(u32::MAX));
            if let HirKind::Class(class) = rep.sub.kind() {
                // One class repeated: its characters in turn read better than one repeated.
                let chars = readable(class);
                if chars.is_empty() {
                    return None;
                }
                out.extend(chars.iter().cycle().take(times as usize));
            } else {
                for _ in 0..times {
                    write(&rep.sub, out)?;
                    if out.len() > MAX_LEN {
                        return None;
                    }
                }
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out)?;
            }
        }
        HirKind::Alternation(choices) => write(choices.first()?, out)?,
    }
    (out.len() <= MAX_LEN).then_some(())
}

/// Up to 36 of the class's characters, digits and letters first, else other printable ASCII.
fn readable(class: &Class) -> Vec<char> {
    let contains = |c: char| match class {
        Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(b) => {
            u8::try_from(c).is_ok_and(|c| b.ranges().iter().any(|r| r.start() <= c && c <= r.end()))
        }
    };
    let preferred = ('0'..='9').chain('a'..='z').chain('A'..='Z');
    let mut chars: Vec<char> = preferred.filter(|&c| contains(c)).take(36).collect();
    if chars.is_empty() {
        chars = (' '..='~').filter(|&c| contains(c)).take(36).collect();
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::example;

    #[test]
    fn ids_read_as_their_class() {
        assert_eq!(
            example("^[a-f0-9]{32}$").as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(example(r"^\d{3}-\d{4}$").as_deref(), Some("012-0123"));
    }

    #[test]
    fn literals_groups_and_choices() {
        assert_eq!(
            example("^(acct|org)_[A-Z]{2,}$").as_deref(),
            Some("acct_AB")
        );
        assert_eq!(example("^v[0-9]+(\\.[0-9]+)?$").as_deref(), Some("v0.0"));
    }

    #[test]
    fn every_example_matches_its_pattern() {
        for pattern in [
            "^[a-f0-9]{32}$",
            r"^[\w.-]+@[\w-]+\.[a-z]{2,}$",
            "^(acct|org)_[A-Z]{2,}$",
            r"^[^\s]{4,8}$",
            "^x{3}y*z+$",
        ] {
            let made = example(pattern).unwrap_or_else(|| panic!("{pattern}: none"));
            let re = regex::Regex::new(pattern).unwrap();
            assert!(re.is_match(&made), "{pattern} does not match {made:?}");
        }
    }

    #[test]
    fn none_for_what_cannot_read_well() {
        assert_eq!(example("^[a-z]{500}$"), None, "too long");
        assert_eq!(example("[\\x00-\\x1f]"), None, "control characters");
        assert_eq!(example("(unclosed"), None, "not a pattern");
    }
}

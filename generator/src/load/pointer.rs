//! JSON pointers (RFC 6901) inside a URI fragment, over the parsed tree.

use serde_yaml_ng::Value;

use super::Tree;

/// Splits the fragment of a reference (the text after `#`) into decoded tokens: `""` is the
/// whole document, `/a~1b/0` is `["a/b", "0"]`.
pub fn parse_fragment(fragment: &str) -> Result<Vec<String>, String> {
    if fragment.is_empty() {
        return Ok(Vec::new());
    }
    match fragment.strip_prefix('/') {
        Some(rest) => Ok(rest.split('/').map(decode_token).collect()),
        None => Err(format!(
            "`#{fragment}` is not a JSON pointer (it should start with `#/`)"
        )),
    }
}

/// Undoes percent-encoding (the pointer sits in a URI fragment), then `~1` and `~0`, in the
/// order RFC 6901 gives so `~01` stays `~1`.
pub fn decode_token(token: &str) -> String {
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// The pointer (with its `#`) of decoded tokens.
pub fn to_pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens
        .iter()
        .fold("#".to_owned(), |p, t| crate::diag::child(&p, t.as_ref()))
}

/// The child of `node` under one token: a mapping key, or a sequence index written without
/// leading zeros.
pub fn child<'a>(node: &'a Value, token: &str) -> Option<&'a Value> {
    match node {
        Value::Mapping(map) => map.get(token),
        Value::Sequence(items) => index(token).and_then(|i| items.get(i)),
        _ => None,
    }
}

fn child_mut<'a>(node: &'a mut Value, token: &str) -> Option<&'a mut Value> {
    match node {
        Value::Mapping(map) => map.get_mut(token),
        Value::Sequence(items) => index(token).and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

fn index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && !token.starts_with('+'));
    canonical.then(|| token.parse().ok()).flatten()
}

/// The node at `tokens`, if every step exists.
pub fn get<'a, S: AsRef<str>>(tree: &'a Tree, tokens: &[S]) -> Option<&'a Value> {
    tokens
        .iter()
        .try_fold(tree, |node, t| child(node, t.as_ref()))
}

/// The node at `tokens`, mutably.
pub fn get_mut<'a, S: AsRef<str>>(tree: &'a mut Tree, tokens: &[S]) -> Option<&'a mut Value> {
    tokens
        .iter()
        .try_fold(tree, |node, t| child_mut(node, t.as_ref()))
}

/// The `$ref` of a reference object: a mapping whose `$ref` is a string.
pub fn ref_of(node: &Value) -> Option<&str> {
    node.as_mapping()?.get("$ref")?.as_str()
}

/// What a node is, for messages.
pub fn describe(node: &Value) -> &'static str {
    match node {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "an object",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unescaped_in_rfc_order() {
        assert_eq!(
            parse_fragment("/paths/~1users~1{id}/get").unwrap(),
            ["paths", "/users/{id}", "get"]
        );
        assert_eq!(parse_fragment("/a~01").unwrap(), ["a~1"]);
        assert_eq!(parse_fragment("/a~0~1b").unwrap(), ["a~/b"]);
        assert_eq!(
            parse_fragment("/content/application%2Fjson/x%20y").unwrap(),
            ["content", "application/json", "x y"]
        );
        // A lone or malformed percent stays as written.
        assert_eq!(
            parse_fragment("/100%/%zz/%4").unwrap(),
            ["100%", "%zz", "%4"]
        );
        assert_eq!(parse_fragment("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_fragment("/").unwrap(), [""]);
        assert!(parse_fragment("components").is_err());
    }

    #[test]
    fn pointers_round_trip() {
        let tokens = ["paths", "/a~b", "get"];
        assert_eq!(to_pointer(&tokens), "#/paths/~1a~0b/get");
        assert_eq!(parse_fragment(&to_pointer(&tokens)[1..]).unwrap(), tokens);
    }

    #[test]
    fn indices_are_canonical() {
        let tree: Tree = serde_yaml_ng::from_str("a: [x, y]").unwrap();
        assert_eq!(get(&tree, &["a", "1"]).and_then(Value::as_str), Some("y"));
        assert!(get(&tree, &["a", "01"]).is_none());
        assert!(get(&tree, &["a", "-"]).is_none());
        assert!(get(&tree, &["a", "2"]).is_none());
    }
}

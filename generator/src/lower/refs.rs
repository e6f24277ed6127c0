//! Where a `$ref` is resolved.
//!
//! Only local references into `#/components/...` are supported; chains of references are
//! followed with cycle detection, and every failure says which reference and why.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diag::child;
use crate::load::pointer::decode_token;

/// Resolves references against one document.
#[derive(Clone, Copy)]
pub struct Refs<'a> {
    doc: &'a OpenAPI,
}

/// Splits `#/components/<section>/<name>` into its section and (decoded) name.
pub fn parse_component_ref(reference: &str) -> Result<(&str, String), String> {
    let Some(local) = reference.strip_prefix("#/") else {
        return Err(if reference.contains('#') || reference.contains('/') {
            format!("`{reference}` points into another file that is not there (only files under the spec's directory are read)")
        } else {
            format!("`{reference}` is not a JSON pointer reference")
        });
    };
    let mut parts = local.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("components"), Some(section), Some(name)) if !name.is_empty() => {
            Ok((section, decode_token(name)))
        }
        _ => Err(format!(
            "`{reference}` does not point at a component (`#/components/<kind>/<name>`)"
        )),
    }
}

impl<'a> Refs<'a> {
    /// Resolver for `doc`.
    pub fn new(doc: &'a OpenAPI) -> Self {
        Self { doc }
    }

    /// Follows a schema reference (and any chain of them) to the component that holds a schema.
    /// Returns the final component's name and schema.
    pub fn schema(&self, reference: &str) -> Result<(String, &'a Schema), String> {
        let mut seen: Vec<String> = Vec::new();
        let mut current = reference.to_owned();
        loop {
            let (section, name) = parse_component_ref(&current)?;
            if section != "schemas" {
                return Err(format!(
                    "`{current}` is used as a schema but points into `components/{section}`"
                ));
            }
            if seen.contains(&name) {
                seen.push(name);
                return Err(format!("reference cycle: {}", seen.join(" -> ")));
            }
            seen.push(name.clone());
            let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
            match schemas.and_then(|s| s.get(&name)) {
                None => {
                    let why = format!("there is no schema `{name}` in components/schemas");
                    return Err(format!("`{current}` points nowhere: {why}"));
                }
                Some(ReferenceOr::Item(schema)) => return Ok((name, schema)),
                Some(ReferenceOr::Reference { reference }) => current = reference.clone(),
            }
        }
    }

    /// Resolves a parameter reference: the final component's pointer, and the parameter.
    pub fn parameter(&self, reference: &str) -> Result<(String, &'a Parameter), String> {
        self.component(reference, "parameters", |c| &c.parameters)
    }

    /// Resolves a request body reference: the final component's pointer, and the body.
    pub fn request_body(&self, reference: &str) -> Result<(String, &'a RequestBody), String> {
        self.component(reference, "requestBodies", |c| &c.request_bodies)
    }

    /// Resolves a response reference: the final component's pointer, and the response.
    pub fn response(&self, reference: &str) -> Result<(String, &'a Response), String> {
        self.component(reference, "responses", |c| &c.responses)
    }

    fn component<T>(
        &self,
        reference: &str,
        wanted: &str,
        section_of: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(String, &'a T), String> {
        let mut seen: Vec<String> = Vec::new();
        let mut current = reference.to_owned();
        loop {
            let (section, name) = parse_component_ref(&current)?;
            if section != wanted {
                return Err(format!(
                    "`{current}` should point into `components/{wanted}` but points into `components/{section}`"
                ));
            }
            if seen.contains(&name) {
                seen.push(name);
                return Err(format!("reference cycle: {}", seen.join(" -> ")));
            }
            seen.push(name.clone());
            match self
                .doc
                .components
                .as_ref()
                .and_then(|c| section_of(c).get(&name))
            {
                None => {
                    return Err(format!(
                        "`{current}` points nowhere: there is no `{name}` in components/{wanted}"
                    ))
                }
                Some(ReferenceOr::Item(item)) => {
                    return Ok((child(&format!("#/components/{wanted}"), &name), item))
                }
                Some(ReferenceOr::Reference { reference }) => current = reference.clone(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_decodes_component_refs() {
        assert_eq!(
            parse_component_ref("#/components/schemas/a~1b%20c").unwrap(),
            ("schemas", "a/b c".to_owned())
        );
        assert!(parse_component_ref("other.yaml#/components/schemas/a")
            .unwrap_err()
            .contains("another file"));
        assert!(parse_component_ref("#/paths/x").is_err());
    }

    #[test]
    fn detects_cycles_and_dangling_refs() {
        let doc = crate::load::load_str(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    a: {$ref: '#/components/schemas/b'}
    b: {$ref: '#/components/schemas/a'}
    c: {$ref: '#/components/schemas/missing'}
"##,
        )
        .unwrap();
        let refs = Refs::new(&doc);
        assert!(refs
            .schema("#/components/schemas/a")
            .unwrap_err()
            .contains("a -> b -> a"));
        assert!(refs
            .schema("#/components/schemas/c")
            .unwrap_err()
            .contains("no schema `missing`"));
    }
}

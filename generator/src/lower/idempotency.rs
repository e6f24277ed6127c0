//! The header that carries an idempotency key, if the API takes one.

use openapiv3::{Parameter, ReferenceOr};

use super::servers::is_header_name;
use super::Ctx;

/// Where the document names its idempotency header.
const IDEMPOTENCY_HEADER: &str = "x-sdk-idempotency-header";

impl<'a> Ctx<'a> {
    /// `x-sdk-idempotency-header` at the document's root, else the first header parameter of
    /// an operation (or its path item) whose name says `idempotency` (`Idempotency-Key`,
    /// `X-Idempotency-Key`), in document order. Nothing else is guessed.
    pub fn lower_idempotency(&mut self) {
        if let Some(value) = self.doc.extensions.get(IDEMPOTENCY_HEADER) {
            match value.as_str() {
                Some(header) if is_header_name(header) => {
                    self.ir.api.idempotency_header = Some(header.to_owned());
                }
                _ => self.diags.error(
                    format!("#/{IDEMPOTENCY_HEADER}"),
                    format!("`{value}` is not an HTTP header name"),
                ),
            }
            return;
        }
        let refs = &self.refs;
        let header_of = |p: &ReferenceOr<Parameter>| -> Option<String> {
            let param = match p {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => refs.parameter(reference).ok()?.1,
            };
            match param {
                Parameter::Header { parameter_data, .. }
                    if parameter_data
                        .name
                        .to_ascii_lowercase()
                        .contains("idempotency")
                        && is_header_name(&parameter_data.name) =>
                {
                    Some(parameter_data.name.clone())
                }
                _ => None,
            }
        };
        let found = self.doc.paths.paths.values().find_map(|item| {
            let item = item.as_item()?;
            let ops = item.iter().flat_map(|(_, op)| op.parameters.iter());
            item.parameters.iter().chain(ops).find_map(header_of)
        });
        self.ir.api.idempotency_header = found;
    }
}

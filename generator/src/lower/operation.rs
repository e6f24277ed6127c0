//! Where an operation becomes a client method: its place in the resource tree, its path,
//! parameters, body, and what it returns (envelopes unwrapped, pagination detected).

use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode, Type,
};
use serde_json::Value;

use super::allof::{self, Prop};
use super::flat::Flat;
use super::names::{self, Namespace};
use super::params;
use super::pattern_example;
use super::{Ctx, Options};
use crate::diag::{child, Diagnostics};
use crate::ir::{
    Body, Envelope, Method, Operation, PageField, Pagination, Param, ParamLocation, ParamStyle,
    ParamsStruct, PathParam, PathPart, ResponseKind, ResultInfo, Scope, ScopeVariant, TypeDef,
    TypeRef,
};

/// Accessor names on every resource struct besides the spec's methods, and the methods of the
/// traits it derives (an inherent `clone` would hide `Clone::clone`).
const RESOURCE_RESERVED: &[&str] = &[
    "new",
    "client",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "into",
    "from",
    "to_owned",
];

impl<'a> Ctx<'a> {
    /// Lowers every operation of every path, in spec order.
    pub fn lower_operations(&mut self, options: &Options) {
        let mut ids = Namespace::default();
        let mut methods_by_resource: std::collections::BTreeMap<Vec<String>, Namespace> =
            Default::default();
        let plan = super::method_names::plan(self.doc);
        for (path, item) in &self.doc.paths.paths {
            let path_ptr = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(i) => i,
                // Loading copies every `$ref`'d path item in place (or reports where it points
                // nowhere), so one left here is a loader bug: never drop an endpoint silently.
                ReferenceOr::Reference { reference } => {
                    let message = format!(
                        "path item `$ref` `{reference}` was not resolved while loading; its \
                         operations cannot be generated"
                    );
                    if options.skip_invalid {
                        self.diags
                            .warn(&path_ptr, format!("skipped path {path}: {message}"));
                    } else {
                        self.diags.error(&path_ptr, message);
                    }
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let op_ptr = format!("{path_ptr}/{method}");
                let before = self.diags.clone();
                self.diags = Diagnostics::default();
                // With skipping on, remember the type space so a failed operation takes the
                // types only it created with it.
                let saved = options.skip_invalid.then(|| self.save_types());
                let mut lowered = self.lower_operation(
                    path,
                    method,
                    item,
                    op,
                    &op_ptr,
                    plan.get(&op_ptr),
                    &mut ids,
                    &mut methods_by_resource,
                );
                self.lower_deferred();
                if let Some(lowered) = &mut lowered {
                    lowered.paging = self.lower_paging(lowered, op);
                }
                let mine = std::mem::replace(&mut self.diags, before);
                if mine.has_errors() && options.skip_invalid {
                    if let Some(saved) = saved {
                        self.restore_types(saved);
                    }
                    let what = format!("skipped operation {} {path}", method.to_uppercase());
                    self.diags.extend(super::components::demoted(mine, &what));
                    continue;
                }
                self.diags.extend(mine);
                if let Some(op) = lowered {
                    self.ir.operations.push(op);
                }
            }
        }
        super::pagination::drop_colliding_streams(&mut self.ir.operations, &mut self.diags);
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
        planned: Option<&super::method_names::Planned>,
        ids: &mut Namespace,
        methods_by_resource: &mut std::collections::BTreeMap<Vec<String>, Namespace>,
    ) -> Option<Operation> {
        let http_method = match method {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "patch" => Method::Patch,
            "delete" => Method::Delete,
            "head" => Method::Head,
            "options" => Method::Options,
            _ => Method::Trace,
        };
        let derived_id = derive_operation_id(method, path);
        let id = match &op.operation_id {
            Some(id) if ids.is_taken(id) => {
                let unique = ids.claim(&derived_id);
                self.diags.warn(
                    format!("{op_ptr}/operationId"),
                    format!(
                        "duplicate operationId `{id}`; this operation is named `{unique}` instead"
                    ),
                );
                unique
            }
            Some(id) => ids.claim(id),
            None => {
                let unique = ids.claim(&derived_id);
                self.diags.warn(
                    op_ptr,
                    format!(
                        "operation has no operationId; named `{unique}` from its method and path"
                    ),
                );
                unique
            }
        };
        let (resource, candidates) = match planned {
            Some(p) => (p.resource.clone(), p.candidates.clone()),
            None => (vec!["api".to_owned()], Vec::new()),
        };
        let mut candidates = candidates;
        if candidates.is_empty() {
            candidates.push(names::snake_ident(&id));
        }
        let methods = methods_by_resource
            .entry(resource.clone())
            .or_insert_with(|| Namespace::with_reserved(RESOURCE_RESERVED));
        let method_name = methods.claim_first(&candidates);
        let response_method_name = methods.claim(&format!(
            "{}_with_response",
            method_name.trim_start_matches("r#")
        ));
        let type_prefix = format!(
            "{}{}",
            names::type_name(
                resource
                    .last()
                    .map_or("api", |r| r.trim_start_matches("r#"))
            ),
            names::type_name(method_name.trim_start_matches("r#"))
        );

        let params = self.collect_parameters(item, op, op_ptr);
        let path_parts = self.lower_path(path, &params, op_ptr);
        let params_struct = self.lower_params(&params, &type_prefix);
        let body = self.lower_body(op, op_ptr, &type_prefix);
        let response = self.lower_response(op, op_ptr, &type_prefix, params_struct.as_ref());
        let errors = self.lower_errors(op, op_ptr, &type_prefix);
        // A binary body may be too large to hold whole: a twin streams it.
        let stream_method_name = matches!(response, ResponseKind::Bytes)
            .then(|| methods.claim(&format!("{}_stream", method_name.trim_start_matches("r#"))));
        Some(Operation {
            id,
            pointer: op_ptr.to_owned(),
            method: http_method,
            path: path.to_owned(),
            resource,
            method_name,
            response_method_name,
            stream_method_name,
            summary: op.summary.clone(),
            description: op.description.clone(),
            path_parts,
            params: params_struct,
            body,
            response,
            accept: self.accept(op),
            errors,
            deprecated: op.deprecated,
            security: self.operation_security(op, op_ptr),
            paging: None,
        })
    }

    /// Path-level parameters, overridden by operation-level ones of the same name and place.
    fn collect_parameters(
        &mut self,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Vec<(Parameter, String)> {
        let mut out: Vec<(Parameter, String)> = Vec::new();
        // Each parameter is located where it is declared (the path item, the operation, or the
        // component a `$ref` names), so one declaration makes one type however many use it.
        let path_ptr = op_ptr.rsplit_once('/').map_or(op_ptr, |(path, _)| path);
        let lists = [(&item.parameters, path_ptr), (&op.parameters, op_ptr)];
        for (list, owner) in lists {
            for (i, p) in list.iter().enumerate() {
                let ptr = format!("{owner}/parameters/{i}");
                let (param, ptr) = match p {
                    ReferenceOr::Item(p) => (p.clone(), ptr),
                    ReferenceOr::Reference { reference } => match self.refs.parameter(reference) {
                        Ok((at, p)) => (p.clone(), at),
                        Err(e) => {
                            self.diags.error(&ptr, e);
                            continue;
                        }
                    },
                };
                let key = param_key(&param);
                out.retain(|(q, _)| param_key(q) != key);
                out.push((param, ptr));
            }
        }
        out
    }

    fn lower_path(
        &mut self,
        path: &str,
        params: &[(Parameter, String)],
        op_ptr: &str,
    ) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut arg_names = Namespace::with_reserved(&["self", "params", "body"]);
        while let Some(open) = rest.find('{') {
            let Some(close_rel) = rest[open..].find('}') else {
                self.diags
                    .error(op_ptr, format!("unclosed `{{` in path `{path}`"));
                return parts;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..open + close_rel];
            rest = &rest[open + close_rel + 1..];
            let Some((param, ptr)) = params.iter().find(|(p, _)| {
                matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == name
            }) else {
                // Common in real specs (a version segment declared on some operations only):
                // the path cannot be built without it, so it is a string argument.
                self.diags.warn(
                    op_ptr,
                    format!(
                        "path parameter `{name}` in `{path}` is not declared; taken as a string"
                    ),
                );
                parts.push(PathPart::Param(PathParam {
                    rust_name: arg_names.claim(&names::snake_ident(name)),
                    wire_name: name.to_owned(),
                    doc: None,
                    ty: TypeRef::String,
                    style: crate::ir::ParamStyle::Simple { explode: false },
                    example: None,
                }));
                continue;
            };
            let data = param.parameter_data_ref();
            let schema = self.param_schema(param, ptr);
            // A string enum segment directly followed by another parameter is a scope (both
            // plain `simple` segments: a scope writes its value and id as they are).
            let plain =
                |p: &Parameter| matches!(params::declared_style(p), ParamStyle::Simple { .. });
            let enum_values = schema
                .as_ref()
                .filter(|_| plain(param))
                .and_then(|s| self.string_enum_values(s));
            if let Some(values) = enum_values {
                if let Some(next_name) = rest
                    .strip_prefix("/{")
                    .and_then(|r| r.split_once('}'))
                    .map(|(n, _)| n)
                {
                    if let Some((id_param, _)) = params.iter().find(|(p, _)| {
                        matches!(p, Parameter::Path { .. })
                            && p.parameter_data_ref().name == next_name
                            && plain(p)
                    }) {
                        let ty = self.lower_scope(param, schema.as_ref(), &values, id_param);
                        rest = &rest[2 + next_name.len() + 1..];
                        let id_schema = self.param_schema(id_param, ptr);
                        let example = self.param_example(id_param, id_schema.as_ref());
                        parts.push(PathPart::Scope {
                            example,
                            ty,
                            rust_name: arg_names.claim("scope"),
                            doc: id_param
                                .parameter_data_ref()
                                .description
                                .clone()
                                .or(data.description.clone()),
                        });
                        continue;
                    }
                }
            }
            let ty = match &schema {
                Some(s) => {
                    let hint = names::type_name(name);
                    let lowered = self.lower_ref(s, &hint, &format!("{ptr}/schema"));
                    path_arg_type(lowered.ty)
                }
                None => TypeRef::String,
            };
            let style = self.settle_style(name, &ty, params::declared_style(param), ptr);
            let example = self.param_example(param, schema.as_ref());
            parts.push(PathPart::Param(PathParam {
                rust_name: arg_names.claim(&names::snake_ident(name)),
                wire_name: name.to_owned(),
                doc: data.description.clone(),
                ty,
                style,
                example,
            }));
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (p, ptr) in params {
            if let Parameter::Path { parameter_data, .. } = p {
                if !path.contains(&format!("{{{}}}", parameter_data.name)) {
                    self.diags.warn(
                        ptr,
                        format!(
                            "path parameter `{}` does not appear in the path; ignored",
                            parameter_data.name
                        ),
                    );
                }
            }
        }
        parts
    }

    fn lower_scope(
        &mut self,
        param: &Parameter,
        schema: Option<&ReferenceOr<Schema>>,
        values: &[String],
        id_param: &Parameter,
    ) -> String {
        let data = param.parameter_data_ref();
        let explicit = data.extensions.get("x-sdk-scope").and_then(Value::as_str);
        let candidate = names::type_name(explicit.unwrap_or(&data.name));
        if let Some(TypeDef::Scope(_)) = self.ir.types.get(&candidate) {
            return candidate;
        }
        let varnames: Vec<String> = schema
            .and_then(|s| self.resolve_schema(s))
            .and_then(|s| {
                s.schema_data
                    .extensions
                    .get("x-enum-varnames")
                    .and_then(Value::as_array)
                    .cloned()
            })
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let name = self.type_names.claim(&candidate);
        let mut ns = Namespace::default();
        // The scope type's own methods.
        let mut constructors = Namespace::with_reserved(&["segment", "id", "id_param"]);
        let variants = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let rust_name = ns.claim(&names::variant_name(
                    varnames.get(i).map(String::as_str).unwrap_or(v),
                ));
                ScopeVariant {
                    constructor: constructors.claim(&names::snake_ident(&rust_name)),
                    rust_name,
                    segment: v.clone(),
                }
            })
            .collect();
        self.add_type(TypeDef::Scope(Scope {
            name: name.clone(),
            doc: data.description.clone(),
            variants,
            id_param: id_param.parameter_data_ref().name.clone(),
        }));
        name
    }

    fn resolve_schema<'s>(&self, s: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match s {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                self.refs.schema(reference).ok().map(|(_, s)| s)
            }
        }
    }

    fn string_enum_values(&self, s: &ReferenceOr<Schema>) -> Option<Vec<String>> {
        let schema = self.resolve_schema(s)?;
        let flat = Flat::of(schema);
        let values: Vec<String> = flat
            .enum_values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        (!values.is_empty()).then_some(values)
    }

    /// A string or number the spec gives as an example of a parameter: its own `example`,
    /// the first of its `examples`, its schema's `example` (through `$ref`s), or a string its
    /// schema's `pattern` matches.
    fn param_example(
        &self,
        param: &Parameter,
        schema: Option<&ReferenceOr<Schema>>,
    ) -> Option<String> {
        let scalar = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let data = param.parameter_data_ref();
        if let Some(found) = data.example.as_ref().and_then(scalar) {
            return Some(found);
        }
        let from_examples = data.examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.as_ref().and_then(scalar),
            ReferenceOr::Reference { .. } => None,
        });
        if from_examples.is_some() {
            return from_examples;
        }
        let schema = match schema? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.refs.schema(reference).ok()?.1,
        };
        if let Some(found) = schema.schema_data.example.as_ref().and_then(scalar) {
            return Some(found);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                s.pattern.as_deref().and_then(pattern_example::example)
            }
            _ => None,
        }
    }

    fn param_schema(&mut self, param: &Parameter, ptr: &str) -> Option<ReferenceOr<Schema>> {
        match &param.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
            ParameterSchemaOrContent::Content(content) => {
                let schema = content.values().next().and_then(|m| m.schema.clone());
                if schema.is_none() {
                    self.diags.warn(
                        ptr,
                        "parameter has neither schema nor content schema; treated as a string",
                    );
                }
                schema
            }
        }
    }

    fn lower_params(
        &mut self,
        params: &[(Parameter, String)],
        prefix: &str,
    ) -> Option<ParamsStruct> {
        let mut fields = Vec::new();
        let mut ns = Namespace::default();
        for (p, ptr) in params {
            let location = match p {
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Path { .. } => continue,
                Parameter::Cookie { .. } => {
                    self.diags
                        .warn(ptr, "cookie parameters are not supported; ignored");
                    continue;
                }
            };
            let data = p.parameter_data_ref();
            let allow_reserved = matches!(
                p,
                Parameter::Query {
                    allow_reserved: true,
                    ..
                }
            );
            let schema = self.param_schema(p, ptr);
            let default = match &schema {
                Some(ReferenceOr::Item(s)) => s.schema_data.default.clone(),
                _ => None,
            };
            let ty = match schema {
                Some(s) => {
                    let hint = format!("{prefix}{}", names::type_name(&data.name));
                    self.lower_ref(&s, &hint, &format!("{ptr}/schema")).ty
                }
                None => TypeRef::String,
            };
            let ty = match ty {
                TypeRef::Json => {
                    self.diags.warn(
                        ptr,
                        "parameter schema has no usable type; treated as a string",
                    );
                    TypeRef::String
                }
                other => other,
            };
            let style = self.settle_style(&data.name, &ty, params::declared_style(p), ptr);
            fields.push(Param {
                rust_name: ns.claim(&names::snake_ident(&data.name)),
                wire_name: data.name.clone(),
                doc: data.description.clone(),
                ty,
                required: data.required,
                location,
                style,
                allow_reserved,
                default,
            });
        }
        if fields.is_empty() {
            return None;
        }
        Some(ParamsStruct {
            name: self.type_names.claim_joined(&format!("{prefix}Params")),
            params: fields,
        })
    }

    fn lower_body(&mut self, op: &SpecOperation, op_ptr: &str, prefix: &str) -> Option<Body> {
        let ptr = format!("{op_ptr}/requestBody");
        let (body, ptr): (RequestBody, String) = match op.request_body.as_ref()? {
            ReferenceOr::Item(b) => (b.clone(), ptr),
            ReferenceOr::Reference { reference } => match self.refs.request_body(reference) {
                Ok((at, b)) => (b.clone(), at),
                Err(e) => {
                    self.diags.error(&ptr, e);
                    return None;
                }
            },
        };
        let (media_type, media) = super::bodies::pick_request_media(&body.content)?;
        let (ty, kind) = self.lower_body_media(media_type, media, &ptr, prefix);
        let also_accepts = body
            .content
            .keys()
            .filter(|k| k.as_str() != media_type)
            .cloned()
            .collect();
        Some(Body {
            ty,
            media_type: media_type.to_owned(),
            kind,
            required: body.required,
            doc: body.description.clone(),
            also_accepts,
        })
    }

    /// The media type the success response is described in, when it is not JSON's: sent as
    /// `Accept`, since a server that answers by `Accept` would otherwise send JSON or a 406.
    fn accept(&self, op: &SpecOperation) -> Option<String> {
        let response = success_response(op)
            .map(|(_, r)| r)
            .or(op.responses.default.as_ref())?;
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => self.refs.response(reference).ok()?.1,
        };
        let (media_type, _) = pick_media(&response.content)?;
        let media_type = media_type.trim();
        (!media_type.eq_ignore_ascii_case("application/json")).then(|| media_type.to_owned())
    }

    fn lower_response(
        &mut self,
        op: &SpecOperation,
        op_ptr: &str,
        prefix: &str,
        params: Option<&ParamsStruct>,
    ) -> ResponseKind {
        let (ptr, response) = match success_response(op) {
            Some((code, r)) => (child(&format!("{op_ptr}/responses"), &code.to_string()), r),
            None => match &op.responses.default {
                Some(r) => (format!("{op_ptr}/responses/default"), r),
                None => {
                    self.diags.warn(
                        format!("{op_ptr}/responses"),
                        "no success response is described; the method returns nothing",
                    );
                    return ResponseKind::Empty;
                }
            },
        };
        let (response, ptr): (Response, String) = match response {
            ReferenceOr::Item(r) => (r.clone(), ptr),
            ReferenceOr::Reference { reference } => match self.refs.response(reference) {
                Ok((at, r)) => (r.clone(), at),
                Err(e) => {
                    self.diags.error(&ptr, e);
                    return ResponseKind::Empty;
                }
            },
        };
        let Some((media_type, media)) = pick_media(&response.content) else {
            return ResponseKind::Empty;
        };
        if !is_json(&media_type) {
            let text = media_type.trim().to_ascii_lowercase().starts_with("text/");
            return if text {
                ResponseKind::Text
            } else {
                ResponseKind::Bytes
            };
        }
        let schema_ptr = format!("{}/schema", child(&format!("{ptr}/content"), &media_type));
        let Some(schema) = media.schema.clone() else {
            return ResponseKind::Json(TypeRef::Json);
        };
        // A referenced envelope is merged at its component's location, so what it declares
        // inline is shared by every operation that returns it.
        let (resolved, result_hint, merge_ptr): (Schema, String, String) = match &schema {
            ReferenceOr::Item(s) => (s.clone(), format!("{prefix}Result"), schema_ptr.clone()),
            ReferenceOr::Reference { reference } => match self.refs.schema(reference) {
                Ok((name, s)) => {
                    let rust = self
                        .component_names
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| names::type_name(&name));
                    (
                        s.clone(),
                        format!("{rust}Result"),
                        child("#/components/schemas", &name),
                    )
                }
                Err(e) => {
                    self.diags.error(&schema_ptr, e);
                    return ResponseKind::Json(TypeRef::Json);
                }
            },
        };
        let mut scratch = Diagnostics::default();
        let merged = allof::merge(self.refs, &resolved, &merge_ptr, &mut scratch);
        let is_envelope = ["success", "errors", "messages"]
            .iter()
            .all(|k| merged.props.contains_key(*k));
        if !is_envelope {
            let lowered = self.lower_ref(&schema, &format!("{prefix}Response"), &schema_ptr);
            return ResponseKind::Json(lowered.ty);
        }
        self.note_envelope(merged.props.get("errors"), merged.props.get("result_info"));
        let Some(result_prop) = merged.props.get("result").cloned() else {
            return ResponseKind::Envelope {
                result: None,
                nullable: false,
                paginated: None,
            };
        };
        let (lowered, _) = self.lower_property(&result_prop, &result_hint);
        let paginated = match (
            &lowered.ty,
            merged.props.contains_key("result_info"),
            params,
        ) {
            (TypeRef::Vec(item), true, Some(p)) => p
                .params
                .iter()
                .find(|q| {
                    q.wire_name == "page"
                        && q.location == ParamLocation::Query
                        && matches!(q.ty, TypeRef::Integer(_) | TypeRef::Number)
                })
                .map(|q| Pagination {
                    item: (**item).clone(),
                    page_field: q.rust_name.clone(),
                }),
            _ => None,
        };
        ResponseKind::Envelope {
            result: Some(lowered.ty),
            nullable: lowered.nullable,
            paginated,
        }
    }

    /// The first envelope seen fixes the message and paging types for the whole crate.
    fn note_envelope(&mut self, errors: Option<&Prop<'_>>, result_info: Option<&Prop<'_>>) {
        if self
            .envelope
            .as_ref()
            .is_some_and(|e| e.result_info.is_some() || result_info.is_none())
        {
            return;
        }
        let message = match (&self.envelope, errors) {
            (Some(e), _) => e.message.clone(),
            (None, Some(p)) => match self.lower_property(p, "EnvelopeErrors").0.ty {
                TypeRef::Vec(item) => *item,
                _ => TypeRef::Json,
            },
            (None, None) => TypeRef::Json,
        };
        let info = result_info.and_then(|p| {
            let ty = self.lower_property(p, "ResultInfo").0.ty;
            let name = ty.direct_name()?.to_owned();
            let TypeDef::Struct(s) = self.ir.types.get(&name)? else {
                return None;
            };
            let field = |wire: &str| {
                s.fields
                    .iter()
                    .find(|f| {
                        f.wire_name == wire && matches!(f.ty, TypeRef::Integer(_) | TypeRef::Number)
                    })
                    .map(|f| PageField {
                        rust_name: f.rust_name.clone(),
                        ty: f.ty.clone(),
                        optional: f.optional(),
                    })
            };
            Some(ResultInfo {
                page: field("page"),
                per_page: field("per_page"),
                total_pages: field("total_pages"),
                total_count: field("total_count"),
                count: field("count"),
                ty: name,
            })
        });
        let message_struct = match message.direct_name().and_then(|n| self.ir.types.get(n)) {
            Some(TypeDef::Struct(s)) => Some(s.clone()),
            _ => None,
        };
        let message_code = message_struct.as_ref().and_then(|s| {
            s.fields
                .iter()
                .find(|f| {
                    f.wire_name == "code" && matches!(f.ty, TypeRef::Integer(_) | TypeRef::Number)
                })
                .map(|f| PageField {
                    rust_name: f.rust_name.clone(),
                    ty: f.ty.clone(),
                    optional: f.optional(),
                })
        });
        let message_text = message_struct.as_ref().and_then(|s| {
            s.fields
                .iter()
                .find(|f| f.wire_name == "message" && f.ty == TypeRef::String)
                .map(|f| (f.rust_name.clone(), f.optional()))
        });
        self.envelope = Some(Envelope {
            message,
            message_code,
            message_text,
            result_info: info,
        });
    }
}

fn param_key(p: &Parameter) -> (String, u8) {
    let loc = match p {
        Parameter::Query { .. } => 0,
        Parameter::Header { .. } => 1,
        Parameter::Path { .. } => 2,
        Parameter::Cookie { .. } => 3,
    };
    (p.parameter_data_ref().name.clone(), loc)
}

/// A path argument of no known type is passed as a string.
fn path_arg_type(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Json => TypeRef::String,
        _ => ty,
    }
}

/// `get /accounts/{id}/things` → `get_accounts_id_things`.
pub(super) fn derive_operation_id(method: &str, path: &str) -> String {
    let mut out = method.to_owned();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        out.push('_');
        out.extend(seg.chars().filter(|c| *c != '{' && *c != '}').map(|c| {
            if c.is_alphanumeric() {
                c
            } else {
                '_'
            }
        }));
    }
    out
}

pub(super) fn is_json(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

/// The JSON media type of `content`, if it offers one.
pub(super) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .map(|(k, v)| (k.as_str(), v))
}

/// JSON if offered, else the first media type.
/// The first 2XX response: the lowest code, a `2XX` range last.
pub(super) fn success_response(
    op: &SpecOperation,
) -> Option<(&StatusCode, &ReferenceOr<Response>)> {
    op.responses
        .responses
        .iter()
        .filter(|(c, _)| match c {
            StatusCode::Code(n) => (200..300).contains(n),
            StatusCode::Range(n) => *n == 2,
        })
        .min_by_key(|(c, _)| match c {
            StatusCode::Code(n) => *n,
            StatusCode::Range(_) => 299,
        })
}

fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(String, MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.iter().next())
        .map(|(k, v)| (k.clone(), v.clone()))
}

#[cfg(test)]
mod tests {
    use crate::lower::{lower, Options};

    /// A document whose path item is still a `$ref` (the loader resolves them; this one skips
    /// the loader): an error, or with `skip_invalid` a warning, never a silent drop.
    #[test]
    fn an_unresolved_path_item_ref_is_an_error_unless_skipping() {
        let doc: openapiv3::OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"$ref": "#/x-elsewhere/things"}},
        }))
        .expect("an OpenAPI document");
        let (_, diags) = lower(&doc, &Options::default());
        let errors: Vec<String> = diags.errors().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{diags:?}");
        assert!(errors[0].contains("#/x-elsewhere/things"), "{errors:?}");
        assert!(errors[0].contains("#/paths/~1things"), "{errors:?}");

        let skip = Options {
            skip_invalid: true,
            ..Options::default()
        };
        let (_, diags) = lower(&doc, &skip);
        assert!(!diags.has_errors(), "{diags:?}");
        assert!(
            diags
                .warnings()
                .any(|w| w.to_string().contains("skipped path /things")),
            "{diags:?}"
        );
    }
}

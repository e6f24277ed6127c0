//! What changed between two versions of an API, as a downstream user of the generated crate
//! sees it: plain data in (two [`Ir`]s), plain data out (a [`Report`], a list of [`Change`]s).
//!
//! Each change is marked breaking when code written against the old crate may stop compiling
//! (or silently call something else) with the new one. The rules follow from the shapes the
//! templates give each kind of type:
//!
//! | change | breaking? | why |
//! |---|---|---|
//! | operation, type, field, parameter, enum value or union variant removed | yes | callers name it |
//! | operation added, type added | no | nothing existing changes |
//! | optional struct field or optional query/header parameter added | no | structs are `#[non_exhaustive]`, built with `new()` and `with_*` |
//! | required field or required parameter added | yes | `new()` takes one more argument |
//! | field or parameter type changed | yes | |
//! | optional → required | yes | `Option<T>` becomes `T`, and `new()` takes it |
//! | required → optional | **yes** | `T` becomes `Option<T>` and `new()` loses an argument, although it loosens the wire contract |
//! | string-enum value or tagged-union kind added | no | both are `#[non_exhaustive]` and open (a fallback variant keeps unknown values) |
//! | untagged-union alternative or path-scope case added | yes | these enums are exhaustive |
//! | path parameter added, removed or reordered; body added or removed; return type changed | yes | the method's signature changes |
//! | HTTP method or path, media type, `required` of a body, deprecation, security, doc text | no | the Rust signature is the same (doc text is not compared at all) |
//! | security scheme added; its placement changed (header, query, cookie, bearer); a token provider added | no | a new builder method, or the same one |
//! | security scheme removed; changed to or from HTTP Basic; its token provider removed | yes | a builder method goes, or takes other arguments |
//!
//! Things are matched by the name a downstream crate uses: types by Rust name, operations by
//! their place in the resource tree (`iam.sso.create`). Fields, parameters and enum values are
//! matched by their name on the wire, so a changed Rust name shows as a (breaking) change. A
//! type whose Rust name changed but whose schema is the same (`origin.pointer`) is reported as
//! renamed, and an operation that moved in the resource tree but kept its method and path as
//! moved; both are then compared under their new name.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::{
    Body, BodyKind, CredentialLocation, Field, Ir, Operation, Param, ParamLocation, ParamsStruct,
    PathPart, ResponseKind, Scope, SecurityScheme, StringEnum, Struct, TaggedUnion, TypeDef,
    TypeRef, UntaggedUnion,
};

/// Whether something appeared, disappeared or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// In the new API only.
    Added,
    /// In the old API only.
    Removed,
    /// In both, different.
    Changed,
}

impl ChangeKind {
    fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// Crate-level facts: name, version, servers and their variables, global security.
    Api,
    /// A security scheme (a `ClientBuilder` credential method).
    Credential,
    /// An operation (a method in the resource tree).
    Operation,
    /// A path, query or header parameter of an operation.
    Parameter,
    /// The request body of an operation.
    Body,
    /// What an operation returns.
    Response,
    /// A named type.
    Type,
    /// A field of a struct.
    Field,
    /// A value of a string enum.
    EnumValue,
    /// A variant of a union or a case of a path scope.
    Variant,
}

impl Item {
    fn as_str(self) -> &'static str {
        match self {
            Item::Api => "api",
            Item::Credential => "credential",
            Item::Operation => "operation",
            Item::Parameter => "parameter",
            Item::Body => "body",
            Item::Response => "response",
            Item::Type => "type",
            Item::Field => "field",
            Item::EnumValue => "enum value",
            Item::Variant => "variant",
        }
    }
}

/// One difference between the two APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What kind of thing.
    pub item: Item,
    /// Which one, as a downstream crate names it: `iam.sso.create`,
    /// `SsoConnector.email_domain`, `SsoVerificationStatus::Failed`,
    /// `zero_trust.identity_providers.list(page)`.
    pub subject: String,
    /// What about it, e.g. `type bool → String`, or the type of an added field.
    pub detail: String,
    /// Code written against the old crate may stop compiling (or silently change meaning).
    pub breaking: bool,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<7} {:<10} {}",
            self.kind.as_str(),
            self.item.as_str(),
            self.subject
        )?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Every change found, in a stable order: API facts, credentials, operations (in the new
/// spec's order, then removed ones), then types by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// The non-breaking changes.
    pub fn non_breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.breaking)
    }

    /// At least one change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.breaking().next().is_some()
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A summary line, then the breaking changes, then the others; one change a line.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no API changes");
        }
        let breaking = self.breaking().count();
        let other = self.changes.len() - breaking;
        writeln!(
            f,
            "{breaking} breaking change{}, {other} non-breaking change{}",
            plural(breaking),
            plural(other)
        )?;
        if breaking > 0 {
            writeln!(f, "\nbreaking:")?;
            for c in self.breaking() {
                writeln!(f, "  {c}")?;
            }
        }
        if other > 0 {
            writeln!(f, "\nnon-breaking:")?;
            for c in self.non_breaking() {
                writeln!(f, "  {c}")?;
            }
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Compares two APIs.
pub fn diff(old: &Ir, new: &Ir) -> Report {
    let mut d = Differ::default();
    d.api(old, new);
    d.credentials(old, new);
    d.server_variables(old, new);
    d.operations(old, new);
    d.types(old, new);
    Report { changes: d.changes }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(
        &mut self,
        kind: ChangeKind,
        item: Item,
        subject: impl Into<String>,
        detail: impl Into<String>,
        breaking: bool,
    ) {
        self.changes.push(Change {
            kind,
            item,
            subject: subject.into(),
            detail: detail.into(),
            breaking,
        });
    }

    fn added(
        &mut self,
        item: Item,
        subject: impl Into<String>,
        detail: impl Into<String>,
        breaking: bool,
    ) {
        self.push(ChangeKind::Added, item, subject, detail, breaking);
    }

    fn removed(&mut self, item: Item, subject: impl Into<String>, detail: impl Into<String>) {
        // Whatever a downstream crate could name and no longer can breaks it.
        self.push(ChangeKind::Removed, item, subject, detail, true);
    }

    fn changed(
        &mut self,
        item: Item,
        subject: impl Into<String>,
        detail: impl Into<String>,
        breaking: bool,
    ) {
        self.push(ChangeKind::Changed, item, subject, detail, breaking);
    }

    // ---- the API as a whole ----------------------------------------------------------------

    fn api(&mut self, old: &Ir, new: &Ir) {
        let (o, n) = (&old.api, &new.api);
        if o.crate_name != n.crate_name {
            self.changed(
                Item::Api,
                "crate name",
                arrow(&o.crate_name, &n.crate_name),
                true,
            );
        }
        if o.version != n.version {
            self.changed(Item::Api, "version", arrow(&o.version, &n.version), false);
        }
        let urls = |api: &crate::ir::ApiInfo| {
            let urls: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
            urls.join(", ")
        };
        if urls(o) != urls(n) {
            self.changed(Item::Api, "servers", arrow(&urls(o), &urls(n)), false);
        }
        if o.base_url_env != n.base_url_env {
            self.changed(
                Item::Api,
                "base URL variable",
                arrow(&opt_text(&o.base_url_env), &opt_text(&n.base_url_env)),
                false,
            );
        }
        if old.security_requirements != new.security_requirements {
            self.changed(
                Item::Api,
                "security",
                arrow(
                    &requirements(&old.security_requirements),
                    &requirements(&new.security_requirements),
                ),
                false,
            );
        }
    }

    fn credentials(&mut self, old: &Ir, new: &Ir) {
        for n in &new.security_schemes {
            let subject = format!("ClientBuilder::{}", n.rust_name);
            match old.security_schemes.iter().find(|o| o.name == n.name) {
                None => self.added(
                    Item::Credential,
                    subject,
                    format!("scheme `{}`", n.name),
                    false,
                ),
                Some(o) => {
                    if o.rust_name != n.rust_name {
                        self.changed(
                            Item::Credential,
                            subject.clone(),
                            format!("renamed from `{}`", o.rust_name),
                            true,
                        );
                    }
                    if o.location != n.location {
                        // Basic's method takes a username and a password, the others one value.
                        let basic = |l: &CredentialLocation| *l == CredentialLocation::Basic;
                        self.changed(
                            Item::Credential,
                            subject.clone(),
                            format!(
                                "sent as {}",
                                arrow(&placement(&o.location), &placement(&n.location))
                            ),
                            basic(&o.location) != basic(&n.location),
                        );
                    }
                    self.token_provider(o, n);
                    if o.env != n.env {
                        self.changed(
                            Item::Credential,
                            subject,
                            format!(
                                "environment variable {}",
                                arrow(&opt_text(&o.env), &opt_text(&n.env))
                            ),
                            false,
                        );
                    }
                }
            }
        }
        for o in &old.security_schemes {
            if !new.security_schemes.iter().any(|n| n.name == o.name) {
                self.removed(
                    Item::Credential,
                    format!("ClientBuilder::{}", o.rust_name),
                    format!("scheme `{}`", o.name),
                );
            }
        }
    }

    /// The token-provider builder method of a scheme kept in both versions.
    fn token_provider(&mut self, o: &SecurityScheme, n: &SecurityScheme) {
        let subject = |m: &str| format!("ClientBuilder::{m}");
        let what = format!("token provider of scheme `{}`", n.name);
        match (&o.provider_method, &n.provider_method) {
            (None, Some(m)) => self.added(Item::Credential, subject(m), what, false),
            (Some(m), None) => self.removed(Item::Credential, subject(m), what),
            (Some(a), Some(b)) if a != b => self.changed(
                Item::Credential,
                subject(b),
                format!("renamed from `{a}`"),
                true,
            ),
            _ => {}
        }
    }

    fn server_variables(&mut self, old: &Ir, new: &Ir) {
        let kind = |s: &crate::ir::ServerVariableSetter| match &s.values {
            Some(e) => format!("servers::{}", e.name),
            None => "a string".to_owned(),
        };
        let values = |s: &crate::ir::ServerVariableSetter| -> Vec<String> {
            s.values
                .iter()
                .flat_map(|e| e.variants.iter().map(|(_, v)| v.clone()))
                .collect()
        };
        for n in &new.api.server_variables {
            let subject = format!("ClientBuilder::{}", n.method);
            match old.api.server_variables.iter().find(|o| o.name == n.name) {
                None => self.added(
                    Item::Api,
                    subject,
                    format!("server variable `{}`", n.name),
                    false,
                ),
                Some(o) if o.method != n.method => self.changed(
                    Item::Api,
                    subject,
                    format!("renamed from `{}`", o.method),
                    true,
                ),
                Some(o) if kind(o) != kind(n) => {
                    self.changed(Item::Api, subject, arrow(&kind(o), &kind(n)), true)
                }
                Some(o) => {
                    let (old_values, new_values) = (values(o), values(n));
                    for v in old_values.iter().filter(|v| !new_values.contains(v)) {
                        self.removed(Item::Api, subject.clone(), format!("value `{v}`"));
                    }
                    for v in new_values.iter().filter(|v| !old_values.contains(v)) {
                        // The enums are `#[non_exhaustive]`.
                        self.added(Item::Api, subject.clone(), format!("value `{v}`"), false);
                    }
                }
            }
        }
        for o in &old.api.server_variables {
            if !new.api.server_variables.iter().any(|n| n.name == o.name) {
                self.removed(
                    Item::Api,
                    format!("ClientBuilder::{}", o.method),
                    format!("server variable `{}`", o.name),
                );
            }
        }
    }

    // ---- operations -------------------------------------------------------------------------

    fn operations(&mut self, old: &Ir, new: &Ir) {
        let old_by_key: BTreeMap<String, &Operation> =
            old.operations.iter().map(|o| (accessor(o), o)).collect();
        let new_keys: BTreeSet<String> = new.operations.iter().map(accessor).collect();
        // Operations that left their place in the tree but kept method and path have moved.
        let mut moved: BTreeMap<String, &Operation> = BTreeMap::new();
        for n in &new.operations {
            if old_by_key.contains_key(&accessor(n)) {
                continue;
            }
            let from = old.operations.iter().find(|o| {
                !new_keys.contains(&accessor(o)) && o.method == n.method && o.path == n.path
            });
            if let Some(o) = from {
                moved.insert(accessor(n), o);
            }
        }
        let moved_from: BTreeSet<String> = moved.values().map(|o| accessor(o)).collect();

        for n in &new.operations {
            let key = accessor(n);
            if let Some(o) = old_by_key.get(&key) {
                self.operation(o, n);
            } else if let Some(o) = moved.get(&key) {
                self.changed(
                    Item::Operation,
                    key.clone(),
                    format!("moved from {} ({})", accessor(o), endpoint(n)),
                    true,
                );
                self.operation(o, n);
            } else {
                self.added(Item::Operation, key, endpoint(n), false);
            }
        }
        for o in &old.operations {
            let key = accessor(o);
            if !new_keys.contains(&key) && !moved_from.contains(&key) {
                self.removed(Item::Operation, key, endpoint(o));
            }
        }
    }

    /// Compares an operation with its new version (listed under the new name).
    fn operation(&mut self, o: &Operation, n: &Operation) {
        let key = accessor(n);
        if (o.method, &o.path) != (n.method, &n.path) && accessor(o) == key {
            self.changed(
                Item::Operation,
                key.clone(),
                format!("endpoint {}", arrow(&endpoint(o), &endpoint(n))),
                false,
            );
        }
        if o.id != n.id {
            self.changed(
                Item::Operation,
                key.clone(),
                format!("operationId {}", arrow(&o.id, &n.id)),
                false,
            );
        }
        if o.deprecated != n.deprecated {
            let what = if n.deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.changed(Item::Operation, key.clone(), what, false);
        }
        if o.security != n.security {
            let show = |s: &Option<Vec<Vec<String>>>| match s {
                Some(r) => requirements(r),
                None => "the API's".to_owned(),
            };
            self.changed(
                Item::Operation,
                key.clone(),
                format!("security {}", arrow(&show(&o.security), &show(&n.security))),
                false,
            );
        }
        self.path_params(&key, o, n);
        self.query_params(&key, o.params.as_ref(), n.params.as_ref());
        self.body(&key, o.body.as_ref(), n.body.as_ref());
        let (ro, rn) = (return_type(&o.response), return_type(&n.response));
        if ro != rn {
            self.changed(
                Item::Response,
                key.clone(),
                format!("returns {}", arrow(&ro, &rn)),
                true,
            );
        }
        let (po, pn) = (paginated(&o.response), paginated(&n.response));
        if po != pn {
            let method = format!("{key}_all");
            if pn {
                self.added(Item::Operation, method, "streams every page", false);
            } else {
                self.removed(Item::Operation, method, "no longer paginated");
            }
        }
    }

    /// Path parameters are positional arguments: any change to their list breaks callers.
    fn path_params(&mut self, key: &str, o: &Operation, n: &Operation) {
        let (old_args, new_args) = (path_args(o), path_args(n));
        for a in &new_args {
            match old_args.iter().find(|b| b.wire == a.wire) {
                None => self.added(
                    Item::Parameter,
                    format!("{key}({})", a.wire),
                    format!("path, {}", a.ty),
                    true,
                ),
                Some(b) if b.ty != a.ty => self.changed(
                    Item::Parameter,
                    format!("{key}({})", a.wire),
                    format!("type {}", arrow(&b.ty, &a.ty)),
                    true,
                ),
                Some(_) => {}
            }
        }
        for b in &old_args {
            if !new_args.iter().any(|a| a.wire == b.wire) {
                self.removed(
                    Item::Parameter,
                    format!("{key}({})", b.wire),
                    format!("path, {}", b.ty),
                );
            }
        }
        let order = |args: &[PathArg], other: &[PathArg]| -> Vec<String> {
            args.iter()
                .filter(|a| other.iter().any(|b| b.wire == a.wire))
                .map(|a| a.wire.clone())
                .collect()
        };
        let (oo, no) = (order(&old_args, &new_args), order(&new_args, &old_args));
        if oo != no {
            self.changed(
                Item::Operation,
                key,
                format!(
                    "path arguments reordered: {}",
                    arrow(&oo.join(", "), &no.join(", "))
                ),
                true,
            );
        }
    }

    fn query_params(&mut self, key: &str, o: Option<&ParamsStruct>, n: Option<&ParamsStruct>) {
        match (o, n) {
            (None, None) => return,
            (None, Some(n)) => self.added(
                Item::Parameter,
                format!("{key}(params)"),
                format!("the method takes `params: &{}`", n.name),
                true,
            ),
            (Some(o), None) => self.removed(
                Item::Parameter,
                format!("{key}(params)"),
                format!("the method no longer takes `params: &{}`", o.name),
            ),
            (Some(o), Some(n)) if o.name != n.name => self.changed(
                Item::Type,
                n.name.clone(),
                format!("parameters of {key}, renamed from {}", o.name),
                true,
            ),
            _ => {}
        }
        let empty = Vec::new();
        let old_params = o.map_or(&empty, |p| &p.params);
        let new_params = n.map_or(&empty, |p| &p.params);
        for p in new_params {
            let subject = format!("{key}({})", p.rust_name);
            match old_params.iter().find(|q| q.wire_name == p.wire_name) {
                None => self.added(Item::Parameter, subject, param_detail(p), p.required),
                Some(q) => self.param(&subject, q, p),
            }
        }
        for q in old_params {
            if !new_params.iter().any(|p| p.wire_name == q.wire_name) {
                self.removed(
                    Item::Parameter,
                    format!("{key}({})", q.rust_name),
                    param_detail(q),
                );
            }
        }
    }

    fn param(&mut self, subject: &str, o: &Param, n: &Param) {
        if o.rust_name != n.rust_name {
            self.changed(
                Item::Parameter,
                subject,
                format!("Rust name {}", arrow(&o.rust_name, &n.rust_name)),
                true,
            );
        }
        if o.ty != n.ty {
            self.changed(
                Item::Parameter,
                subject,
                format!("type {}", arrow(&type_name(&o.ty), &type_name(&n.ty))),
                true,
            );
        }
        if o.required != n.required {
            self.changed(
                Item::Parameter,
                subject,
                arrow(required_text(o.required), required_text(n.required)),
                true,
            );
        }
        if o.location != n.location {
            self.changed(
                Item::Parameter,
                subject,
                arrow(location(o.location), location(n.location)),
                false,
            );
        }
    }

    fn body(&mut self, key: &str, o: Option<&Body>, n: Option<&Body>) {
        match (o, n) {
            (None, None) => {}
            (None, Some(n)) => self.added(Item::Body, key, body_ty(n), true),
            (Some(o), None) => self.removed(Item::Body, key, body_ty(o)),
            (Some(o), Some(n)) => {
                let (to, tn) = (body_ty(o), body_ty(n));
                if to != tn {
                    self.changed(Item::Body, key, format!("type {}", arrow(&to, &tn)), true);
                }
                if o.media_type != n.media_type {
                    self.changed(
                        Item::Body,
                        key,
                        format!("media type {}", arrow(&o.media_type, &n.media_type)),
                        false,
                    );
                }
                if o.required != n.required {
                    // The method takes the body the same way either way.
                    self.changed(
                        Item::Body,
                        key,
                        arrow(required_text(o.required), required_text(n.required)),
                        false,
                    );
                }
            }
        }
    }

    // ---- types ------------------------------------------------------------------------------

    fn types(&mut self, old: &Ir, new: &Ir) {
        // A removed type and an added one from the same schema: renamed.
        let mut renamed: BTreeMap<&str, &TypeDef> = BTreeMap::new();
        for (name, n) in &new.types {
            if old.types.contains_key(name) {
                continue;
            }
            let Some(pointer) = origin(n) else { continue };
            let from = old.types.iter().find(|(old_name, o)| {
                !new.types.contains_key(*old_name)
                    && origin(o) == Some(pointer)
                    && kind_name(o) == kind_name(n)
            });
            if let Some((_, o)) = from {
                renamed.insert(name, o);
            }
        }
        let renamed_from: BTreeSet<&str> = renamed.values().map(|o| o.name()).collect();

        let names: BTreeSet<&String> = old.types.keys().chain(new.types.keys()).collect();
        for name in names {
            match (old.types.get(name), new.types.get(name)) {
                (Some(o), Some(n)) => self.type_def(o, n),
                (None, Some(n)) => match renamed.get(name.as_str()) {
                    Some(o) => {
                        self.changed(
                            Item::Type,
                            name.clone(),
                            format!("renamed from {}", o.name()),
                            true,
                        );
                        self.type_def(o, n);
                    }
                    None => self.added(Item::Type, name.clone(), kind_name(n), false),
                },
                (Some(o), None) => {
                    if !renamed_from.contains(name.as_str()) {
                        self.removed(Item::Type, name.clone(), kind_name(o));
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// Compares a type with its new version (listed under the new name).
    fn type_def(&mut self, o: &TypeDef, n: &TypeDef) {
        match (o, n) {
            (TypeDef::Struct(o), TypeDef::Struct(n)) => self.struct_def(o, n),
            (TypeDef::Enum(o), TypeDef::Enum(n)) => self.string_enum(o, n),
            (TypeDef::Tagged(o), TypeDef::Tagged(n)) => self.tagged(o, n),
            (TypeDef::Untagged(o), TypeDef::Untagged(n)) => self.untagged(o, n),
            (TypeDef::Scope(o), TypeDef::Scope(n)) => self.scope(o, n),
            (TypeDef::Newtype(o), TypeDef::Newtype(n)) if o.ty != n.ty => self.changed(
                Item::Type,
                &n.name,
                format!("wraps {}", arrow(&type_name(&o.ty), &type_name(&n.ty))),
                true,
            ),
            (TypeDef::Newtype(_), TypeDef::Newtype(_)) => {}
            _ => self.changed(
                Item::Type,
                n.name(),
                arrow(kind_name(o), kind_name(n)),
                true,
            ),
        }
    }

    fn struct_def(&mut self, o: &Struct, n: &Struct) {
        let t = &n.name;
        for f in &n.fields {
            let subject = format!("{t}.{}", f.rust_name);
            match o.fields.iter().find(|g| g.wire_name == f.wire_name) {
                None => self.added(
                    Item::Field,
                    subject,
                    format!("{}, {}", field_ty(f), presence(f)),
                    !f.optional(),
                ),
                Some(g) => self.field(&subject, g, f),
            }
        }
        for g in &o.fields {
            if !n.fields.iter().any(|f| f.wire_name == g.wire_name) {
                self.removed(Item::Field, format!("{t}.{}", g.rust_name), field_ty(g));
            }
        }
        // `new()` takes the required fields in order: same set, other order, swapped arguments.
        let required = |s: &Struct| -> Vec<String> {
            s.fields
                .iter()
                .filter(|f| !f.optional())
                .map(|f| f.wire_name.clone())
                .collect()
        };
        let (ro, rn) = (required(o), required(n));
        if ro != rn && ro.iter().collect::<BTreeSet<_>>() == rn.iter().collect::<BTreeSet<_>>() {
            self.changed(
                Item::Type,
                t.clone(),
                format!(
                    "arguments of new() reordered: {}",
                    arrow(&ro.join(", "), &rn.join(", "))
                ),
                true,
            );
        }
    }

    fn field(&mut self, subject: &str, o: &Field, n: &Field) {
        if o.rust_name != n.rust_name {
            self.changed(
                Item::Field,
                subject,
                format!("Rust name {}", arrow(&o.rust_name, &n.rust_name)),
                true,
            );
        }
        if o.ty != n.ty {
            self.changed(
                Item::Field,
                subject,
                format!("type {}", arrow(&type_name(&o.ty), &type_name(&n.ty))),
                true,
            );
        }
        if (o.required, o.nullable) != (n.required, n.nullable) {
            // Breaking exactly when the Rust type gains or loses its `Option`.
            self.changed(
                Item::Field,
                subject,
                arrow(&presence(o), &presence(n)),
                o.optional() != n.optional(),
            );
        }
        if o.read_only != n.read_only {
            let what = if n.read_only {
                "now read-only"
            } else {
                "no longer read-only"
            };
            self.changed(Item::Field, subject, what, false);
        }
        if o.sensitive != n.sensitive {
            let what = if n.sensitive {
                "now sensitive (redacted in Debug)"
            } else {
                "no longer sensitive"
            };
            self.changed(Item::Field, subject, what, false);
        }
    }

    fn string_enum(&mut self, o: &StringEnum, n: &StringEnum) {
        let t = &n.name;
        for v in &n.variants {
            let subject = format!("{t}::{}", v.rust_name);
            match o.variants.iter().find(|w| w.wire == v.wire) {
                // Open enum: `#[non_exhaustive]`, unknown values go to the fallback.
                None => self.added(Item::EnumValue, subject, quoted(&v.wire), false),
                Some(w) if w.rust_name != v.rust_name => self.changed(
                    Item::EnumValue,
                    subject,
                    format!(
                        "{}: Rust name {}",
                        quoted(&v.wire),
                        arrow(&w.rust_name, &v.rust_name)
                    ),
                    true,
                ),
                Some(_) => {}
            }
        }
        for w in &o.variants {
            if !n.variants.iter().any(|v| v.wire == w.wire) {
                self.removed(
                    Item::EnumValue,
                    format!("{t}::{}", w.rust_name),
                    quoted(&w.wire),
                );
            }
        }
        if o.fallback != n.fallback {
            self.changed(
                Item::Variant,
                format!("{t}::{}", n.fallback),
                format!("fallback renamed from {}", o.fallback),
                true,
            );
        }
    }

    fn tagged(&mut self, o: &TaggedUnion, n: &TaggedUnion) {
        let t = &n.name;
        if o.tag != n.tag {
            self.changed(
                Item::Type,
                t.clone(),
                format!("tag property {}", arrow(&quoted(&o.tag), &quoted(&n.tag))),
                true,
            );
        }
        let first =
            |v: &crate::ir::TaggedVariant| v.tag_values.first().cloned().unwrap_or_default();
        for v in &n.variants {
            let subject = format!("{t}::{}", v.rust_name);
            let tag = first(v);
            match o.variants.iter().find(|w| first(w) == tag) {
                // `#[non_exhaustive]`, and unknown kinds go to the fallback.
                None => self.added(
                    Item::Variant,
                    subject,
                    format!("{}: {} ({})", n.tag, quoted(&tag), v.ty),
                    false,
                ),
                Some(w) => {
                    if w.rust_name != v.rust_name {
                        self.changed(
                            Item::Variant,
                            subject.clone(),
                            format!("Rust name {}", arrow(&w.rust_name, &v.rust_name)),
                            true,
                        );
                    }
                    if w.ty != v.ty {
                        self.changed(
                            Item::Variant,
                            subject.clone(),
                            format!("type {}", arrow(&w.ty, &v.ty)),
                            true,
                        );
                    }
                    if w.tag_values != v.tag_values {
                        // Which wire values select the variant; the Rust API is the same.
                        self.changed(
                            Item::Variant,
                            subject,
                            format!(
                                "tag values {}",
                                arrow(&quoted_list(&w.tag_values), &quoted_list(&v.tag_values))
                            ),
                            false,
                        );
                    }
                }
            }
        }
        for w in &o.variants {
            if !n.variants.iter().any(|v| first(v) == first(w)) {
                self.removed(
                    Item::Variant,
                    format!("{t}::{}", w.rust_name),
                    format!("{}: {} ({})", o.tag, quoted(&first(w)), w.ty),
                );
            }
        }
        if o.fallback != n.fallback {
            self.changed(
                Item::Variant,
                format!("{t}::{}", n.fallback),
                format!("fallback renamed from {}", o.fallback),
                true,
            );
        }
    }

    fn untagged(&mut self, o: &UntaggedUnion, n: &UntaggedUnion) {
        let t = &n.name;
        for v in &n.variants {
            let subject = format!("{t}::{}", v.rust_name);
            match o.variants.iter().find(|w| w.rust_name == v.rust_name) {
                // Untagged unions are exhaustive enums: a new variant breaks `match`es.
                None => self.added(Item::Variant, subject, type_name(&v.ty), true),
                Some(w) if w.ty != v.ty => self.changed(
                    Item::Variant,
                    subject,
                    format!("type {}", arrow(&type_name(&w.ty), &type_name(&v.ty))),
                    true,
                ),
                Some(_) => {}
            }
        }
        for w in &o.variants {
            if !n.variants.iter().any(|v| v.rust_name == w.rust_name) {
                self.removed(
                    Item::Variant,
                    format!("{t}::{}", w.rust_name),
                    type_name(&w.ty),
                );
            }
        }
        let order = |a: &UntaggedUnion, b: &UntaggedUnion| -> Vec<String> {
            a.variants
                .iter()
                .filter(|v| b.variants.iter().any(|w| w.rust_name == v.rust_name))
                .map(|v| v.rust_name.clone())
                .collect()
        };
        let (oo, no) = (order(o, n), order(n, o));
        if oo != no {
            // Decoding tries the alternatives in order, so the same JSON may decode differently.
            self.changed(
                Item::Type,
                t.clone(),
                format!(
                    "alternatives reordered: {}",
                    arrow(&oo.join(", "), &no.join(", "))
                ),
                false,
            );
        }
    }

    fn scope(&mut self, o: &Scope, n: &Scope) {
        let t = &n.name;
        for v in &n.variants {
            let subject = format!("{t}::{}", v.rust_name);
            match o.variants.iter().find(|w| w.segment == v.segment) {
                // A scope is an exhaustive enum: a new case breaks `match`es.
                None => self.added(
                    Item::Variant,
                    subject,
                    format!("/{}/{{id}}", v.segment),
                    true,
                ),
                Some(w) if (&w.rust_name, &w.constructor) != (&v.rust_name, &v.constructor) => self
                    .changed(
                        Item::Variant,
                        subject,
                        format!(
                            "Rust name {}",
                            arrow(
                                &format!("{} / {}()", w.rust_name, w.constructor),
                                &format!("{} / {}()", v.rust_name, v.constructor)
                            )
                        ),
                        true,
                    ),
                Some(_) => {}
            }
        }
        for w in &o.variants {
            if !n.variants.iter().any(|v| v.segment == w.segment) {
                self.removed(
                    Item::Variant,
                    format!("{t}::{}", w.rust_name),
                    format!("/{}/{{id}}", w.segment),
                );
            }
        }
    }
}

// ---- how things are named and shown ---------------------------------------------------------

/// `zero_trust.identity_providers.list`: how a caller reaches the operation.
fn accessor(op: &Operation) -> String {
    let mut parts: Vec<&str> = op.resource.iter().map(String::as_str).collect();
    parts.push(&op.method_name);
    parts
        .iter()
        .map(|p| p.trim_start_matches("r#"))
        .collect::<Vec<_>>()
        .join(".")
}

/// `POST /accounts/{account_id}/sso_connectors`
fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// A positional path argument of an operation's method.
struct PathArg {
    /// Wire name of the parameter, or the scope type's name.
    wire: String,
    /// The argument's type, as the method declares it.
    ty: String,
}

fn path_args(op: &Operation) -> Vec<PathArg> {
    op.path_parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Literal(_) => None,
            PathPart::Param(p) => Some(PathArg {
                wire: p.wire_name.clone(),
                ty: match &p.ty {
                    TypeRef::String => "&str".to_owned(),
                    other => type_name(other),
                },
            }),
            PathPart::Scope { ty, rust_name, .. } => Some(PathArg {
                wire: rust_name.clone(),
                ty: format!("&{ty}"),
            }),
        })
        .collect()
}

/// The Rust return type of an operation's method, as the renderer writes it.
fn return_type(r: &ResponseKind) -> String {
    match r {
        ResponseKind::Envelope { result: None, .. } => "()".to_owned(),
        ResponseKind::Envelope {
            result: Some(_),
            paginated: Some(p),
            ..
        } => format!("Page<{}>", type_name(&p.item)),
        ResponseKind::Envelope {
            result: Some(t),
            nullable: true,
            ..
        } => format!("Option<{}>", type_name(t)),
        ResponseKind::Envelope {
            result: Some(t), ..
        }
        | ResponseKind::Json(t) => type_name(t),
        ResponseKind::Bytes => "Vec<u8>".to_owned(),
        ResponseKind::Text => "String".to_owned(),
        ResponseKind::Empty => "()".to_owned(),
    }
}

fn paginated(r: &ResponseKind) -> bool {
    matches!(
        r,
        ResponseKind::Envelope {
            paginated: Some(_),
            ..
        }
    )
}

fn body_ty(b: &Body) -> String {
    match b.kind {
        BodyKind::Json | BodyKind::Form(_) | BodyKind::Multipart(_) => {
            format!("&{}", type_name(&b.ty))
        }
        BodyKind::Text => "impl Into<String>".to_owned(),
        BodyKind::Bytes => "impl Into<Vec<u8>>".to_owned(),
    }
}

/// A type as Rust source, without module paths on named types.
pub fn type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer(i) => i.rust().to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Format(f) => f.public_name().to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", type_name(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", type_name(t)),
        TypeRef::Boxed(t) => format!("Box<{}>", type_name(t)),
    }
}

/// A field's Rust type, `Option` included.
fn field_ty(f: &Field) -> String {
    if f.optional() {
        format!("Option<{}>", type_name(&f.ty))
    } else {
        type_name(&f.ty)
    }
}

/// Where a query or header parameter goes (with its wire name when that is not the Rust one),
/// and its type.
fn param_detail(p: &Param) -> String {
    let place = location(p.location);
    if bare(&p.rust_name) == p.wire_name {
        format!("{place}, {}", param_ty(p))
    } else {
        format!("{place} `{}`, {}", p.wire_name, param_ty(p))
    }
}

/// An identifier without its `r#`.
fn bare(ident: &str) -> &str {
    ident.trim_start_matches("r#")
}

/// A parameter's Rust type, `Option` included.
fn param_ty(p: &Param) -> String {
    if p.required {
        format!("{}, required", type_name(&p.ty))
    } else {
        format!("Option<{}>, optional", type_name(&p.ty))
    }
}

fn presence(f: &Field) -> String {
    let base = required_text(f.required);
    if f.nullable {
        format!("{base}, nullable")
    } else {
        base.to_owned()
    }
}

fn required_text(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn kind_name(t: &TypeDef) -> &'static str {
    match t {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "string enum",
        TypeDef::Tagged(_) => "tagged union",
        TypeDef::Untagged(_) => "untagged union",
        TypeDef::Scope(_) => "path scope",
        TypeDef::Newtype(_) => "newtype",
    }
}

fn origin(t: &TypeDef) -> Option<&str> {
    t.pointer()
}

fn requirements(reqs: &[Vec<String>]) -> String {
    if reqs.is_empty() {
        return "none".to_owned();
    }
    reqs.iter()
        .map(|r| {
            if r.is_empty() {
                "anonymous".to_owned()
            } else {
                r.join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn arrow(old: &str, new: &str) -> String {
    format!("{old} → {new}")
}

fn opt_text(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "none".to_owned())
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| quoted(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a credential goes, as a report line says it.
fn placement(location: &CredentialLocation) -> String {
    match location {
        CredentialLocation::Bearer => "a bearer token".to_owned(),
        CredentialLocation::Basic => "HTTP Basic".to_owned(),
        CredentialLocation::Scheme(s) => format!("Authorization: {s}"),
        CredentialLocation::Header(h) => format!("header {h}"),
        CredentialLocation::Query(q) => format!("query {q}"),
        CredentialLocation::Cookie(c) => format!("cookie {c}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, Origin};

    fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            rust_name: name.to_owned(),
            wire_name: name.to_owned(),
            doc: None,
            ty,
            required,
            nullable: false,
            sensitive: false,
            read_only: false,
        }
    }

    fn with_struct(fields: Vec<Field>) -> Ir {
        let mut ir = Ir::default();
        ir.types.insert(
            "Thing".to_owned(),
            TypeDef::Struct(Struct {
                name: "Thing".to_owned(),
                doc: None,
                fields,
                origin: Origin {
                    pointer: "#/components/schemas/thing".to_owned(),
                },
                tag: None,
                extra: None,
                received_only: false,
            }),
        );
        ir
    }

    #[test]
    fn identical_apis_have_no_changes() {
        let ir = with_struct(vec![field("a", TypeRef::String, true)]);
        let report = diff(&ir, &ir);
        assert!(report.is_empty());
        assert_eq!(report.to_string(), "no API changes\n");
    }

    #[test]
    fn nullable_required_field_is_optional_in_rust() {
        let old = with_struct(vec![]);
        let mut f = field("a", TypeRef::String, true);
        f.nullable = true;
        let new = with_struct(vec![f]);
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1);
        assert!(!report.has_breaking(), "{report}");
    }

    #[test]
    fn swapped_required_fields_break_new() {
        let a = field("a", TypeRef::String, true);
        let b = field("b", TypeRef::String, true);
        let old = with_struct(vec![a.clone(), b.clone()]);
        let new = with_struct(vec![b, a]);
        let report = diff(&old, &new);
        assert!(report.has_breaking());
        assert!(report
            .to_string()
            .contains("arguments of new() reordered: a, b → b, a"));
    }

    #[test]
    fn renamed_type_is_one_change() {
        let mut old = Ir::default();
        let mut new = Ir::default();
        let e = |name: &str| {
            TypeDef::Enum(StringEnum {
                name: name.to_owned(),
                doc: None,
                variants: vec![EnumVariant {
                    rust_name: "On".to_owned(),
                    wire: "on".to_owned(),
                }],
                fallback: "Unknown".to_owned(),
                origin: Origin {
                    pointer: "#/components/schemas/state".to_owned(),
                },
            })
        };
        old.types.insert("State".to_owned(), e("State"));
        new.types.insert("Status".to_owned(), e("Status"));
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1, "{report}");
        assert_eq!(
            report.changes[0].to_string(),
            "changed type       Status: renamed from State"
        );
    }
}

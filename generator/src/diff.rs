//! Comparing two revisions of an API as the generator sees them: what changed in the
//! generated client, and whether it breaks code written against it or the JSON exchanged
//! with the server.
//!
//! Both documents are lowered with the same [`Selection`], and the two IRs are compared, so
//! that what counts is the generated client: key order, `etag` and `revision` are no change,
//! and only the selected resources and the schemas they reach are looked at.
//!
//! Each change gets one [`Class`], the most severe that applies, in this order:
//!
//! - [`Class::WireBreaking`]: JSON or requests that were right for the old revision are refused
//!   or misread with the new one, or the reverse: a removed method, resource, property,
//!   parameter or enum value, a changed type or format, path or HTTP verb, a new required
//!   parameter, a scope a method no longer accepts.
//! - [`Class::SourceBreaking`]: code written against the old client no longer compiles, though
//!   the wire is unchanged: a renamed type, field or method, reordered or fewer method
//!   arguments, a Rust type that changed over the same JSON (a string that became an enum).
//! - [`Class::Additive`]: new methods, resources, types, properties, optional parameters, enum
//!   values, scopes. Generated structs are `#[non_exhaustive]` and built with `new()` and
//!   `with_*` setters, and enums keep unknown values, so none of these breaks a caller.
//! - [`Class::Documentation`]: descriptions and deprecation marks only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::discovery::{self, Document};
use crate::error::Error;
use crate::ir::*;
use crate::lower::{self, Selection, ALL};

/// How a change affects users of the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Requests or responses that were right before are refused or misread now, or the
    /// reverse.
    WireBreaking,
    /// Code written against the old client no longer compiles; the wire is unchanged.
    SourceBreaking,
    /// Something new that breaks nothing.
    Additive,
    /// Descriptions and deprecation marks.
    Documentation,
}

impl Class {
    /// Every class, most severe first.
    pub const ALL: [Class; 4] = [
        Class::WireBreaking,
        Class::SourceBreaking,
        Class::Additive,
        Class::Documentation,
    ];

    /// The class as the reports name it: `wire-breaking`, `source-breaking`, ...
    pub fn label(self) -> &'static str {
        match self {
            Class::WireBreaking => "wire-breaking",
            Class::SourceBreaking => "source-breaking",
            Class::Additive => "additive",
            Class::Documentation => "documentation",
        }
    }

    /// Whether the class breaks callers, at compile time or on the wire.
    pub fn is_breaking(self) -> bool {
        matches!(self, Class::WireBreaking | Class::SourceBreaking)
    }
}

/// What kind of thing a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The API as a whole: its root URL, service path, description.
    Api,
    /// An OAuth 2.0 scope of the API.
    Scope,
    Resource,
    Method,
    /// A method parameter, or a standard parameter (`standard.alt`).
    Parameter,
    /// A schema, or an inline object or enum of a property or parameter.
    Schema,
    Property,
    EnumValue,
}

impl Kind {
    /// The kind as the reports name it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Api => "api",
            Kind::Scope => "scope",
            Kind::Resource => "resource",
            Kind::Method => "method",
            Kind::Parameter => "parameter",
            Kind::Schema => "schema",
            Kind::Property => "property",
            Kind::EnumValue => "enum value",
        }
    }
}

/// One change between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub class: Class,
    pub kind: Kind,
    /// Where, in discovery terms: `accounts.mfaSignIn.start` for a method,
    /// `accounts.mfaSignIn.start.tenantId` for a parameter, `StartMfaSignInRequest` for a
    /// schema (its id), `StartMfaSignInRequest.tenantId` for a property,
    /// `StartMfaSignInRequest.state::ACTIVE` for an enum value.
    pub place: String,
    /// What happened, in a few words: `added`, `removed`, `type changed from string to
    /// integer(int32)`, ...
    pub change: String,
    /// The generated Rust item whose code the change touches, when there is one: the struct
    /// or enum of a schema, property or enum value, the call type of a method or parameter.
    pub item: Option<String>,
}

/// The changes between two revisions of one API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The discovery `name`, for example `identitytoolkit`.
    pub api: String,
    /// The discovery `version`, for example `v2`.
    pub version: String,
    pub old_revision: Option<String>,
    pub new_revision: Option<String>,
    /// The resources compared, as selected (`all` for the whole API).
    pub resources: Vec<String>,
    /// Sorted by class, most severe first, then by place.
    pub changes: Vec<Change>,
}

/// Compares two revisions of an API over the resources `selection` names, and the schemas
/// they reach. A selected resource that only one revision has counts as added or removed.
pub fn diff(old: &Document, new: &Document, selection: &Selection) -> Result<Diff, Error> {
    let old_api = lower::lower(old, &selection_in(old, selection, new)?)?;
    let new_api = lower::lower(new, &selection_in(new, selection, old)?)?;
    Ok(diff_apis(&old_api, &new_api, &selection.resources))
}

/// `selection` without the resources that `document` lacks, which the other revision has.
fn selection_in(
    document: &Document,
    selection: &Selection,
    other: &Document,
) -> Result<Selection, Error> {
    let mut selection = selection.clone();
    // A resource neither revision has stays, for lowering to refuse with the list of those the
    // document does have.
    let (present, missing): (Vec<String>, Vec<String>) =
        selection.resources.iter().cloned().partition(|path| {
            path == ALL || has_resource(document, path) || !has_resource(other, path)
        });
    if present.is_empty() && !missing.is_empty() {
        return Err(Error::Settings(format!(
            "none of the resources {} is in revision {} of {} {}; select one both revisions have",
            missing.join(", "),
            document.revision.as_deref().unwrap_or("?"),
            document.name,
            document.version
        )));
    }
    selection.resources = present;
    // A type name given for a schema that only the other revision has.
    selection
        .type_names
        .retain(|id, _| document.schemas.contains_key(id));
    // Features change no type or call; the diff does not need them worked out.
    selection.resource_features = false;
    Ok(selection)
}

fn has_resource(document: &Document, path: &str) -> bool {
    let mut resources: &BTreeMap<String, discovery::Resource> = &document.resources;
    for part in path.split('.') {
        match resources.get(part) {
            Some(resource) => resources = &resource.resources,
            None => return false,
        }
    }
    true
}

/// Compares two lowered revisions of an API.
pub fn diff_apis(old: &Api, new: &Api, resources: &[String]) -> Diff {
    let mut changes = Changes {
        old,
        new,
        old_types: index(old),
        new_types: index(new),
        list: Vec::new(),
    };
    changes.api();
    changes.resource(&old.root, &new.root);
    changes.types();
    let mut list = changes.list;
    let items = rust_items(old, new);
    for change in &mut list {
        change.item = item_of(change, &items);
    }
    list.sort();
    list.dedup();
    Diff {
        api: new.name.clone(),
        version: new.version.clone(),
        old_revision: old.revision.clone(),
        new_revision: new.revision.clone(),
        resources: resources.to_vec(),
        changes: list,
    }
}

/// The Rust items of both revisions by place: types by [`schema_place`], call types by
/// method path, the newer revision's name where both have one.
fn rust_items(old: &Api, new: &Api) -> BTreeMap<String, String> {
    fn methods(resource: &Resource, items: &mut BTreeMap<String, String>) {
        for method in &resource.methods {
            items.insert(join(&resource.path, &method.json_name), method.call.clone());
        }
        for child in &resource.resources {
            methods(child, items);
        }
    }
    let mut items = BTreeMap::new();
    for api in [old, new] {
        for def in &api.types {
            items.insert(schema_place(type_origin(def)), def.name().to_owned());
        }
        for def in &api.parameter_enums {
            items.insert(schema_place(&def.origin), def.name.clone());
        }
        methods(&api.root, &mut items);
    }
    items.insert("standard".to_owned(), "StandardParameters".to_owned());
    items
}

/// The Rust item a change touches: the owner of a property or parameter, the enum of a value,
/// the type or call of a schema or method.
fn item_of(change: &Change, items: &BTreeMap<String, String>) -> Option<String> {
    let place = change.place.as_str();
    match change.kind {
        // The name may hold dots itself (`$.xgafv`, `@odata.etag`): the owner is the longest
        // prefix that is an item.
        Kind::Property | Kind::Parameter => place
            .rmatch_indices('.')
            .find_map(|(end, _)| items.get(&place[..end])),
        Kind::EnumValue => items.get(place.rsplit_once("::")?.0),
        Kind::Schema | Kind::Method => items.get(place),
        Kind::Api | Kind::Scope | Kind::Resource => None,
    }
    .cloned()
}

struct Changes<'a> {
    old: &'a Api,
    new: &'a Api,
    /// The schema types of each revision, by name.
    old_types: BTreeMap<&'a str, &'a TypeDef>,
    new_types: BTreeMap<&'a str, &'a TypeDef>,
    list: Vec<Change>,
}

fn index(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types.iter().map(|def| (def.name(), def)).collect()
}

impl<'a> Changes<'a> {
    fn push(&mut self, class: Class, kind: Kind, place: &str, change: impl Into<String>) {
        self.list.push(Change {
            class,
            kind,
            place: place.to_owned(),
            change: change.into(),
            item: None,
        });
    }

    fn docs(&mut self, kind: Kind, place: &str, old: &[String], new: &[String]) {
        if old != new {
            self.push(Class::Documentation, kind, place, "description changed");
        }
    }

    fn deprecation(&mut self, kind: Kind, place: &str, old: bool, new: bool) {
        if old != new {
            let change = if new {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Class::Documentation, kind, place, change);
        }
    }

    fn api(&mut self) {
        let (old, new) = (self.old, self.new);
        let place = format!("{} {}", new.name, new.version);
        for (what, before, after) in [
            ("root URL", &old.root_url, &new.root_url),
            ("service path", &old.service_path, &new.service_path),
        ] {
            if before != after {
                let change = format!("{what} changed from `{before}` to `{after}`");
                self.push(Class::WireBreaking, Kind::Api, &place, change);
            }
        }
        self.docs(Kind::Api, &place, &old.docs, &new.docs);

        let old_scopes = by_key(&old.scopes, |s| &s.url);
        let new_scopes = by_key(&new.scopes, |s| &s.url);
        for (url, before, after) in matched(&old_scopes, &new_scopes) {
            match (before, after) {
                (Some(_), None) => self.push(Class::SourceBreaking, Kind::Scope, url, "removed"),
                (None, Some(_)) => self.push(Class::Additive, Kind::Scope, url, "added"),
                (Some(before), Some(after)) => {
                    if before.const_name != after.const_name {
                        let change = format!(
                            "constant renamed from `{}` to `{}`",
                            before.const_name, after.const_name
                        );
                        self.push(Class::SourceBreaking, Kind::Scope, url, change);
                    }
                    self.docs(Kind::Scope, url, &before.docs, &after.docs);
                }
                (None, None) => {}
            }
        }

        self.parameters(
            "standard",
            &old.standard_parameters,
            &new.standard_parameters,
            &[],
            &[],
        );
        self.enums(&old.parameter_enums, &new.parameter_enums);
    }

    fn resource(&mut self, old: &Resource, new: &Resource) {
        let old_methods = by_key(&old.methods, |m| &m.json_name);
        let new_methods = by_key(&new.methods, |m| &m.json_name);
        for (name, before, after) in matched(&old_methods, &new_methods) {
            let place = join(&new.path, name);
            match (before, after) {
                (Some(_), None) => self.push(Class::WireBreaking, Kind::Method, &place, "removed"),
                (None, Some(_)) => self.push(Class::Additive, Kind::Method, &place, "added"),
                (Some(before), Some(after)) => self.method(&place, before, after),
                (None, None) => {}
            }
        }

        let old_children = by_key(&old.resources, |r| &r.json_name);
        let new_children = by_key(&new.resources, |r| &r.json_name);
        for (name, before, after) in matched(&old_children, &new_children) {
            let place = join(&new.path, name);
            match (before, after) {
                (Some(_), None) => {
                    self.push(Class::WireBreaking, Kind::Resource, &place, "removed")
                }
                (None, Some(_)) => self.push(Class::Additive, Kind::Resource, &place, "added"),
                (Some(before), Some(after)) => {
                    if before.module != after.module || before.handle != after.handle {
                        let change = format!(
                            "Rust name changed from `{}` to `{}`",
                            before.module, after.module
                        );
                        self.push(Class::SourceBreaking, Kind::Resource, &place, change);
                    }
                    self.resource(before, after);
                }
                (None, None) => {}
            }
        }

        self.enums(&old.parameter_enums, &new.parameter_enums);
    }

    fn method(&mut self, place: &str, old: &Method, new: &Method) {
        if old.http_method != new.http_method {
            let change = format!(
                "HTTP verb changed from {} to {}",
                old.http_method, new.http_method
            );
            self.push(Class::WireBreaking, Kind::Method, place, change);
        }
        if old.path_template != new.path_template {
            let change = format!(
                "path changed from `{}` to `{}`",
                old.path_template, new.path_template
            );
            self.push(Class::WireBreaking, Kind::Method, place, change);
        }
        if old.name != new.name || old.call != new.call {
            let change = format!("Rust name changed from `{}` to `{}`", old.name, new.name);
            self.push(Class::SourceBreaking, Kind::Method, place, change);
        }
        if let (Some(before), Some(after)) = (&old.media_upload, &new.media_upload) {
            if before.path != after.path {
                let change = format!(
                    "upload path changed from `{}` to `{}`",
                    path_text(&before.path),
                    path_text(&after.path)
                );
                self.push(Class::WireBreaking, Kind::Method, place, change);
            }
        }
        self.body(place, "request", old.request.as_ref(), new.request.as_ref());
        self.body(
            place,
            "response",
            old.response.as_ref(),
            new.response.as_ref(),
        );

        let old_scopes: BTreeSet<&String> = old.scopes.iter().collect();
        let new_scopes: BTreeSet<&String> = new.scopes.iter().collect();
        for scope in old_scopes.difference(&new_scopes) {
            let change = format!("no longer accepts the scope {scope}");
            self.push(Class::WireBreaking, Kind::Method, place, change);
        }
        for scope in new_scopes.difference(&old_scopes) {
            let change = format!("also accepts the scope {scope}");
            self.push(Class::Additive, Kind::Method, place, change);
        }

        for (what, before, after) in [
            (
                "media upload",
                old.supports_media_upload,
                new.supports_media_upload,
            ),
            (
                "media download",
                old.supports_media_download,
                new.supports_media_download,
            ),
            ("paging", old.paging.is_some(), new.paging.is_some()),
        ] {
            match (before, after) {
                // Paging goes with `pageToken` or `nextPageToken`, whose removal is reported
                // on the wire; here it is `pages()` that goes.
                (true, false) if what == "paging" => self.push(
                    Class::SourceBreaking,
                    Kind::Method,
                    place,
                    format!("{what} removed"),
                ),
                (true, false) => self.push(
                    Class::WireBreaking,
                    Kind::Method,
                    place,
                    format!("{what} removed"),
                ),
                (false, true) => self.push(
                    Class::Additive,
                    Kind::Method,
                    place,
                    format!("{what} added"),
                ),
                _ => {}
            }
        }
        self.docs(Kind::Method, place, &old.docs, &new.docs);
        self.deprecation(Kind::Method, place, old.deprecated, new.deprecated);

        let old_all: Vec<Parameter> = old.required.iter().chain(&old.optional).cloned().collect();
        let new_all: Vec<Parameter> = new.required.iter().chain(&new.optional).cloned().collect();
        self.parameters(place, &old_all, &new_all, &old.required, &new.required);
    }

    /// A request or response body.
    fn body(&mut self, place: &str, what: &str, old: Option<&Type>, new: Option<&Type>) {
        match (old, new) {
            // The new client ignores whatever body comes back: only the return type changes.
            (Some(_), None) if what == "response" => self.push(
                Class::SourceBreaking,
                Kind::Method,
                place,
                format!("{what} body removed"),
            ),
            (Some(_), None) => self.push(
                Class::WireBreaking,
                Kind::Method,
                place,
                format!("{what} body removed"),
            ),
            (None, Some(_)) => self.push(
                Class::WireBreaking,
                Kind::Method,
                place,
                format!("{what} body added"),
            ),
            (Some(before), Some(after)) => {
                if let Some((class, change)) = self.type_change(before, after) {
                    let change = format!("{what} body {change}");
                    self.push(class, Kind::Method, place, change);
                }
            }
            (None, None) => {}
        }
    }

    /// Parameters matched by wire name; `old_required` and `new_required` are the method's
    /// arguments, in order.
    fn parameters(
        &mut self,
        owner: &str,
        old: &[Parameter],
        new: &[Parameter],
        old_required: &[Parameter],
        new_required: &[Parameter],
    ) {
        let required = |list: &[Parameter], name: &str| list.iter().any(|p| p.wire_name == name);
        let old_map = by_key(old, |p| &p.wire_name);
        let new_map = by_key(new, |p| &p.wire_name);
        for (name, before, after) in matched(&old_map, &new_map) {
            let place = join(owner, name);
            let was_required = required(old_required, name);
            let is_required = required(new_required, name);
            match (before, after) {
                (Some(_), None) => {
                    self.push(Class::WireBreaking, Kind::Parameter, &place, "removed")
                }
                (None, Some(_)) if is_required => self.push(
                    Class::WireBreaking,
                    Kind::Parameter,
                    &place,
                    "added, required",
                ),
                (None, Some(_)) => {
                    self.push(Class::Additive, Kind::Parameter, &place, "added, optional")
                }
                (Some(before), Some(after)) => {
                    self.parameter(&place, before, after, was_required, is_required)
                }
                (None, None) => {}
            }
        }

        // The arguments both revisions have, in their order.
        let order = |list: &[Parameter], other: &[Parameter]| -> Vec<String> {
            list.iter()
                .filter(|p| required(other, &p.wire_name))
                .map(|p| p.wire_name.clone())
                .collect()
        };
        let (before, after) = (
            order(old_required, new_required),
            order(new_required, old_required),
        );
        if before != after {
            let change = format!(
                "arguments reordered from ({}) to ({})",
                before.join(", "),
                after.join(", ")
            );
            self.push(Class::SourceBreaking, Kind::Method, owner, change);
        }
    }

    fn parameter(
        &mut self,
        place: &str,
        old: &Parameter,
        new: &Parameter,
        was_required: bool,
        is_required: bool,
    ) {
        match (was_required, is_required) {
            (false, true) => self.push(
                Class::WireBreaking,
                Kind::Parameter,
                place,
                "became required",
            ),
            (true, false) => self.push(
                Class::SourceBreaking,
                Kind::Parameter,
                place,
                "became optional: a setter instead of an argument",
            ),
            _ => {}
        }
        if old.location != new.location {
            let change = format!(
                "moved from the {} to the {}",
                location(old.location),
                location(new.location)
            );
            self.push(Class::WireBreaking, Kind::Parameter, place, change);
        }
        match (old.repeated, new.repeated) {
            (true, false) => self.push(
                Class::WireBreaking,
                Kind::Parameter,
                place,
                "no longer repeated",
            ),
            (false, true) => self.push(
                Class::SourceBreaking,
                Kind::Parameter,
                place,
                "now repeated",
            ),
            _ => {}
        }
        if let Some((class, change)) = self.type_change(&old.ty, &new.ty) {
            self.push(class, Kind::Parameter, place, change);
        }
        if old.name != new.name {
            let change = format!("Rust name changed from `{}` to `{}`", old.name, new.name);
            self.push(Class::SourceBreaking, Kind::Parameter, place, change);
        }
        self.docs(Kind::Parameter, place, &old.docs, &new.docs);
        self.deprecation(Kind::Parameter, place, old.deprecated, new.deprecated);
    }

    /// Schema types, matched by where they come from in the document (the schema id, or the
    /// JSON path of an inline type), so that a renamed type is a rename.
    fn types(&mut self) {
        let by_origin = |api: &'a Api| -> BTreeMap<&'a str, &'a TypeDef> {
            api.types
                .iter()
                .map(|def| (type_origin(def), def))
                .collect()
        };
        let (old, new) = (by_origin(self.old), by_origin(self.new));
        for (origin, before, after) in matched(&old, &new) {
            let place = schema_place(origin);
            // An inline type comes and goes with its property, which reports it.
            let inline = is_inline(origin);
            match (before, after) {
                (Some(_), None) | (None, Some(_)) if inline => {}
                (Some(before), None) => {
                    let change = named("removed", &place, before.name());
                    self.push(Class::SourceBreaking, Kind::Schema, &place, change);
                }
                (None, Some(after)) => {
                    let change = named("added", &place, after.name());
                    self.push(Class::Additive, Kind::Schema, &place, change);
                }
                (Some(before), Some(after)) => self.type_def(&place, origin, before, after),
                (None, None) => {}
            }
        }
    }

    fn type_def(&mut self, place: &str, origin: &str, old: &TypeDef, new: &TypeDef) {
        if old.name() != new.name() {
            let change = format!("type renamed from `{}` to `{}`", old.name(), new.name());
            self.push(Class::SourceBreaking, Kind::Schema, place, change);
        }
        // An inline type takes its description from its property, which reports it.
        let inline = is_inline(origin);
        match (old, new) {
            (TypeDef::Struct(before), TypeDef::Struct(after)) => {
                if !inline {
                    self.docs(Kind::Schema, place, &before.docs, &after.docs);
                }
                self.deprecation(Kind::Schema, place, before.deprecated, after.deprecated);
                self.fields(place, before, after);
            }
            (TypeDef::Enum(before), TypeDef::Enum(after)) => {
                if !inline {
                    self.docs(Kind::Schema, place, &before.docs, &after.docs);
                }
                self.variants(place, before, after);
            }
            (TypeDef::Alias(before), TypeDef::Alias(after)) => {
                if !inline {
                    self.docs(Kind::Schema, place, &before.docs, &after.docs);
                }
                if let Some((class, change)) = self.type_change(&before.ty, &after.ty) {
                    self.push(class, Kind::Schema, place, change);
                }
            }
            _ => {
                let change = format!("changed from {} to {}", type_kind(old), type_kind(new));
                self.push(Class::WireBreaking, Kind::Schema, place, change);
            }
        }
    }

    fn fields(&mut self, place: &str, old: &Struct, new: &Struct) {
        let old_fields = by_key(&old.fields, |f| &f.json_name);
        let new_fields = by_key(&new.fields, |f| &f.json_name);
        for (name, before, after) in matched(&old_fields, &new_fields) {
            let place = join(place, name);
            match (before, after) {
                (Some(_), None) => {
                    self.push(Class::WireBreaking, Kind::Property, &place, "removed")
                }
                (None, Some(after)) => {
                    let change = format!("added, {}", self.new_wire(&after.ty));
                    self.push(Class::Additive, Kind::Property, &place, change);
                }
                (Some(before), Some(after)) => {
                    if let Some((class, change)) = self.type_change(&before.ty, &after.ty) {
                        self.push(class, Kind::Property, &place, change);
                    }
                    if before.name != after.name {
                        let change = format!(
                            "Rust name changed from `{}` to `{}`",
                            before.name, after.name
                        );
                        self.push(Class::SourceBreaking, Kind::Property, &place, change);
                    }
                    self.docs(Kind::Property, &place, &before.docs, &after.docs);
                    self.deprecation(Kind::Property, &place, before.deprecated, after.deprecated);
                }
                (None, None) => {}
            }
        }
        let place = join(place, "additionalProperties");
        match (&old.additional_properties, &new.additional_properties) {
            (Some(_), None) => self.push(Class::WireBreaking, Kind::Property, &place, "removed"),
            (None, Some(_)) => self.push(Class::Additive, Kind::Property, &place, "added"),
            (Some(before), Some(after)) => {
                if let Some((class, change)) = self.type_change(before, after) {
                    self.push(class, Kind::Property, &place, change);
                }
            }
            (None, None) => {}
        }
    }

    fn enums(&mut self, old: &[Enum], new: &[Enum]) {
        let old_map = by_key(old, |e| &e.origin);
        let new_map = by_key(new, |e| &e.origin);
        for (origin, before, after) in matched(&old_map, &new_map) {
            let place = schema_place(origin);
            // A parameter's enum comes and goes with its parameter, which reports it.
            if let (Some(before), Some(after)) = (before, after) {
                if before.name != after.name {
                    let change = format!("type renamed from `{}` to `{}`", before.name, after.name);
                    self.push(Class::SourceBreaking, Kind::Schema, &place, change);
                }
                self.variants(&place, before, after);
            }
        }
    }

    fn variants(&mut self, place: &str, old: &Enum, new: &Enum) {
        let old_values = by_key(&old.variants, |v| &v.value);
        let new_values = by_key(&new.variants, |v| &v.value);
        for (value, before, after) in matched(&old_values, &new_values) {
            let place = format!("{place}::{value}");
            match (before, after) {
                (Some(_), None) => {
                    self.push(Class::WireBreaking, Kind::EnumValue, &place, "removed")
                }
                (None, Some(_)) => self.push(Class::Additive, Kind::EnumValue, &place, "added"),
                (Some(before), Some(after)) => {
                    if before.name != after.name {
                        let change = format!(
                            "Rust name changed from `{}` to `{}`",
                            before.name, after.name
                        );
                        self.push(Class::SourceBreaking, Kind::EnumValue, &place, change);
                    }
                    self.docs(Kind::EnumValue, &place, &before.docs, &after.docs);
                    self.deprecation(Kind::EnumValue, &place, before.deprecated, after.deprecated);
                }
                (None, None) => {}
            }
        }
    }

    /// How a type changed, if it did: wire-breaking when the JSON differs, source-breaking
    /// when only the Rust type does.
    fn type_change(&self, old: &Type, new: &Type) -> Option<(Class, String)> {
        let (old_wire, new_wire) = (wire(old, &self.old_types), wire(new, &self.new_types));
        if old_wire != new_wire {
            return Some((
                Class::WireBreaking,
                format!("type changed from {old_wire} to {new_wire}"),
            ));
        }
        let (old_rust, new_rust) = (rust(old), rust(new));
        (old_rust != new_rust).then(|| {
            (
                Class::SourceBreaking,
                format!("Rust type changed from `{old_rust}` to `{new_rust}`"),
            )
        })
    }

    fn new_wire(&self, ty: &Type) -> String {
        wire(ty, &self.new_types)
    }
}

/// `items` by the key `key` gives each.
fn by_key<'x, T>(items: &'x [T], key: impl Fn(&'x T) -> &'x String) -> BTreeMap<&'x str, &'x T> {
    items
        .iter()
        .map(|item| (key(item).as_str(), item))
        .collect()
}

/// The keys of both maps, each with its value in either.
fn matched<'m, K: Ord + Copy, V>(
    old: &'m BTreeMap<K, V>,
    new: &'m BTreeMap<K, V>,
) -> Vec<(K, Option<&'m V>, Option<&'m V>)> {
    let keys: BTreeSet<K> = old.keys().chain(new.keys()).copied().collect();
    keys.into_iter()
        .map(|key| (key, old.get(&key), new.get(&key)))
        .collect()
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A path as the document writes it: `/upload/v1/{+parent}/things`.
fn path_text(path: &[PathSegment]) -> String {
    path.iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Simple(name) => format!("{{{name}}}"),
            PathSegment::Reserved(name) => format!("{{+{name}}}"),
        })
        .collect()
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
    }
}

fn type_origin(def: &TypeDef) -> &str {
    match def {
        TypeDef::Struct(def) => &def.origin,
        TypeDef::Enum(def) => &def.origin,
        TypeDef::Alias(def) => &def.origin,
    }
}

/// `added`, or `added as type `Name`` where the type's name is not the schema's.
fn named(what: &str, place: &str, name: &str) -> String {
    if place == name {
        what.to_owned()
    } else {
        format!("{what}, type `{name}`")
    }
}

/// Whether a type is defined inside a schema or a parameter rather than as a schema of its own.
fn is_inline(origin: &str) -> bool {
    origin
        .strip_prefix("schemas.")
        .map_or(true, |id| id.contains('.'))
}

fn type_kind(def: &TypeDef) -> &'static str {
    match def {
        TypeDef::Struct(_) => "an object",
        TypeDef::Enum(_) => "an enum",
        TypeDef::Alias(_) => "a non-object type",
    }
}

/// A type's JSON path as a place: `Foo` for `schemas.Foo`, `Foo.bar` for
/// `schemas.Foo.properties.bar`, `accounts.list.view` for a parameter's enum.
pub fn schema_place(origin: &str) -> String {
    let rest = origin
        .strip_prefix("schemas.")
        .or_else(|| origin.strip_prefix("resources."))
        .unwrap_or(origin);
    let mut place = String::with_capacity(rest.len());
    // Whether the next segment is a name (of a schema, property, resource, method or
    // parameter) rather than a key of the discovery format.
    let mut name_next = true;
    for segment in rest.split('.') {
        if name_next {
            if !place.is_empty() {
                place.push('.');
            }
            place.push_str(segment);
            name_next = false;
            continue;
        }
        match segment {
            "properties" | "resources" | "methods" | "parameters" => name_next = true,
            "items" => place.push_str("[]"),
            "additionalProperties" => place.push_str("{}"),
            // The rest of a name with a dot in it.
            _ => {
                place.push('.');
                place.push_str(segment);
            }
        }
    }
    place
}

/// A type as JSON sees it: `string`, `integer(int32)`, `string(int64)`, `object`, `array of
/// string`, ... Enums are strings, and objects are compared by their own changes.
fn wire(ty: &Type, types: &BTreeMap<&str, &TypeDef>) -> String {
    match ty {
        Type::String => "string".to_owned(),
        Type::Bool => "boolean".to_owned(),
        Type::Int32 => "integer(int32)".to_owned(),
        Type::Uint32 => "integer(uint32)".to_owned(),
        Type::Int64 => "string(int64)".to_owned(),
        Type::Uint64 => "string(uint64)".to_owned(),
        Type::Float => "number(float)".to_owned(),
        Type::Double => "number(double)".to_owned(),
        Type::Bytes => "string(byte)".to_owned(),
        Type::DateTime => "string(date-time)".to_owned(),
        Type::Duration => "string(google-duration)".to_owned(),
        Type::FieldMask => "string(google-fieldmask)".to_owned(),
        Type::Date => "string(date)".to_owned(),
        Type::Any => "any".to_owned(),
        Type::Named {
            name,
            home: TypeHome::Model,
            ..
        } => match types.get(name.as_str()) {
            Some(TypeDef::Struct(def)) => format!("object {}", schema_place(&def.origin)),
            Some(TypeDef::Alias(def)) => wire(&def.ty, types),
            Some(TypeDef::Enum(_)) | None => "string".to_owned(),
        },
        // The enums of parameters, which live beside their resource or the hub.
        Type::Named { .. } => "string".to_owned(),
        Type::Array(inner) => format!("array of {}", wire(inner, types)),
        Type::Map(inner) => format!("map of {}", wire(inner, types)),
    }
}

/// A type as Rust code names it.
fn rust(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Int32 => "i32".to_owned(),
        Type::Uint32 => "u32".to_owned(),
        Type::Int64 => "i64".to_owned(),
        Type::Uint64 => "u64".to_owned(),
        Type::Float => "f32".to_owned(),
        Type::Double => "f64".to_owned(),
        Type::Bytes => "Bytes".to_owned(),
        Type::DateTime => "DateTime".to_owned(),
        Type::Duration => "Duration".to_owned(),
        Type::FieldMask => "FieldMask".to_owned(),
        Type::Date => "Date".to_owned(),
        Type::Any => "Value".to_owned(),
        Type::Named { name, boxed, .. } if *boxed => format!("Box<{name}>"),
        Type::Named { name, .. } => name.clone(),
        Type::Array(inner) => format!("Vec<{}>", rust(inner)),
        Type::Map(inner) => format!("BTreeMap<String, {}>", rust(inner)),
    }
}

impl Diff {
    /// How many changes of `class` there are.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// How many changes break callers, at compile time or on the wire.
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.class.is_breaking())
            .count()
    }

    /// `identitytoolkit v2 20241024 -> 20250130`.
    pub fn title(&self) -> String {
        let revision = |r: &Option<String>| r.clone().unwrap_or_else(|| "?".to_owned());
        format!(
            "{} {} {} -> {}",
            self.api,
            self.version,
            revision(&self.old_revision),
            revision(&self.new_revision)
        )
    }

    /// `2 breaking (1 wire, 1 source), 3 additive, 4 documentation`.
    pub fn counts(&self) -> String {
        format!(
            "{} breaking ({} wire, {} source), {} additive, {} documentation",
            self.breaking(),
            self.count(Class::WireBreaking),
            self.count(Class::SourceBreaking),
            self.count(Class::Additive),
            self.count(Class::Documentation)
        )
    }

    /// One line: the title and the counts.
    pub fn summary(&self) -> String {
        format!("{}: {}", self.title(), self.counts())
    }

    /// For people: the changes grouped by class, most severe first, the class names coloured
    /// with ANSI escapes when `color` is set.
    pub fn to_text(&self, color: bool) -> String {
        let mut out = format!("{} ({})\n", self.title(), self.resources.join(", "));
        for class in Class::ALL {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let heading = format!("{} ({})", class.label(), changes.len());
            let _ = if color {
                let code = match class {
                    Class::WireBreaking => "1;31",
                    Class::SourceBreaking => "1;33",
                    Class::Additive => "1;32",
                    Class::Documentation => "1;2",
                };
                writeln!(out, "\n\x1b[{code}m{heading}\x1b[0m")
            } else {
                writeln!(out, "\n{heading}")
            };
            for change in changes {
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    change.kind.label(),
                    change.place,
                    change.change
                );
            }
        }
        let _ = writeln!(out, "\n{}", self.counts());
        out
    }

    /// For a pull request or a changelog: a heading, the counts, and a table per class with
    /// the place, the change and the generated Rust item it touches.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title().replace(" -> ", " → "));
        let _ = writeln!(out, "Resources: {}.\n", self.resources.join(", "));
        let _ = writeln!(out, "**{}**", self.counts());
        for class in Class::ALL {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let label = class.label();
            let mut title = label[..1].to_uppercase();
            title.push_str(&label[1..]);
            let _ = write!(
                out,
                "\n#### {title} ({})\n\n| Place | Change | Rust item |\n|---|---|---|\n",
                changes.len()
            );
            for change in changes {
                let item = change
                    .item
                    .as_deref()
                    .map_or(String::new(), |item| format!("`{item}`"));
                let _ = writeln!(
                    out,
                    "| {} `{}` | {} | {item} |",
                    change.kind.label(),
                    change.place.replace('|', "\\|"),
                    change.change.replace('|', "\\|")
                );
            }
        }
        out
    }

    /// For tools: the shape the README documents.
    pub fn to_json(&self) -> serde_json::Value {
        let summary: serde_json::Map<String, serde_json::Value> = Class::ALL
            .iter()
            .map(|&class| (class.label().to_owned(), self.count(class).into()))
            .collect();
        serde_json::json!({
            "api": self.api,
            "version": self.version,
            "old_revision": self.old_revision,
            "new_revision": self.new_revision,
            "resources": self.resources,
            "summary": summary,
            "changes": self.changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keep_names_that_are_also_keys_of_the_format() {
        for (origin, place) in [
            ("schemas.Foo", "Foo"),
            ("schemas.Foo.properties.bar", "Foo.bar"),
            (
                "schemas.Foo.properties.resources.items.properties.bar",
                "Foo.resources[].bar",
            ),
            (
                "schemas.Foo.properties.itemsCount.additionalProperties",
                "Foo.itemsCount{}",
            ),
            ("schemas.Foo.properties.@odata.etag", "Foo.@odata.etag"),
            (
                "resources.accounts.methods.list.parameters.view",
                "accounts.list.view",
            ),
        ] {
            assert_eq!(schema_place(origin), place, "{origin}");
        }
    }

    #[test]
    fn the_item_of_a_dotted_parameter_is_its_owner() {
        let items = BTreeMap::from([("standard".to_owned(), "StandardParameters".to_owned())]);
        let change = Change {
            class: Class::WireBreaking,
            kind: Kind::Parameter,
            place: "standard.$.xgafv".to_owned(),
            change: "removed".to_owned(),
            item: None,
        };
        assert_eq!(
            item_of(&change, &items).as_deref(),
            Some("StandardParameters")
        );
    }
}

//! Lowering: from the discovery model to the IR.
//!
//! This is where every decision is made: which resources and schemas are generated, what each
//! is called in Rust, how each JSON type maps to a Rust type, which fields must be boxed to
//! break a cycle. Bad input is refused here with the JSON path of the offending value.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;

use crate::discovery::{self, Document, Schema};
use crate::docs::to_rustdoc;
use crate::error::Error;
use crate::ir::*;
use crate::names::{camel, snake};

/// What to generate from one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The Rust module of the API; the document's version when `None`.
    pub module: Option<String>,
    /// Dotted resource paths such as `accounts.mfaSignIn`, or `all`.
    pub resources: Vec<String>,
    /// Prefixes removed from schema ids to name their types; the first that matches is used.
    pub schema_prefixes: Vec<String>,
    /// Type names chosen by hand, by schema id: for two schemas that would get the same name.
    pub type_names: BTreeMap<String, String>,
    /// JSON names of the properties and parameters that hold secrets, which `Debug` output
    /// hides; [`DEFAULT_SECRET_FIELDS`] unless chosen.
    pub secret_fields: Vec<String>,
    /// Gate each top-level resource, and the types only it uses, behind a cargo feature of
    /// its own, so that a crate of a large API compiles only what its user enables.
    pub resource_features: bool,
}

impl Selection {
    /// The named resources (or `all`), with no prefixes or type names, and the default secrets.
    pub fn new(resources: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Selection {
            module: None,
            resources: resources.into_iter().map(Into::into).collect(),
            schema_prefixes: Vec::new(),
            type_names: BTreeMap::new(),
            secret_fields: DEFAULT_SECRET_FIELDS
                .iter()
                .map(|&name| name.to_owned())
                .collect(),
            resource_features: false,
        }
    }
}

/// The JSON names of properties and parameters that usually hold credentials: passwords,
/// tokens, one-time codes, session handles and key material, as Google's identity APIs name
/// them, and the standard parameters that carry an API key or an access token.
pub const DEFAULT_SECRET_FIELDS: &[&str] = &[
    "access_token",
    "accessToken",
    "androidVerificationProof",
    "apiKey",
    "clientSecret",
    "code",
    "idToken",
    "iosSecret",
    "key",
    "mfaPendingCredential",
    "newPassword",
    "oauth_token",
    "oauthAccessToken",
    "oauthAuthorizationCode",
    "oauthIdToken",
    "oauthRefreshToken",
    "oauthTokenSecret",
    "oldPassword",
    "oobCode",
    "password",
    "passwordHash",
    "pendingIdToken",
    "pendingToken",
    "playIntegrityToken",
    "postBody",
    "privateKey",
    "rawPassword",
    "recaptchaToken",
    "refreshToken",
    "safetyNetToken",
    "salt",
    "secret",
    "sessionCookie",
    "sessionInfo",
    "sharedSecretKey",
    "signerKey",
    "temporaryProof",
    "token",
    "totpSessionInfo",
    "verificationCode",
    "verificationProof",
];

/// The selection keyword that generates the whole API.
pub const ALL: &str = "all";

/// The fields every call type has, which a required parameter cannot be named.
const CALL_FIELDS: [&str; 3] = ["hub", "request", "standard"];

/// Lowers a document to the IR of the selected part of the API.
pub fn lower(document: &Document, selection: &Selection) -> Result<Api, Error> {
    if document.is_directory_list() {
        return Err(Error::invalid(
            "kind",
            "this is a list of discovery documents (`discovery#directoryList`), not an API; \
             generate from the documents it lists",
        ));
    }
    let module = match &selection.module {
        Some(module) if snake(module, "module")? == *module => module.clone(),
        Some(module) => {
            return Err(Error::Settings(format!(
                "the module name {module:?} is not a snake_case Rust identifier"
            )));
        }
        None => snake(&document.version, "version")?,
    };
    let hub_source = document.canonical_name.as_deref().unwrap_or(&document.name);
    let hub = camel(hub_source, "canonicalName")?;

    let chosen = choose_resources(document, &selection.resources)?;
    let mut lowering = Lowering {
        document,
        type_names: BTreeMap::new(),
        name_origins: BTreeMap::new(),
        types: Vec::new(),
        scope_names: scope_names(document)?,
        secret_fields: selection.secret_fields.iter().cloned().collect(),
    };

    for id in selection.type_names.keys() {
        if !document.schemas.contains_key(id) {
            return Err(Error::Settings(format!(
                "a type name is given for the schema `{id}`, which the document does not define"
            )));
        }
    }
    let roots = lowering.reachable_schemas(&chosen)?;
    lowering.name_schemas(&roots, selection)?;
    for id in &roots {
        let name = lowering.type_names[id].clone();
        let schema = &document.schemas[id];
        lowering.lower_schema(&name, schema, &format!("schemas.{id}"))?;
    }
    let mut standard_sink = Vec::new();
    let mut standard_parameters = Vec::new();
    for (wire_name, schema) in &document.parameters {
        let path = format!("parameters.{wire_name}");
        let enum_name = camel(wire_name, &path)?;
        let parameter = lowering.lower_parameter(
            wire_name,
            schema,
            &path,
            &enum_name,
            TypeHome::Api,
            &mut standard_sink,
        )?;
        standard_parameters.push(parameter);
    }
    let parameter_enums = into_enums(standard_sink, "parameters")?;
    let standard_setters: BTreeSet<String> = standard_parameters
        .iter()
        .map(|parameter| parameter.name.clone())
        .collect();

    let root = lowering.lower_resource(
        &RootOrResource::Root(document),
        "",
        "",
        module.clone(),
        hub.clone(),
        &chosen,
        &standard_setters,
    )?;
    check_api_module_names(&root, &hub, &parameter_enums)?;

    let features = if selection.resource_features {
        Some(lowering.resource_features(&root)?)
    } else {
        None
    };

    // Methods may have added inline body types; box and sort only now that all are known.
    refuse_alias_cycles(&lowering.types)?;
    box_recursive_fields(&mut lowering.types);
    lowering.types.sort_by(|a, b| a.name().cmp(b.name()));

    let mut scopes: Vec<Scope> = lowering
        .scope_names
        .iter()
        .map(|(url, const_name)| Scope {
            const_name: const_name.clone(),
            url: url.clone(),
            docs: document
                .auth
                .as_ref()
                .and_then(|auth| auth.oauth2.as_ref())
                .and_then(|oauth2| oauth2.scopes.get(url))
                .and_then(|info| info.description.as_deref())
                .map(to_rustdoc)
                .unwrap_or_default(),
        })
        .collect();
    scopes.sort_by(|a, b| a.const_name.cmp(&b.const_name));

    let title = document
        .title
        .clone()
        .unwrap_or_else(|| document.name.clone());
    Ok(Api {
        module,
        name: document.name.clone(),
        version: document.version.clone(),
        revision: document.revision.clone(),
        docs: document
            .description
            .as_deref()
            .map(to_rustdoc)
            .unwrap_or_default(),
        title,
        documentation_link: document.documentation_link.clone(),
        hub,
        root_url: document.root_url.clone(),
        service_path: document.service_path.clone(),
        batch_path: document.batch_path.clone(),
        scopes,
        standard_parameters,
        parameter_enums,
        types: lowering.types,
        root,
        features,
    })
}

/// Refuses a top-level resource or method whose Rust name is one the API module already uses
/// for its own items.
fn check_api_module_names(
    root: &Resource,
    hub: &str,
    parameter_enums: &[Enum],
) -> Result<(), Error> {
    let mut taken: Vec<&str> = vec!["model", "scopes", "StandardParameters", hub];
    taken.extend(parameter_enums.iter().map(|def| def.name.as_str()));
    for resource in &root.resources {
        if taken.contains(&resource.module.as_str()) {
            return Err(Error::invalid(
                format!("resources.{}", resource.json_name),
                format!(
                    "its module name `{}` is taken by the API module's own `{}`",
                    resource.module, resource.module
                ),
            ));
        }
    }
    for method in &root.methods {
        if taken.contains(&method.call.as_str()) {
            return Err(Error::invalid(
                format!("methods.{}", method.json_name),
                format!(
                    "its call type `{}` is taken by the API module's own `{}`",
                    method.call, method.call
                ),
            ));
        }
    }
    Ok(())
}

/// The resources to generate, as dotted paths. A path selects its resource with all the
/// resources below it; the resources above it are generated as handles only.
#[derive(Debug)]
struct Chosen {
    all: bool,
    paths: BTreeSet<String>,
}

impl Chosen {
    /// Whether the resource at `path` is generated with its methods.
    fn includes(&self, path: &str) -> bool {
        self.all
            || self.paths.iter().any(|chosen| {
                path == chosen
                    || path
                        .strip_prefix(chosen.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
    }

    /// Whether the resource at `path` has to be generated at all, if only as a handle.
    fn touches(&self, path: &str) -> bool {
        self.includes(path)
            || self.paths.iter().any(|chosen| {
                chosen
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
    }
}

fn choose_resources(document: &Document, requested: &[String]) -> Result<Chosen, Error> {
    if requested.is_empty() {
        return Err(Error::Settings(format!(
            "no resources selected for `{}`; name them, or `{ALL}` for the whole API",
            document.name
        )));
    }
    let mut chosen = Chosen {
        all: false,
        paths: BTreeSet::new(),
    };
    for path in requested {
        if path == ALL {
            chosen.all = true;
            continue;
        }
        let mut resources = &document.resources;
        for part in path.split('.') {
            match resources.get(part) {
                Some(resource) => resources = &resource.resources,
                None => {
                    let mut available = Vec::new();
                    resource_paths(&document.resources, "", &mut available);
                    return Err(Error::UnknownResource {
                        resource: path.clone(),
                        available: available.join(", "),
                    });
                }
            }
        }
        chosen.paths.insert(path.clone());
    }
    Ok(chosen)
}

fn resource_paths(
    resources: &BTreeMap<String, discovery::Resource>,
    prefix: &str,
    out: &mut Vec<String>,
) {
    for (name, resource) in resources {
        let path = format!("{prefix}{name}");
        out.push(path.clone());
        resource_paths(&resource.resources, &format!("{path}."), out);
    }
}

/// Names every scope the document mentions, in `auth` or on a method.
fn scope_names(document: &Document) -> Result<BTreeMap<String, String>, Error> {
    let mut urls = BTreeSet::new();
    if let Some(oauth2) = document.auth.as_ref().and_then(|auth| auth.oauth2.as_ref()) {
        urls.extend(oauth2.scopes.keys().cloned());
    }
    fn collect(resource: &discovery::Resource, urls: &mut BTreeSet<String>) {
        for method in resource.methods.values() {
            urls.extend(method.scopes.iter().cloned());
        }
        for child in resource.resources.values() {
            collect(child, urls);
        }
    }
    for method in document.methods.values() {
        urls.extend(method.scopes.iter().cloned());
    }
    for resource in document.resources.values() {
        collect(resource, &mut urls);
    }

    let mut names = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for url in urls {
        let short = url
            .strip_prefix("https://www.googleapis.com/auth/")
            .or_else(|| url.strip_prefix("https://"))
            .unwrap_or(&url);
        let path = format!("auth.oauth2.scopes.{url}");
        let mut const_name = snake(short, &path)?
            .trim_end_matches('_')
            .to_shouty_snake_case();
        if const_name.is_empty() || const_name.starts_with(|c: char| c.is_ascii_digit()) {
            const_name.insert_str(0, "SCOPE_");
        }
        if let Some(other) = taken.insert(const_name.clone(), url.clone()) {
            return Err(Error::invalid(
                path,
                format!("its constant name `{const_name}` is already taken by the scope {other}"),
            ));
        }
        names.insert(url, const_name);
    }
    Ok(names)
}

enum RootOrResource<'a> {
    Root(&'a Document),
    Resource(&'a discovery::Resource),
}

struct Lowering<'a> {
    document: &'a Document,
    /// Schema id to Rust type name.
    type_names: BTreeMap<String, String>,
    /// Rust type name to the schema id or JSON path it was made from.
    name_origins: BTreeMap<String, String>,
    types: Vec<TypeDef>,
    scope_names: BTreeMap<String, String>,
    secret_fields: BTreeSet<String>,
}

impl<'a> Lowering<'a> {
    /// The ids of the schemas that the chosen methods reach through `$ref`, or of every schema
    /// when the whole API is chosen.
    fn reachable_schemas(&self, chosen: &Chosen) -> Result<BTreeSet<String>, Error> {
        let mut pending: Vec<(String, String)> = Vec::new();
        if chosen.all {
            pending.extend(
                self.document
                    .schemas
                    .keys()
                    .map(|id| (id.clone(), format!("schemas.{id}"))),
            );
        }
        let mut methods = Vec::new();
        if chosen.all {
            for (name, method) in &self.document.methods {
                methods.push((format!("methods.{name}"), method));
            }
        }
        collect_methods(
            &self.document.resources,
            "",
            "resources",
            chosen,
            &mut methods,
        );
        for (path, method) in methods {
            if let Some(request) = &method.request {
                collect_refs(request, &format!("{path}.request"), &mut pending);
            }
            if let Some(response) = &method.response {
                collect_refs(response, &format!("{path}.response"), &mut pending);
            }
            for (name, parameter) in &method.parameters {
                collect_refs(
                    parameter,
                    &format!("{path}.parameters.{name}"),
                    &mut pending,
                );
            }
        }

        for (name, parameter) in &self.document.parameters {
            collect_refs(parameter, &format!("parameters.{name}"), &mut pending);
        }

        let mut seen = BTreeSet::new();
        while let Some((id, path)) = pending.pop() {
            if seen.contains(&id) {
                continue;
            }
            let Some(schema) = self.document.schemas.get(&id) else {
                return Err(missing_schema(&path, &id));
            };
            seen.insert(id.clone());
            collect_refs(schema, &format!("schemas.{id}"), &mut pending);
        }
        Ok(seen)
    }

    /// Names the type of each schema in `ids`: the name chosen in the settings, else the id
    /// without its prefix, in UpperCamelCase.
    ///
    /// When several schemas would get the same name (`HTTPHealthCheck` and `HttpHealthCheck`),
    /// the one whose id already is that name keeps it, or else the first id in byte order;
    /// each other one is named by its id as written when that is an identifier no other type
    /// has, else by the name followed by 2, 3, ... in byte order of the ids. The rule looks at
    /// nothing but the colliding ids, so a schema added elsewhere renames no type.
    fn name_schemas(&mut self, ids: &BTreeSet<String>, selection: &Selection) -> Result<(), Error> {
        let mut wanted: BTreeMap<String, Vec<(&str, String)>> = BTreeMap::new();
        for id in ids {
            let path = format!("schemas.{id}");
            let (name, short) = match selection.type_names.get(id) {
                Some(chosen) => {
                    if camel(chosen, &path)? != *chosen {
                        return Err(Error::Settings(format!(
                            "the type name {chosen:?} given for the schema `{id}` is not an \
                             UpperCamelCase Rust identifier"
                        )));
                    }
                    (chosen.clone(), chosen.clone())
                }
                None => {
                    let short = selection
                        .schema_prefixes
                        .iter()
                        .find_map(|prefix| {
                            id.strip_prefix(prefix.as_str())
                                .filter(|rest| !rest.is_empty())
                        })
                        .unwrap_or(id);
                    (camel(short, &path)?, short.to_owned())
                }
            };
            wanted.entry(name).or_default().push((id.as_str(), short));
        }

        let mut renamed = Vec::new();
        for (name, mut claimants) in wanted {
            // The claimant that is the name as written goes first; the rest in byte order.
            claimants.sort_by_key(|(id, short)| (*short != name, *id));
            let mut claimants = claimants.into_iter();
            if let Some((id, _)) = claimants.next() {
                self.claim_schema_name(id, name.clone());
            }
            renamed.extend(claimants.map(|(id, short)| (id, short, name.clone())));
        }
        for (id, short, name) in renamed {
            let is_identifier = short.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && short.chars().all(|c| c.is_ascii_alphanumeric());
            let chosen = if is_identifier && !self.name_origins.contains_key(&short) {
                short
            } else {
                (2..)
                    .map(|number| format!("{name}{number}"))
                    .find(|candidate| !self.name_origins.contains_key(candidate))
                    .unwrap_or_default()
            };
            self.claim_schema_name(id, chosen);
        }
        Ok(())
    }

    fn claim_schema_name(&mut self, id: &str, name: String) {
        self.name_origins
            .insert(name.clone(), format!("schemas.{id}"));
        self.type_names.insert(id.to_owned(), name);
    }

    /// Reserves a name for a type the generator makes up (an inline object or enum): `base`,
    /// or if a schema or an earlier inline type has it, `base` + `suffix`, then with a number.
    fn claim_inline_type_name(&mut self, base: &str, suffix: &str, path: &str) -> String {
        let mut name = base.to_owned();
        let mut attempt = 1;
        while self.name_origins.contains_key(&name) {
            attempt += 1;
            name = if attempt == 2 {
                format!("{base}{suffix}")
            } else {
                format!("{base}{suffix}{attempt}")
            };
        }
        self.name_origins.insert(name.clone(), path.to_owned());
        name
    }

    fn lower_schema(&mut self, name: &str, schema: &Schema, path: &str) -> Result<(), Error> {
        let docs = schema
            .description
            .as_deref()
            .map(to_rustdoc)
            .unwrap_or_default();
        let is_object = schema.type_.as_deref() == Some("object")
            || (schema.type_.is_none() && schema.reference.is_none());
        if is_object && (!schema.properties.is_empty() || schema.additional_properties.is_none()) {
            let def = self.lower_struct(name, schema, path, docs)?;
            self.types.push(TypeDef::Struct(def));
        } else if schema.type_.as_deref() == Some("string") && !schema.enum_values.is_empty() {
            let def = lower_enum(name, schema, path, docs)?;
            self.types.push(TypeDef::Enum(def));
        } else {
            // The alias itself takes `name`: inline items of an array alias are its `Item`.
            let inline_name = if schema.type_.as_deref() == Some("array") {
                format!("{name}Item")
            } else {
                name.to_owned()
            };
            let ty = self.lower_type(schema, path, &inline_name)?;
            self.types.push(TypeDef::Alias(Alias {
                name: name.to_owned(),
                origin: path.to_owned(),
                docs,
                ty,
            }));
        }
        Ok(())
    }

    fn lower_struct(
        &mut self,
        name: &str,
        schema: &Schema,
        path: &str,
        docs: Vec<String>,
    ) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut field_names: BTreeMap<String, String> = BTreeMap::new();
        for (json_name, property) in &schema.properties {
            let field_path = format!("{path}.properties.{json_name}");
            let field_name = snake(json_name, &field_path)?;
            if let Some(other) = field_names.insert(field_name.clone(), json_name.clone()) {
                return Err(Error::invalid(
                    field_path,
                    format!("its Rust field name `{field_name}` is already taken by the property `{other}`"),
                ));
            }
            let inline_name = format!("{name}{}", camel(json_name, &field_path)?);
            let ty = self.lower_type(property, &field_path, &inline_name)?;
            let mut field_docs = property
                .description
                .as_deref()
                .map(to_rustdoc)
                .unwrap_or_default();
            if property.read_only == Some(true) {
                push_note(
                    &mut field_docs,
                    "Output only: set by the server and ignored in requests.",
                );
            }
            if renamed(&field_name, json_name) {
                push_note(&mut field_docs, &format!("In JSON: `{json_name}`."));
            }
            fields.push(Field {
                name: field_name,
                json_name: json_name.clone(),
                docs: field_docs,
                ty,
                deprecated: property.deprecated == Some(true),
                secret: self.secret_fields.contains(json_name),
            });
        }

        let additional_properties = match &schema.additional_properties {
            Some(values) => {
                let values_path = format!("{path}.additionalProperties");
                if field_names.contains_key("additional_properties") {
                    return Err(Error::invalid(
                        values_path,
                        "a property already takes the field name `additional_properties`",
                    ));
                }
                Some(self.lower_type(values, &values_path, &format!("{name}Value"))?)
            }
            None => None,
        };

        Ok(Struct {
            name: name.to_owned(),
            origin: path.to_owned(),
            docs,
            deprecated: schema.deprecated == Some(true),
            fields,
            additional_properties,
        })
    }

    /// The Rust type of a property, item or parameter. An inline object or enum becomes a type
    /// of its own, called `inline_name`.
    fn lower_type(
        &mut self,
        schema: &Schema,
        path: &str,
        inline_name: &str,
    ) -> Result<Type, Error> {
        if let Some(id) = &schema.reference {
            return match self.type_names.get(id) {
                Some(name) => Ok(Type::Named {
                    name: name.clone(),
                    home: TypeHome::Model,
                    boxed: false,
                }),
                None => Err(missing_schema(&format!("{path}.$ref"), id)),
            };
        }
        let format = schema.format.as_deref();
        let unknown_format = |ty: &str| {
            Error::invalid(
                format!("{path}.format"),
                format!(
                    "unknown format {:?} for type {ty:?}",
                    format.unwrap_or_default()
                ),
            )
        };
        let ty = match schema.type_.as_deref() {
            Some("string") if !schema.enum_values.is_empty() => {
                let name = self.claim_inline_type_name(inline_name, "Enum", path);
                let docs = schema
                    .description
                    .as_deref()
                    .map(to_rustdoc)
                    .unwrap_or_default();
                let def = lower_enum(&name, schema, path, docs)?;
                self.types.push(TypeDef::Enum(def));
                Type::Named {
                    name,
                    home: TypeHome::Model,
                    boxed: false,
                }
            }
            Some("string") => match format {
                None => Type::String,
                Some("int64") => Type::Int64,
                Some("uint64") => Type::Uint64,
                Some("int32") => Type::Int32,
                Some("uint32") => Type::Uint32,
                Some("byte") => Type::Bytes,
                Some("date-time" | "google-datetime") => Type::DateTime,
                Some("google-duration") => Type::Duration,
                Some("google-fieldmask") => Type::FieldMask,
                Some("date") => Type::Date,
                Some(_) => return Err(unknown_format("string")),
            },
            Some("integer") => match format {
                None | Some("int32") => Type::Int32,
                Some("uint32") => Type::Uint32,
                Some("int64") => Type::Int64,
                Some("uint64") => Type::Uint64,
                Some(_) => return Err(unknown_format("integer")),
            },
            Some("number") => match format {
                None | Some("double") => Type::Double,
                Some("float") => Type::Float,
                Some(_) => return Err(unknown_format("number")),
            },
            Some("boolean") => Type::Bool,
            Some("any") => Type::Any,
            Some("array") => match &schema.items {
                Some(items) => Type::Array(Box::new(self.lower_type(
                    items,
                    &format!("{path}.items"),
                    inline_name,
                )?)),
                None => Type::Array(Box::new(Type::Any)),
            },
            Some("object") | None if !schema.properties.is_empty() => {
                let name = self.claim_inline_type_name(inline_name, "Object", path);
                let docs = schema
                    .description
                    .as_deref()
                    .map(to_rustdoc)
                    .unwrap_or_default();
                let def = self.lower_struct(&name, schema, path, docs)?;
                self.types.push(TypeDef::Struct(def));
                Type::Named {
                    name,
                    home: TypeHome::Model,
                    boxed: false,
                }
            }
            Some("object") => match &schema.additional_properties {
                Some(values) => Type::Map(Box::new(self.lower_type(
                    values,
                    &format!("{path}.additionalProperties"),
                    &format!("{inline_name}Value"),
                )?)),
                None => Type::Map(Box::new(Type::Any)),
            },
            None => {
                return Err(Error::invalid(
                    path,
                    "the schema has neither `type` nor `$ref`",
                ))
            }
            Some(other) => {
                return Err(Error::invalid(
                    format!("{path}.type"),
                    format!("unknown type {other:?}"),
                ));
            }
        };
        Ok(ty)
    }

    fn lower_parameter(
        &mut self,
        wire_name: &str,
        schema: &Schema,
        path: &str,
        enum_name: &str,
        home: TypeHome,
        enums: &mut Vec<TypeDef>,
    ) -> Result<Parameter, Error> {
        let location = match schema.location.as_deref() {
            Some("path") => Location::Path,
            Some("query") | None => Location::Query,
            Some(other) => {
                return Err(Error::invalid(
                    format!("{path}.location"),
                    format!("unknown parameter location {other:?}"),
                ));
            }
        };

        // Parameter enums go beside the method, not into the schemas module.
        // Their names need only be unique in that module, which lowering the resource checks.
        let types_before = self.types.len();
        let mut ty = self.lower_type(schema, path, enum_name)?;
        let mut own_enums = BTreeSet::new();
        for def in self.types.drain(types_before..) {
            self.name_origins.remove(def.name());
            own_enums.insert(def.name().to_owned());
            enums.push(def);
        }
        if let Type::Named {
            name,
            home: named_home,
            ..
        } = match &mut ty {
            Type::Array(inner) => inner.as_mut(),
            other => other,
        } {
            if own_enums.contains(name) {
                *named_home = home;
            }
        }
        // A repeated parameter is written once per value; the value itself must be a scalar.
        let ty = match ty {
            Type::Array(inner) => *inner,
            other => other,
        };
        let scalar = match &ty {
            Type::Any | Type::Array(_) | Type::Map(_) => false,
            Type::Named { name, home, .. } => {
                *home != TypeHome::Model
                    || self
                        .types
                        .iter()
                        .any(|def| matches!(def, TypeDef::Enum(def) if def.name == *name))
            }
            _ => true,
        };
        // An object or `any` has no query-string encoding; such a parameter (it occurs where
        // an HTTP body message is flattened into parameters) is sent as the text given.
        let (ty, raw_text) = if scalar {
            (ty, false)
        } else {
            (Type::String, true)
        };

        let mut docs = schema
            .description
            .as_deref()
            .map(to_rustdoc)
            .unwrap_or_default();
        if let Some(default) = &schema.default {
            push_note(
                &mut docs,
                &format!("The server's default is `{}`.", default.replace('`', "'")),
            );
        }
        if raw_text {
            push_note(
                &mut docs,
                "The discovery document declares an object here, which has no query-string \
                 encoding: the value is sent as it is given.",
            );
        }
        let name = snake(wire_name, path)?;
        if renamed(&name, wire_name) {
            push_note(&mut docs, &format!("Sent as `{wire_name}`."));
        }
        Ok(Parameter {
            name,
            wire_name: wire_name.to_owned(),
            docs,
            ty,
            location,
            repeated: schema.repeated == Some(true) || schema.type_.as_deref() == Some("array"),
            deprecated: schema.deprecated == Some(true),
            secret: self.secret_fields.contains(wire_name),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_resource(
        &mut self,
        source: &RootOrResource<'_>,
        json_name: &str,
        path: &str,
        module: String,
        handle: String,
        chosen: &Chosen,
        standard_setters: &BTreeSet<String>,
    ) -> Result<Resource, Error> {
        let (methods, children) = match source {
            RootOrResource::Root(document) => (&document.methods, &document.resources),
            RootOrResource::Resource(resource) => (&resource.methods, &resource.resources),
        };
        let json_path = |kind: &str, name: &str| {
            if path.is_empty() {
                format!("{kind}.{name}")
            } else {
                format!(
                    "resources.{}.{kind}.{name}",
                    path.replace('.', ".resources.")
                )
            }
        };

        // Names in this resource's module and on its handle must not collide.
        let mut module_names: BTreeMap<String, String> = BTreeMap::new();
        let mut handle_names: BTreeMap<String, String> = BTreeMap::new();
        let claim = |names: &mut BTreeMap<String, String>, name: &str, json_path: &str| match names
            .insert(name.to_owned(), json_path.to_owned())
        {
            Some(other) => Err(Error::invalid(
                json_path,
                format!("its Rust name `{name}` is already taken by `{other}`"),
            )),
            None => Ok(()),
        };

        let mut lowered_methods = Vec::new();
        let mut parameter_enums = Vec::new();
        let methods_included = if path.is_empty() {
            chosen.all
        } else {
            chosen.includes(path)
        };
        // The handle shares its module with the call types and parameter enums.
        let own_path = if path.is_empty() {
            ".".to_owned()
        } else {
            format!("resources.{}", path.replace('.', ".resources."))
        };
        claim(&mut module_names, &handle, &own_path)?;
        let child_accessors: Vec<String> = children
            .keys()
            .map(|child| snake(child, &json_path("resources", child)))
            .collect::<Result<_, _>>()?;
        if methods_included {
            for (method_json_name, method) in methods {
                let method_path = json_path("methods", method_json_name);
                let mut lowered = self.lower_method(
                    method_json_name,
                    method,
                    &method_path,
                    standard_setters,
                    &mut parameter_enums,
                )?;
                // A resource may have a method and a sub-resource of the same name, as
                // `projects.accounts` of Identity Toolkit v1 does; the sub-resource keeps it.
                if child_accessors.contains(&lowered.name) {
                    let renamed = format!("{}_method", lowered.name);
                    push_note(
                        &mut lowered.docs,
                        &format!(
                            "Named `{renamed}` because `{}` is the accessor of the sub-resource of \
                             the same name.",
                            lowered.name
                        ),
                    );
                    lowered.name = renamed;
                }
                claim(&mut handle_names, &lowered.name, &method_path)?;
                claim(&mut module_names, &lowered.call, &method_path)?;
                lowered_methods.push(lowered);
            }
        }
        let parameter_enums = into_enums(parameter_enums, &json_path("methods", "*"))?;
        for parameter_enum in &parameter_enums {
            claim(
                &mut module_names,
                &parameter_enum.name,
                &json_path("methods", "*"),
            )?;
        }

        let mut resources = Vec::new();
        for (child_name, child) in children {
            let child_path = if path.is_empty() {
                child_name.clone()
            } else {
                format!("{path}.{child_name}")
            };
            if !chosen.touches(&child_path) {
                continue;
            }
            let resource_path = format!("resources.{}", child_path.replace('.', ".resources."));
            let child_module = snake(child_name, &resource_path)?;
            claim(&mut handle_names, &child_module, &resource_path)?;
            claim(&mut module_names, &child_module, &resource_path)?;
            let child_handle = camel(child_name, &resource_path)?;
            resources.push(self.lower_resource(
                &RootOrResource::Resource(child),
                child_name,
                &child_path,
                child_module,
                child_handle,
                chosen,
                standard_setters,
            )?);
        }

        Ok(Resource {
            json_name: json_name.to_owned(),
            path: path.to_owned(),
            module,
            handle,
            methods: lowered_methods,
            resources,
            parameter_enums,
        })
    }

    fn lower_method(
        &mut self,
        json_name: &str,
        method: &discovery::Method,
        path: &str,
        standard_setters: &BTreeSet<String>,
        enums: &mut Vec<TypeDef>,
    ) -> Result<Method, Error> {
        let name = snake(json_name, path)?;
        let method_camel = camel(json_name, path)?;
        // An inline body schema is named after the method's id, which is unique in the API.
        let id_camel = match &method.id {
            Some(id) => camel(
                id.split_once('.').map_or(id.as_str(), |(_, rest)| rest),
                path,
            )?,
            None => method_camel.clone(),
        };
        let request = match &method.request {
            Some(schema) => Some(self.lower_type(
                schema,
                &format!("{path}.request"),
                &format!("{id_camel}Request"),
            )?),
            None => None,
        };
        let response = match &method.response {
            Some(schema) => Some(self.lower_type(
                schema,
                &format!("{path}.response"),
                &format!("{id_camel}Response"),
            )?),
            None => None,
        };

        let mut required = Vec::new();
        let mut optional = Vec::new();
        let mut rust_names = BTreeSet::new();
        for (wire_name, schema) in &method.parameters {
            let parameter_path = format!("{path}.parameters.{wire_name}");
            let is_required = schema.required == Some(true)
                || schema.location.as_deref() == Some("path")
                || method.parameter_order.contains(wire_name);
            // An optional parameter that repeats a standard one (`alt` of oauth2's tokeninfo,
            // say) is the same query parameter: the standard setter already covers it.
            if !is_required && self.document.parameters.contains_key(wire_name) {
                continue;
            }
            let enum_name = format!("{method_camel}{}", camel(wire_name, &parameter_path)?);
            let parameter = self.lower_parameter(
                wire_name,
                schema,
                &parameter_path,
                &enum_name,
                TypeHome::Resource,
                enums,
            )?;
            // Required parameters are fields of the call beside `hub`, `request` and
            // `standard`; optional ones are setters beside the standard parameters' setters.
            let taken = if is_required {
                CALL_FIELDS.contains(&parameter.name.as_str())
            } else {
                standard_setters.contains(&parameter.name)
            };
            if taken || !rust_names.insert(parameter.name.clone()) {
                return Err(Error::invalid(
                    parameter_path,
                    format!(
                        "its Rust name `{}` is already taken by another parameter",
                        parameter.name
                    ),
                ));
            }
            if is_required {
                required.push(parameter);
            } else {
                optional.push(parameter);
            }
        }
        let order_of = |parameter: &Parameter| {
            method
                .parameter_order
                .iter()
                .position(|name| *name == parameter.wire_name)
                .unwrap_or(usize::MAX)
        };
        required.sort_by_key(|parameter| (order_of(parameter), parameter.wire_name.clone()));

        let segments = parse_path(&method.path, &format!("{path}.path"), &required)?;
        let mut docs = method
            .description
            .as_deref()
            .map(to_rustdoc)
            .unwrap_or_default();
        push_note(
            &mut docs,
            &format!("`{} {}`", method.http_method, method.path),
        );
        let scopes = method
            .scopes
            .iter()
            .map(|url| self.scope_names[url].clone())
            .collect();
        let http_method = method.http_method.to_ascii_uppercase();
        if http_method.is_empty() || !http_method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid(
                format!("{path}.httpMethod"),
                format!("{:?} is not an HTTP method", method.http_method),
            ));
        }

        let paging = self.paging(method, &optional);
        let media_upload = match &method.media_upload {
            Some(upload) if method.supports_media_upload == Some(true) => {
                // The simple protocol's path serves the multipart protocol too.
                let protocol = upload
                    .protocols
                    .get("simple")
                    .or_else(|| upload.protocols.values().next());
                match protocol.and_then(|protocol| protocol.path.as_deref()) {
                    Some(upload_path) => Some(MediaUpload {
                        path: parse_path(
                            upload_path,
                            &format!("{path}.mediaUpload.protocols.simple.path"),
                            &required,
                        )?,
                        accept: upload.accept.clone(),
                        max_size: upload.max_size.clone(),
                    }),
                    None => None,
                }
            }
            _ => None,
        };

        Ok(Method {
            json_name: json_name.to_owned(),
            name,
            call: format!("{method_camel}Call"),
            id: method.id.clone().unwrap_or_default(),
            http_method,
            path: segments,
            path_template: method.path.clone(),
            docs,
            deprecated: method.deprecated == Some(true),
            request,
            response,
            required,
            optional,
            scopes,
            supports_media_upload: method.supports_media_upload == Some(true),
            supports_media_download: method.supports_media_download == Some(true),
            media_upload,
            paging,
        })
    }

    /// The feature of each top-level resource, and the features that need each type: the
    /// features of the resources whose methods reach a schema, and for a type made up inline,
    /// those of the schema or resource it was made up in.
    fn resource_features(&self, root: &Resource) -> Result<ResourceFeatures, Error> {
        let mut features = ResourceFeatures::default();
        let mut by_json_name = BTreeMap::new();
        let mut schema_features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for child in &root.resources {
            let feature = match child.module.as_str() {
                "default" | "reqwest" => format!("{}_resource", child.module),
                module => module.to_owned(),
            };
            features
                .resources
                .insert(child.module.clone(), feature.clone());
            by_json_name.insert(child.json_name.clone(), feature.clone());
            let chosen = Chosen {
                all: false,
                paths: BTreeSet::from([child.path.clone()]),
            };
            for id in self.reachable_schemas(&chosen)? {
                schema_features
                    .entry(id)
                    .or_default()
                    .insert(feature.clone());
            }
        }
        let every: BTreeSet<String> = features.resources.values().cloned().collect();
        for (name, origin) in &self.name_origins {
            let needed = if let Some(rest) = origin.strip_prefix("schemas.") {
                // An inline type's origin continues after the schema id.
                let end = [".properties.", ".items", ".additionalProperties"]
                    .iter()
                    .filter_map(|marker| rest.find(marker))
                    .min()
                    .unwrap_or(rest.len());
                schema_features.get(&rest[..end]).cloned()
            } else if let Some(rest) = origin.strip_prefix("resources.") {
                let resource = rest.split('.').next().unwrap_or_default();
                by_json_name
                    .get(resource)
                    .map(|feature| BTreeSet::from([feature.clone()]))
            } else {
                None
            };
            if let Some(needed) = needed.filter(|needed| !needed.is_empty() && *needed != every) {
                features.types.insert(name.clone(), needed);
            }
        }
        Ok(features)
    }

    /// The paging of a method: a string `pageToken` parameter, and a string `nextPageToken` in
    /// the response schema.
    fn paging(&self, method: &discovery::Method, optional: &[Parameter]) -> Option<Paging> {
        let page_token = optional
            .iter()
            .find(|parameter| parameter.wire_name == "pageToken" && parameter.ty == Type::String)?;
        let response = method.response.as_ref()?;
        let schema = match &response.reference {
            Some(id) => self.document.schemas.get(id)?,
            None => response,
        };
        let next = schema.properties.get("nextPageToken")?;
        (next.type_.as_deref() == Some("string") && next.reference.is_none()).then(|| Paging {
            page_token: page_token.name.clone(),
            next_page_token: snake("nextPageToken", "").unwrap_or_default(),
        })
    }
}

fn collect_methods<'d>(
    resources: &'d BTreeMap<String, discovery::Resource>,
    prefix: &str,
    json_prefix: &str,
    chosen: &Chosen,
    out: &mut Vec<(String, &'d discovery::Method)>,
) {
    for (name, resource) in resources {
        let path = format!("{prefix}{name}");
        let json_path = format!("{json_prefix}.{name}");
        if chosen.includes(&path) {
            for (method_name, method) in &resource.methods {
                out.push((format!("{json_path}.methods.{method_name}"), method));
            }
        }
        collect_methods(
            &resource.resources,
            &format!("{path}."),
            &format!("{json_path}.resources"),
            chosen,
            out,
        );
    }
}

/// Pushes every `$ref` below `schema`, with the JSON path it was found at.
fn collect_refs(schema: &Schema, path: &str, out: &mut Vec<(String, String)>) {
    if let Some(id) = &schema.reference {
        out.push((id.clone(), format!("{path}.$ref")));
    }
    for (name, property) in &schema.properties {
        collect_refs(property, &format!("{path}.properties.{name}"), out);
    }
    if let Some(items) = &schema.items {
        collect_refs(items, &format!("{path}.items"), out);
    }
    if let Some(values) = &schema.additional_properties {
        collect_refs(values, &format!("{path}.additionalProperties"), out);
    }
}

fn missing_schema(path: &str, id: &str) -> Error {
    Error::invalid(
        path,
        format!("refers to the schema {id:?}, which the document does not define"),
    )
}

fn lower_enum(name: &str, schema: &Schema, path: &str, docs: Vec<String>) -> Result<Enum, Error> {
    let mut variants = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (index, value) in schema.enum_values.iter().enumerate() {
        let value_path = format!("{path}.enum[{index}]");
        let base = camel(value, &value_path)?;
        let mut docs = schema
            .enum_descriptions
            .get(index)
            .map(|text| to_rustdoc(text))
            .unwrap_or_default();
        // Values that differ only in case or punctuation (`not_activated` and `NOT_ACTIVATED`)
        // make the same name; the later ones get a number.
        let mut variant = base.clone();
        let mut number = 1;
        while let Some(other) = names.get(&variant) {
            if number == 1 {
                push_note(
                    &mut docs,
                    &format!(
                        "Not `{base}`, which is the value `{}`.",
                        other.replace('`', "'")
                    ),
                );
            }
            number += 1;
            variant = format!("{base}{number}");
        }
        names.insert(variant.clone(), value.clone());
        variants.push(Variant {
            name: variant,
            value: value.clone(),
            docs,
            deprecated: schema.enum_deprecated.get(index) == Some(&true),
        });
    }
    let mut fallback = "Unrecognized".to_owned();
    while names.contains_key(&fallback) {
        fallback.push_str("Value");
    }
    Ok(Enum {
        name: name.to_owned(),
        origin: path.to_owned(),
        docs,
        variants,
        fallback,
    })
}

fn into_enums(types: Vec<TypeDef>, path: &str) -> Result<Vec<Enum>, Error> {
    types
        .into_iter()
        .map(|def| match def {
            TypeDef::Enum(def) => Ok(def),
            other => Err(Error::invalid(
                path,
                format!("the parameter type `{}` is not a scalar", other.name()),
            )),
        })
        .collect()
}

/// Splits a path template into literals and `{name}` / `{+name}` expansions.
fn parse_path(
    template: &str,
    path: &str,
    parameters: &[Parameter],
) -> Result<Vec<PathSegment>, Error> {
    let mut segments = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::invalid(
                path,
                format!("unclosed `{{` in {template:?}"),
            ));
        };
        let expression = &rest[open + 1..open + close];
        let (reserved, variable) = match expression.strip_prefix('+') {
            Some(variable) => (true, variable),
            None => (false, expression),
        };
        let Some(parameter) = parameters
            .iter()
            .find(|parameter| parameter.wire_name == variable)
        else {
            return Err(Error::invalid(
                path,
                format!("the template {template:?} expands `{variable}`, which is no required parameter of the method"),
            ));
        };
        segments.push(if reserved {
            PathSegment::Reserved(parameter.name.clone())
        } else {
            PathSegment::Simple(parameter.name.clone())
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    Ok(segments)
}

/// Whether a Rust name differs from its wire name by more than case and underscores, as
/// `filter_tags` from `filter.tags` or `start_date` from `start-date` do.
fn renamed(rust: &str, wire: &str) -> bool {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(rust) != letters(wire)
}

fn push_note(docs: &mut Vec<String>, note: &str) {
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(note.to_owned());
}

/// Boxes every field whose type contains, without a `Vec` or map in between, the struct the
/// field belongs to: such a type would otherwise have an infinite size.
/// Refuses a schema that holds itself only through arrays and maps (`A` an array of `A`): a
/// type alias cannot name itself, and there is no struct field to box.
fn refuse_alias_cycles(types: &[TypeDef]) -> Result<(), Error> {
    let aliases: BTreeMap<&str, &Alias> = types
        .iter()
        .filter_map(|def| match def {
            TypeDef::Alias(alias) => Some((alias.name.as_str(), alias)),
            _ => None,
        })
        .collect();
    for alias in aliases.values() {
        let mut seen = BTreeSet::new();
        let mut next = vec![&alias.ty];
        while let Some(ty) = next.pop() {
            match ty {
                Type::Array(inner) | Type::Map(inner) => next.push(inner),
                Type::Named {
                    name,
                    home: TypeHome::Model,
                    ..
                } if name == &alias.name => {
                    return Err(Error::Invalid {
                        path: alias.origin.clone(),
                        reason: "the schema holds itself through arrays and maps alone, which \
                                 no Rust type can express"
                            .to_owned(),
                    });
                }
                Type::Named {
                    name,
                    home: TypeHome::Model,
                    ..
                } => {
                    if let Some(inner) = aliases.get(name.as_str()) {
                        if seen.insert(name.as_str()) {
                            next.push(&inner.ty);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn box_recursive_fields(types: &mut [TypeDef]) {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for def in types.iter() {
        let targets = edges.entry(def.name().to_owned()).or_default();
        match def {
            TypeDef::Struct(def) => {
                for field in &def.fields {
                    if let Type::Named { name, .. } = &field.ty {
                        targets.insert(name.clone());
                    }
                }
            }
            TypeDef::Alias(Alias {
                ty: Type::Named { name, .. },
                ..
            }) => {
                targets.insert(name.clone());
            }
            _ => {}
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(edges.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    for def in types.iter_mut() {
        if let TypeDef::Struct(def) = def {
            for field in &mut def.fields {
                if let Type::Named { name, boxed, .. } = &mut field.ty {
                    *boxed = reaches(name, &def.name);
                }
            }
        }
    }
}

//! The intermediate representation: an API as the emitter sees it.
//!
//! Lowering (see [`crate::lower`]) has already made every decision here: Rust names are
//! sanitized and unique, `$ref`s are resolved to type names, recursive fields are boxed,
//! descriptions are rustdoc. The emitter only spells this out as tokens.

use std::collections::{BTreeMap, BTreeSet};

/// One API version, generated as one module of the client crate (for example `v2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The module name, for example `v2`.
    pub module: String,
    /// The discovery `name`, for example `identitytoolkit`.
    pub name: String,
    /// The discovery `version`, for example `v2`.
    pub version: String,
    pub revision: Option<String>,
    pub title: String,
    pub docs: Vec<String>,
    pub documentation_link: Option<String>,
    /// The type name of the API's entry point, for example `IdentityToolkit`.
    pub hub: String,
    pub root_url: String,
    pub service_path: String,
    pub batch_path: Option<String>,
    pub scopes: Vec<Scope>,
    /// Parameters that every method accepts (`key`, `fields`, `$.xgafv`, ...).
    pub standard_parameters: Vec<Parameter>,
    /// Enums of the standard parameters, emitted beside the hub.
    pub parameter_enums: Vec<Enum>,
    /// Every schema type, sorted by name.
    pub types: Vec<TypeDef>,
    /// The document's top-level methods and resources.
    pub root: Resource,
    /// One cargo feature per top-level resource, when the selection asks for them.
    pub features: Option<ResourceFeatures>,
}

/// The cargo features of an API with one feature per top-level resource: which feature each
/// top-level resource module needs, and which features need each type. A type that every
/// feature needs, or none, is always compiled and not listed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceFeatures {
    /// Top-level resource module to its feature.
    pub resources: BTreeMap<String, String>,
    /// Type name to the features whose resources use it.
    pub types: BTreeMap<String, BTreeSet<String>>,
}

/// An OAuth 2.0 scope, emitted as a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub const_name: String,
    pub url: String,
    pub docs: Vec<String>,
}

/// A named type made from a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(Struct),
    Enum(Enum),
    /// A top-level schema that is not an object, such as an array.
    Alias(Alias),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Alias(def) => &def.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub name: String,
    /// The schema id, or the JSON path of an inline schema.
    pub origin: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub fields: Vec<Field>,
    /// The type of the values kept under keys that are not fields, when the schema has both
    /// `properties` and `additionalProperties`.
    pub additional_properties: Option<Type>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub json_name: String,
    pub docs: Vec<String>,
    pub ty: Type,
    pub deprecated: bool,
    /// Holds a credential, so `Debug` output shows only whether it is set.
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub name: String,
    /// The schema id, as a JSON path: `schemas.Foo`.
    pub origin: String,
    pub docs: Vec<String>,
    pub ty: Type,
}

/// A string enum, with a fallback variant that keeps values the generator did not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    /// The schema id, or the JSON path of an inline schema or a parameter.
    pub origin: String,
    pub docs: Vec<String>,
    pub variants: Vec<Variant>,
    /// The name of the variant that holds any other value.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub value: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
}

/// The Rust type of a field or parameter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    String,
    Bool,
    Int32,
    Uint32,
    /// `int64`, a decimal string on the wire.
    Int64,
    /// `uint64`, a decimal string on the wire.
    Uint64,
    Float,
    Double,
    /// `byte`, base64 on the wire.
    Bytes,
    DateTime,
    Duration,
    FieldMask,
    Date,
    /// `any`: whatever JSON value.
    Any,
    /// A type defined by the generated code, in the module `home` says.
    Named {
        name: String,
        home: TypeHome,
        boxed: bool,
    },
    Array(Box<Type>),
    Map(Box<Type>),
}

/// The module a named type is defined in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeHome {
    /// The API's `model` module: schema types and their inline types.
    Model,
    /// The API module itself: enums of the standard parameters.
    Api,
    /// The module of the resource whose method has the parameter.
    Resource,
}

impl Type {
    /// The innermost type, below arrays and maps.
    pub fn scalar(&self) -> &Type {
        match self {
            Type::Array(inner) | Type::Map(inner) => inner.scalar(),
            other => other,
        }
    }
}

/// A resource, or the document's top level, with its methods and nested resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The discovery name, for example `mfaSignIn`; empty for the top level.
    pub json_name: String,
    /// The dotted discovery path, for example `accounts.mfaSignIn`.
    pub path: String,
    pub module: String,
    pub handle: String,
    pub methods: Vec<Method>,
    pub resources: Vec<Resource>,
    /// Enums of method parameters, emitted in this resource's module.
    pub parameter_enums: Vec<Enum>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The discovery name, for example `start`.
    pub json_name: String,
    /// The Rust method name on the resource handle, for example `start`.
    pub name: String,
    /// The call type, for example `StartCall`.
    pub call: String,
    pub id: String,
    pub http_method: String,
    pub path: Vec<PathSegment>,
    /// The path exactly as the document writes it.
    pub path_template: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    /// The type of the request body, if the method takes one.
    pub request: Option<Type>,
    /// The type of the response body; `None` for an empty response.
    pub response: Option<Type>,
    /// Parameters the caller must give, in `parameterOrder`.
    pub required: Vec<Parameter>,
    /// Parameters set through setters on the call.
    pub optional: Vec<Parameter>,
    /// The scope constants that authorize the method.
    pub scopes: Vec<String>,
    pub supports_media_upload: bool,
    pub supports_media_download: bool,
    /// Where media is uploaded to, for a method that takes uploads.
    pub media_upload: Option<MediaUpload>,
    /// How to page through the results, for a method with a `pageToken` parameter whose
    /// response has a `nextPageToken`.
    pub paging: Option<Paging>,
}

/// The upload endpoint of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaUpload {
    /// The upload path, absolute from the root URL, such as `/upload/drive/v3/files`.
    pub path: Vec<PathSegment>,
    /// The accepted MIME types, such as `image/*`.
    pub accept: Vec<String>,
    /// The largest upload, as the document writes it (`5120GB`).
    pub max_size: Option<String>,
}

/// The fields that carry the page token from one response to the next request.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The call's field of the `pageToken` parameter.
    pub page_token: String,
    /// The response's field of `nextPageToken`.
    pub next_page_token: String,
}

/// A piece of a method's path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    Literal(String),
    /// `{name}`: percent-encodes everything but unreserved characters.
    Simple(String),
    /// `{+name}`: also keeps reserved characters such as `/`.
    Reserved(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub wire_name: String,
    pub docs: Vec<String>,
    pub ty: Type,
    pub location: Location,
    pub repeated: bool,
    pub deprecated: bool,
    /// Holds a credential, so `Debug` output shows only whether it is set.
    pub secret: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
}

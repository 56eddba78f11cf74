//! A serde model of Google's API discovery format (`discoveryVersion: v1`).
//!
//! The model covers the whole format, not only what one document uses, so that every document
//! Google publishes deserializes into it. Keys it does not know are ignored. Maps are
//! `BTreeMap`s: whatever the key order of the JSON, iteration order is sorted, which keeps the
//! generated output deterministic.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::Error;

/// The top level of a discovery document: one version of one API.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Document {
    pub kind: Option<String>,
    pub discovery_version: Option<String>,
    pub id: Option<String>,
    pub name: String,
    pub version: String,
    pub revision: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub canonical_name: Option<String>,
    pub owner_domain: Option<String>,
    pub owner_name: Option<String>,
    pub documentation_link: Option<String>,
    pub protocol: Option<String>,
    pub root_url: String,
    pub mtls_root_url: Option<String>,
    pub service_path: String,
    pub base_path: Option<String>,
    pub base_url: Option<String>,
    pub batch_path: Option<String>,
    /// Whether `{+name}` expansion also percent-encodes reserved characters.
    pub fully_encode_reserved_expansion: Option<bool>,
    pub features: Vec<String>,
    pub labels: Vec<String>,
    pub icons: BTreeMap<String, String>,
    /// Parameters that every method accepts (`key`, `fields`, `$.xgafv`, ...).
    pub parameters: BTreeMap<String, Schema>,
    pub auth: Option<Auth>,
    pub schemas: BTreeMap<String, Schema>,
    pub resources: BTreeMap<String, Resource>,
    /// Methods that belong to no resource.
    pub methods: BTreeMap<String, Method>,
}

/// The `auth` section: the OAuth 2.0 scopes the API knows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Auth {
    pub oauth2: Option<OAuth2>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OAuth2 {
    pub scopes: BTreeMap<String, ScopeInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ScopeInfo {
    pub description: Option<String>,
}

/// A resource: a group of methods, and of further resources, nested to any depth.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Resource {
    pub methods: BTreeMap<String, Method>,
    pub resources: BTreeMap<String, Resource>,
    pub deprecated: Option<bool>,
}

/// One REST method.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Method {
    pub id: Option<String>,
    pub path: String,
    pub flat_path: Option<String>,
    pub http_method: String,
    pub description: Option<String>,
    pub parameters: BTreeMap<String, Schema>,
    pub parameter_order: Vec<String>,
    /// The request body: usually a `$ref`, sometimes an inline schema.
    pub request: Option<Schema>,
    /// The response body: usually a `$ref`, sometimes an inline schema.
    pub response: Option<Schema>,
    pub scopes: Vec<String>,
    pub supports_media_upload: Option<bool>,
    pub supports_media_download: Option<bool>,
    pub use_media_download_service: Option<bool>,
    pub supports_subscription: Option<bool>,
    pub media_upload: Option<MediaUpload>,
    pub deprecated: Option<bool>,
    pub api_version: Option<String>,
}

/// How a method accepts media uploads.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MediaUpload {
    pub accept: Vec<String>,
    pub max_size: Option<String>,
    pub protocols: BTreeMap<String, MediaProtocol>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MediaProtocol {
    pub multipart: Option<bool>,
    pub path: Option<String>,
}

/// The JSON-schema subset that discovery documents use, for schemas, properties and
/// parameters alike.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schema {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub format: Option<String>,
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    pub properties: BTreeMap<String, Schema>,
    pub items: Option<Box<Schema>>,
    pub additional_properties: Option<Box<Schema>>,
    #[serde(rename = "enum")]
    pub enum_values: Vec<String>,
    pub enum_descriptions: Vec<String>,
    pub enum_deprecated: Vec<bool>,
    pub default: Option<String>,
    pub pattern: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub required: Option<bool>,
    pub repeated: Option<bool>,
    pub location: Option<String>,
    pub read_only: Option<bool>,
    pub deprecated: Option<bool>,
    pub annotations: Option<Annotations>,
}

/// Annotations on a property: which methods require it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Annotations {
    pub required: Vec<String>,
}

impl Document {
    /// Parses a discovery document. Malformed JSON is reported with its line and column, and a
    /// value of the wrong shape with its JSON path as well.
    /// Whether this is the directory of all APIs (`discovery#directoryList`), which lists
    /// discovery documents instead of describing an API.
    pub fn is_directory_list(&self) -> bool {
        self.kind.as_deref() == Some("discovery#directoryList")
    }

    pub fn from_json(text: &str) -> Result<Document, Error> {
        // Tracking the path costs a third of the parse, so only a failed parse pays for it.
        match serde_json::from_str(text) {
            Ok(document) => Ok(document),
            Err(_) => Err(Self::locate_error(text)),
        }
    }

    /// Parses again, tracking the JSON path, to say where the first parse failed.
    fn locate_error(text: &str) -> Error {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let error = match serde_path_to_error::deserialize::<_, Document>(&mut deserializer) {
            Ok(_) => match deserializer.end() {
                Ok(()) => {
                    return Error::Json {
                        path: ".".to_owned(),
                        line: 0,
                        column: 0,
                        reason: "the document failed to parse only once".to_owned(),
                    }
                }
                Err(error) => return json_error(".".to_owned(), &error),
            },
            Err(error) => error,
        };
        // A syntax error has no place in the document's structure to name.
        let path = match error.inner().classify() {
            serde_json::error::Category::Data => error.path().to_string(),
            _ => ".".to_owned(),
        };
        json_error(path, error.inner())
    }
}

fn json_error(path: String, error: &serde_json::Error) -> Error {
    Error::Json {
        path,
        line: error.line(),
        column: error.column(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_tolerated_at_every_level() {
        let document = Document::from_json(
            r#"{
                "name": "example", "version": "v1", "rootUrl": "https://x/", "servicePath": "",
                "someNewTopLevelKey": {"a": 1},
                "schemas": {"Foo": {"type": "object", "x-new": true, "properties": {
                    "bar": {"type": "string", "annotations": {"required": ["a.b"]}, "y-new": []}
                }}},
                "resources": {"things": {"z-new": 1, "methods": {"get": {
                    "path": "v1/things", "httpMethod": "GET", "request": {"$ref": "Foo",
                    "parameterName": "resource"}, "w-new": null
                }}}}
            }"#,
        )
        .unwrap();
        let bar = &document.schemas["Foo"].properties["bar"];
        assert_eq!(bar.annotations.as_ref().unwrap().required, ["a.b"]);
        let get = &document.resources["things"].methods["get"];
        assert_eq!(
            get.request.as_ref().unwrap().reference.as_deref(),
            Some("Foo")
        );
    }

    #[test]
    fn trailing_garbage_is_malformed_json() {
        let error = Document::from_json(r#"{"name": "x"} extra"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "malformed discovery document at `.`: trailing characters at line 1 column 15"
        );
    }
}

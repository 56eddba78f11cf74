//! Generation settings: which documents, which resources, which names.
//!
//! A crate keeps them in its `Cargo.toml`, under `[package.metadata.google-api-codegen]`, so
//! that its build script and the command-line tool read the same settings from one place:
//!
//! ```toml
//! [package.metadata.google-api-codegen]
//! out = "generated"
//!
//! [[package.metadata.google-api-codegen.apis]]
//! document = "discovery/identitytoolkit.v2.json"
//! module = "v2"
//! resources = ["accounts.mfaSignIn"]
//! schema-prefixes = ["GoogleCloudIdentitytoolkitV2"]
//! # A schema's type name by hand, instead of the generated one:
//! type-names = { HTTPHealthCheck = "LegacyHttpHealthCheck" }
//! # Only to replace the default list of secrets (`lower::DEFAULT_SECRET_FIELDS`):
//! secret-fields = ["idToken", "password"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::lower::{Selection, DEFAULT_SECRET_FIELDS};

/// The table of `Cargo.toml` that holds the settings.
pub const METADATA_KEY: &str = "google-api-codegen";

/// Everything that decides a generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// The directory the crate's sources are written to, relative to the manifest.
    pub out: PathBuf,
    /// The first line of the crate's documentation; made from the APIs' titles when unset.
    #[serde(default)]
    pub title: Option<String>,
    /// One entry per discovery document, each generated as a module.
    pub apis: Vec<ApiSettings>,
}

/// What to generate from one discovery document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ApiSettings {
    /// The discovery document, relative to the manifest.
    pub document: PathBuf,
    /// The module name; the document's version when unset.
    #[serde(default)]
    pub module: Option<String>,
    /// Dotted resource paths such as `accounts.mfaSignIn`, or `all`.
    pub resources: Vec<String>,
    /// Prefixes removed from schema ids to name their types.
    #[serde(default)]
    pub schema_prefixes: Vec<String>,
    /// Type names chosen by hand, by schema id, for schemas that would otherwise get the same
    /// name (`HTTPHealthCheck` and `HttpHealthCheck`, say).
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// JSON names of the properties and parameters whose values `Debug` output hides;
    /// [`DEFAULT_SECRET_FIELDS`] when unset.
    #[serde(default)]
    pub secret_fields: Option<Vec<String>>,
    /// One cargo feature per top-level resource; the crate's `Cargo.toml` must declare them.
    #[serde(default)]
    pub resource_features: bool,
}

impl ApiSettings {
    pub fn selection(&self) -> Selection {
        Selection {
            module: self.module.clone(),
            resources: self.resources.clone(),
            schema_prefixes: self.schema_prefixes.clone(),
            type_names: self.type_names.clone(),
            secret_fields: self.secret_fields.clone().unwrap_or_else(|| {
                DEFAULT_SECRET_FIELDS
                    .iter()
                    .map(|&name| name.to_owned())
                    .collect()
            }),
            resource_features: self.resource_features,
        }
    }
}

impl Settings {
    /// Reads the settings from `[package.metadata.google-api-codegen]` of a `Cargo.toml`.
    /// Relative paths in them stay relative to the manifest's directory.
    pub fn from_manifest(manifest: &Path) -> Result<Settings, Error> {
        let text = std::fs::read_to_string(manifest).map_err(|error| Error::io(manifest, error))?;
        let mut table: toml::Table = toml::from_str(&text)
            .map_err(|error| Error::Settings(format!("{}: {error}", manifest.display())))?;
        let settings = ["package", "metadata", METADATA_KEY]
            .iter()
            .try_fold(&mut table, |table, key| match table.get_mut(*key) {
                Some(toml::Value::Table(inner)) => Some(inner),
                _ => None,
            })
            .ok_or_else(|| {
                Error::Settings(format!(
                    "{} has no [package.metadata.{METADATA_KEY}] table",
                    manifest.display()
                ))
            })?
            .clone();
        settings.try_into().map_err(|error: toml::de::Error| {
            Error::Settings(format!(
                "{} [package.metadata.{METADATA_KEY}]: {error}",
                manifest.display()
            ))
        })
    }
}

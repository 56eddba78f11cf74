//! Generates typed Rust clients from Google API discovery documents.
//!
//! The pipeline has four steps, each in its own module:
//!
//! 1. [`discovery`]: parse a document into a serde model of the whole discovery format;
//! 2. [`lower`]: choose the resources to generate and lower them, with every schema they reach,
//!    into the [`ir`], where names, types, references and cycles are resolved;
//! 3. [`emit`]: spell the IR out as tokens with `quote` and format them with prettyplease;
//! 4. [`output`]: write the files, only where their bytes change, never half a directory.
//!
//! The command-line tool and [`build_script`] are thin front ends over [`generate`].

pub mod build_script;
pub mod diff;
pub mod discovery;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod names;
pub mod output;
pub mod settings;

use std::path::Path;

pub use crate::discovery::Document;
pub use crate::emit::Files;
pub use crate::error::Error;
pub use crate::settings::{ApiSettings, Settings};

/// Module names that the crate root already uses.
const RESERVED_MODULES: &[&str] = &[emit::RUNTIME_MODULE];

/// Generates the files of a crate from the documents its settings name, read relative to
/// `base_dir`.
pub fn generate(settings: &Settings, base_dir: &Path) -> Result<Files, Error> {
    let mut documents = Vec::new();
    for api in &settings.apis {
        let document = read_document(&base_dir.join(&api.document))?;
        documents.push((api.selection(), document));
    }
    generate_from_documents(&documents, settings.title.as_deref())
}

/// Reads and parses a discovery document; a parse error names the file.
pub fn read_document(path: &Path) -> Result<Document, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::io(path, error))?;
    Document::from_json(&text).map_err(|error| in_file(error, path))
}

/// Generates the files of a crate from parsed documents.
pub fn generate_from_documents(
    documents: &[(lower::Selection, Document)],
    title: Option<&str>,
) -> Result<Files, Error> {
    if documents.is_empty() {
        return Err(Error::Settings(
            "no discovery documents to generate from".to_owned(),
        ));
    }
    let mut apis: Vec<ir::Api> = Vec::new();
    for (selection, document) in documents {
        let api = lower::lower(document, selection)?;
        if RESERVED_MODULES.contains(&api.module.as_str())
            || apis.iter().any(|other| other.module == api.module)
        {
            return Err(Error::Settings(format!(
                "the module name `{}` of {} {} is already taken; give the API another `module`",
                api.module, api.name, api.version
            )));
        }
        apis.push(api);
    }

    let sources: Vec<String> = apis.iter().map(emit::api_source).collect();
    let header = emit::header(&sources.join(", "));
    let title = match title {
        Some(title) => title.to_owned(),
        None => format!("Rust client for {}.", apis[0].title),
    };
    emit::emit_crate(&apis, &emit::CrateDocs { title, header })
}

/// The revisions of the APIs in generated files, as semver build metadata: `20250130` for one
/// API, `v1-20260311.v2-20250130` for several. `None` when no document has a revision.
pub fn build_metadata(files: &Files) -> Option<String> {
    let header = files.get("lib.rs")?.lines().next()?;
    let mut revisions = Vec::new();
    for (before, after) in header
        .split(" (revision ")
        .zip(header.split(" (revision ").skip(1))
    {
        let version = before.rsplit(' ').next().unwrap_or_default();
        let revision = after.split(')').next().unwrap_or_default();
        revisions.push((version, revision));
    }
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    };
    match revisions.as_slice() {
        [] => None,
        [(_, revision)] => Some(clean(revision)),
        several => Some(
            several
                .iter()
                .map(|(version, revision)| format!("{}-{}", clean(version), clean(revision)))
                .collect::<Vec<_>>()
                .join("."),
        ),
    }
}

/// The files of a standalone crate around generated sources: a `Cargo.toml` with the
/// dependencies the generated code needs, and the sources under `src/`. Its version carries
/// the APIs' revisions as build metadata (`0.1.0+20250130`), unless `version` has some.
pub fn standalone_crate(files: &Files, name: &str, version: &str) -> Files {
    let version = match build_metadata(files) {
        Some(metadata) if !version.contains('+') => format!("{version}+{metadata}"),
        _ => version.to_owned(),
    };
    let header = files
        .get("lib.rs")
        .and_then(|lib| lib.lines().next())
        .map(|line| line.replacen("//", "#", 1))
        .unwrap_or_default();
    // The resource features that the sources' `#[cfg]`s test, all on by default.
    let mut features = std::collections::BTreeSet::new();
    for line in files.values().flat_map(|source| source.lines()) {
        let Some(cfg) = line.trim_start().strip_prefix("#[cfg(") else {
            continue;
        };
        for part in cfg.split("feature = \"").skip(1) {
            if let Some(feature) = part
                .split('"')
                .next()
                .filter(|feature| *feature != "reqwest")
            {
                features.insert(feature.to_owned());
            }
        }
    }
    let default: String = features
        .iter()
        .map(|feature| format!(", \"{feature}\""))
        .collect();
    let declared: String = features
        .iter()
        .map(|feature| format!("{feature} = []\n"))
        .collect();
    let manifest = format!(
        "{header}\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         edition = \"2021\"\n\
         \n\
         [features]\n\
         default = [\"reqwest\"{default}]\n\
         reqwest = [\"dep:reqwest\", \"dep:rustls\"]\n\
         {declared}\
         \n\
         [dependencies]\n\
         base64 = \"0.22\"\n\
         bytes = \"1\"\n\
         futures-core = \"0.3\"\n\
         http = \"1\"\n\
         percent-encoding = \"2\"\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"], optional = true }}\n\
         rustls = {{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"], optional = true }}\n\
         serde = \"1\"\n\
         serde_json = \"1\"\n\
         serde_path_to_error = \"0.1\"\n"
    );
    let mut crate_files: Files = files
        .iter()
        .map(|(path, contents)| (format!("src/{path}"), contents.clone()))
        .collect();
    crate_files.insert("Cargo.toml".to_owned(), manifest);
    crate_files
}

/// Adds the document's file name to a JSON error.
fn in_file(error: Error, document: &Path) -> Error {
    match error {
        Error::Json {
            path,
            line,
            column,
            reason,
        } => Error::Json {
            path,
            line,
            column,
            reason: format!("{reason} (in {})", document.display()),
        },
        other => other,
    }
}

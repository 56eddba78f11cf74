//! The generator's error type. Every error about a discovery document names where in the
//! document it is (a JSON path such as `schemas.Foo.properties.bar`) and why.

use std::path::PathBuf;

/// Everything that can stop a generation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is not JSON, or a value has the wrong shape.
    #[error("malformed discovery document at `{path}`: {reason}")]
    Json {
        /// JSON path of the value that failed, `.` for the document itself.
        path: String,
        /// 1-based line of the failure.
        line: usize,
        /// 1-based column of the failure.
        column: usize,
        /// What serde_json reported, with line and column.
        reason: String,
    },

    /// The document is valid JSON, but the generator cannot turn it into Rust.
    #[error("`{path}`: {reason}")]
    Invalid {
        /// JSON path of the offending value, for example `schemas.Foo.properties.bar`.
        path: String,
        /// Why it was refused.
        reason: String,
    },

    /// A resource named in the settings does not exist in the document.
    #[error("unknown resource `{resource}`; the document has: {available}")]
    UnknownResource {
        /// The resource path as given, for example `accounts.mfaSignIn`.
        resource: String,
        /// The resource paths the document does have, comma separated.
        available: String,
    },

    /// The generation settings are wrong.
    #[error("settings: {0}")]
    Settings(String),

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The emitted tokens do not parse as Rust; a bug in the generator.
    #[error("internal error: generated code for `{module}` does not parse: {reason}")]
    Emit {
        /// The module being generated.
        module: String,
        /// What syn reported.
        reason: String,
    },
}

impl Error {
    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

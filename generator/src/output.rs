//! Writing generated files to disk, and comparing them with what is there.
//!
//! A directory is never left half-written: the new tree is assembled beside it and swapped in
//! with renames. Files whose bytes do not change keep their modification time, so that cargo
//! does not rebuild what did not change, and nothing at all is touched when nothing changed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::emit::Files;
use crate::error::Error;

/// How a directory differs from the files that should be in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// A file that should be there is missing.
    Missing(String),
    /// A file has other bytes than it should.
    Changed(String),
    /// A file is there that should not be.
    Extra(String),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing(path) => write!(formatter, "missing: {path}"),
            Difference::Changed(path) => write!(formatter, "differs: {path}"),
            Difference::Extra(path) => write!(formatter, "not generated: {path}"),
        }
    }
}

/// Compares `dir` with `files`; an empty list means they are the same.
pub fn compare(dir: &Path, files: &Files) -> Result<Vec<Difference>, Error> {
    let mut differences = Vec::new();
    for (path, contents) in files {
        match fs::read(dir.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => differences.push(Difference::Changed(path.clone())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                differences.push(Difference::Missing(path.clone()));
            }
            Err(error) => return Err(Error::io(dir.join(path), error)),
        }
    }
    for path in list_files(dir)? {
        if !files.contains_key(&path) {
            differences.push(Difference::Extra(path));
        }
    }
    Ok(differences)
}

/// Makes `dir` hold exactly `files`, and returns what differed before.
pub fn write(dir: &Path, files: &Files) -> Result<Vec<Difference>, Error> {
    let differences = compare(dir, files)?;
    if differences.is_empty() {
        return Ok(differences);
    }

    let parent = dir
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .ok_or_else(|| Error::Settings(format!("{} cannot be an output directory", dir.display())))?
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(parent).map_err(|error| Error::io(parent, error))?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));

    if let Err(error) = stage(dir, &staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if dir.exists() {
        fs::rename(dir, &retired).map_err(|error| Error::io(dir, error))?;
    }
    if let Err(error) = fs::rename(&staging, dir) {
        // Put the old tree back rather than leave no tree at all.
        let _ = fs::rename(&retired, dir);
        let _ = fs::remove_dir_all(&staging);
        return Err(Error::io(dir, error));
    }
    if retired.exists() {
        fs::remove_dir_all(&retired).map_err(|error| Error::io(&retired, error))?;
    }
    Ok(differences)
}

/// Assembles the new tree in `staging`. A file whose bytes did not change is hard-linked from
/// the old tree, which keeps its modification time.
fn stage(dir: &Path, staging: &Path, files: &Files) -> Result<(), Error> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|error| Error::io(staging, error))?;
    }
    for (path, contents) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|error| Error::io(parent, error))?;
        }
        let existing = dir.join(path);
        let unchanged = fs::read(&existing).is_ok_and(|bytes| bytes == contents.as_bytes());
        if !(unchanged && fs::hard_link(&existing, &target).is_ok()) {
            fs::write(&target, contents).map_err(|error| Error::io(&target, error))?;
        }
    }
    Ok(())
}

/// The files below `dir`, as `/`-separated relative paths; none when `dir` does not exist.
fn list_files(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(Error::io(&current, error)),
        };
        for entry in entries {
            let entry = entry.map_err(|error| Error::io(&current, error))?;
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<_> = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

//! The build-script front end: `google_api_codegen::build_script::run()` in a crate's
//! `build.rs` regenerates its sources from the settings in its `Cargo.toml`.

use std::path::{Path, PathBuf};

use crate::diff;
use crate::discovery::Document;
use crate::error::Error;
use crate::lower::Selection;
use crate::settings::Settings;

/// Regenerates the crate being built. Prints `cargo:rerun-if-changed` for the manifest and
/// the discovery documents, never for the output, and writes only files whose bytes change.
pub fn run() -> Result<(), Error> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::Settings("CARGO_MANIFEST_DIR is not set; run this from build.rs".to_owned())
        })?;
    run_in(&manifest_dir)
}

/// [`run`] for the crate whose `Cargo.toml` is in `manifest_dir`.
pub fn run_in(manifest_dir: &Path) -> Result<(), Error> {
    let manifest = manifest_dir.join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let settings = Settings::from_manifest(&manifest)?;
    for api in &settings.apis {
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join(&api.document).display()
        );
    }
    let files = crate::generate(&settings, manifest_dir)?;
    crate::output::write(&manifest_dir.join(&settings.out), &files)?;

    if let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) {
        for api in &settings.apis {
            let document = manifest_dir.join(&api.document);
            // Kept by the document's file name, which names the API and version, so that
            // reordering the settings compares each API with its own earlier revision.
            let Some(name) = api.document.file_name() else {
                continue;
            };
            let kept = out_dir.join("previous").join(name);
            if let Some(summary) = revision_change(&document, &kept, &api.selection()) {
                println!("cargo:warning={summary}");
            }
        }
    }
    if let (Some(metadata), Ok(version)) = (
        crate::build_metadata(&files),
        std::env::var("CARGO_PKG_VERSION"),
    ) {
        if version.split_once('+').map(|(_, ours)| ours) != Some(metadata.as_str()) {
            println!(
                "cargo:warning=the package version {version} does not name the revisions of \
                 its discovery documents: make it {}+{metadata}",
                version.split('+').next().unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// When `document` differs from the copy kept at `kept` by the last build, the one-line
/// summary of what changed (or of why it cannot be compared); keeps `document` for the next.
fn revision_change(document: &Path, kept: &Path, selection: &Selection) -> Option<String> {
    let text = std::fs::read_to_string(document).ok()?;
    let previous = std::fs::read_to_string(kept).ok();
    // Written beside and renamed, so that no build sees half a copy.
    let partial = kept.with_extension("json.partial");
    let written = kept
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&partial, &text));
    if written.is_ok() {
        let _ = std::fs::rename(&partial, kept);
    }
    let previous = previous.filter(|previous| *previous != text)?;
    let compared = Document::from_json(&previous)
        .and_then(|old| diff::diff(&old, &Document::from_json(&text)?, selection));
    Some(match compared {
        Ok(diff) => diff.summary(),
        Err(error) => format!(
            "{}: cannot compare with the revision it replaces: {error}",
            document.display()
        ),
    })
}

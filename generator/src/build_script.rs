//! The build-script front end: `google_api_codegen::build_script::run()` in a crate's
//! `build.rs` regenerates its sources from the settings in its `Cargo.toml`.

use std::path::{Path, PathBuf};

use crate::error::Error;
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
    Ok(())
}

//! Regenerates `generated/` from `discovery/` and the settings in `Cargo.toml`
//! (`[package.metadata.google-api-codegen]`), when the `regenerate` feature is on.

fn main() {
    #[cfg(feature = "regenerate")]
    if let Err(error) = google_api_codegen::build_script::run() {
        eprintln!("error: regenerating the client failed: {error}");
        std::process::exit(1);
    }

    // Without the feature there is nothing to do, and nothing that should rerun this script.
    #[cfg(not(feature = "regenerate"))]
    println!("cargo:rerun-if-changed=build.rs");
}

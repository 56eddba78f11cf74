//! The checked-in `generated/` is exactly what the generator makes of `discovery/` and the
//! settings in `Cargo.toml`.

use std::path::Path;

use google_api_codegen::{output, Settings};

#[test]
fn generated_sources_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings::from_manifest(&root.join("Cargo.toml")).unwrap();
    let files = google_api_codegen::generate(&settings, root).unwrap();

    // Generate into a temporary directory too, so that the comparison also covers writing.
    let scratch = tempfile::tempdir().unwrap();
    let fresh = scratch.path().join("generated");
    output::write(&fresh, &files).unwrap();
    let differences = output::compare(&fresh, &files).unwrap();
    assert!(
        differences.is_empty(),
        "writing lost files: {differences:?}"
    );

    let differences = output::compare(&root.join(&settings.out), &files).unwrap();
    assert!(
        differences.is_empty(),
        "generated/ is stale:\n{}\nRegenerate it and commit the result:\n    \
         cargo run -p google-api-codegen -- generate --manifest-path Cargo.toml",
        differences
            .iter()
            .map(|d| format!("    {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

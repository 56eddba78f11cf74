//! A vendored client, with the `regenerate` feature off, compiles no code generator; without
//! the `reqwest` feature either, no proc-macro crate and no HTTP stack: only serde,
//! serde_json, serde_path_to_error, http, base64 and percent-encoding, and theirs.

use std::process::Command;

#[test]
fn without_regenerate_the_client_depends_on_no_code_generator_or_proc_macro() {
    let root = env!("CARGO_MANIFEST_DIR");
    let tree = |features: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args([
                "tree",
                "--offline",
                "-p",
                "google-identitytoolkit",
                "-e",
                "normal,build",
            ])
            .args(["--prefix", "none", "--format", "{p}"])
            .args(features)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let crate_names = |tree: &str| -> Vec<String> {
        let mut names: Vec<String> = tree
            .lines()
            .filter_map(|line| line.split(' ').next())
            .map(str::to_owned)
            .collect();
        names.sort();
        names.dedup();
        names
    };

    let vendored = crate_names(&tree(&["--no-default-features"]));
    for heavy in [
        "google-api-codegen",
        "syn",
        "quote",
        "proc-macro2",
        "prettyplease",
        "serde_derive",
        "thiserror",
    ] {
        assert!(
            !vendored.iter().any(|name| name == heavy),
            "{heavy} is compiled: {vendored:?}"
        );
    }
    assert!(
        vendored.iter().any(|name| name == "serde_json"),
        "{vendored:?}"
    );

    // The default transport brings reqwest, and through its URL parser some proc-macro
    // crates, but still no code generator.
    let transport = crate_names(&tree(&["--no-default-features", "--features", "reqwest"]));
    for heavy in ["google-api-codegen", "prettyplease", "heck"] {
        assert!(
            !transport.iter().any(|name| name == heavy),
            "{heavy} is compiled: {transport:?}"
        );
    }
    for needed in ["reqwest", "rustls", "ring", "tokio"] {
        assert!(
            transport.iter().any(|name| name == needed),
            "{needed} missing: {transport:?}"
        );
    }
    assert!(
        !vendored
            .iter()
            .any(|name| name == "reqwest" || name == "tokio"),
        "{vendored:?}"
    );

    // The check can fail: with the feature on, the generator and its stack are there.
    let regenerating = crate_names(&tree(&[]));
    for heavy in ["google-api-codegen", "syn", "prettyplease"] {
        assert!(
            regenerating.iter().any(|name| name == heavy),
            "{heavy} missing: {regenerating:?}"
        );
    }
}

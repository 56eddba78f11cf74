//! The build script, on a copy of the workspace: a changed discovery document is regenerated
//! and compiled in the same build, and a build with nothing changed touches nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const REVISION_20220815: &str = "tests/fixtures/revisions/identitytoolkit.v2.20220815.json";

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `cargo build -v` in `workspace` and returns its stderr.
fn cargo_build(workspace: &Path, target_dir: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["build", "-v", "--offline", "-p", "google-identitytoolkit"])
        // The transport plays no part in regeneration; leaving it out saves compiling it.
        .args(["--no-default-features", "--features", "regenerate"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "cargo build failed:\n{stderr}");
    stderr
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    (modified, fs::read(&path).unwrap()),
                );
            }
        }
    }
    files
}

fn assert_nothing_rebuilt(stderr: &str) {
    assert!(
        stderr.contains("Fresh google-identitytoolkit"),
        "the client was rebuilt:\n{stderr}"
    );
    assert!(
        !stderr.contains("build-script-build`"),
        "the build script ran again:\n{stderr}"
    );
}

#[test]
fn build_script_regenerates_only_when_inputs_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Its own target directory, kept between runs, so that only the first run compiles the
    // dependencies; never the outer build's, whose lock `cargo test` holds.
    let target_dir = root.join("target").join("build-script-test");
    let scratch = tempfile::tempdir().unwrap();
    let workspace = scratch.path().join("workspace");
    fs::create_dir_all(&workspace).unwrap();
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        fs::copy(root.join(file), workspace.join(file)).unwrap();
    }
    // Everything the manifest names; of `tests/`, only the target it lists.
    for dir in ["generator", "generated", "discovery", "benches", "examples"] {
        copy_tree(&root.join(dir), &workspace.join(dir));
    }
    fs::create_dir_all(workspace.join("tests")).unwrap();
    fs::copy(
        root.join("tests/end_to_end.rs"),
        workspace.join("tests/end_to_end.rs"),
    )
    .unwrap();
    let generated = workspace.join("generated");
    let document = workspace.join("discovery/identitytoolkit.v2.json");

    let stderr = cargo_build(&workspace, &target_dir);
    // The package version names the documents' revisions, and there is no earlier revision
    // to compare with.
    assert!(
        !stderr.contains("warning: google-identitytoolkit"),
        "{stderr}"
    );
    let before = snapshot(&generated);

    // Nothing changed: no file is rewritten, nothing is rebuilt.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let stderr = cargo_build(&workspace, &target_dir);
    assert_nothing_rebuilt(&stderr);
    assert_eq!(
        snapshot(&generated),
        before,
        "a build with nothing changed touched generated/"
    );

    // An earlier revision: regenerated and compiled in the next build.
    fs::copy(root.join(REVISION_20220815), &document).unwrap();
    let stderr = cargo_build(&workspace, &target_dir);
    assert!(
        stderr.contains("build-script-build`"),
        "the build script did not rerun:\n{stderr}"
    );
    // One line on what changed, against the revision the document replaced, and a reminder
    // that the package version names the old one.
    let summary = stderr
        .lines()
        .find(|line| line.contains("identitytoolkit v2 20250130 -> 20220815: "))
        .unwrap_or_else(|| panic!("no summary of the change:\n{stderr}"));
    assert!(
        summary.starts_with("warning: google-identitytoolkit@"),
        "{summary}"
    );
    // The TOTP fields and types of 2023 and the phone fields of 2023 and 2024 go away.
    assert!(
        summary.ends_with(
            "identitytoolkit v2 20250130 -> 20220815: 15 breaking (10 wire, 5 source), \
             0 additive, 0 documentation"
        ),
        "{summary}"
    );
    assert!(
        stderr.contains("make it 0.1.0+v1-20260311.v2-20220815"),
        "{stderr}"
    );
    let model = fs::read_to_string(generated.join("v2/model.rs")).unwrap();
    assert!(model.starts_with(
        "// @generated by google-api-codegen from identitytoolkit v2 (revision 20220815)"
    ));
    let finalize = model
        .split("pub struct FinalizeMfaSignInRequest {")
        .nth(1)
        .unwrap()
        .split("\n}")
        .next()
        .unwrap();
    assert!(
        !finalize.contains("mfa_enrollment_id"),
        "20220815 has no mfaEnrollmentId:\n{finalize}"
    );
    assert!(finalize.contains("pub mfa_pending_credential: Option<String>"));
    assert!(
        !model.contains("pub captcha_response"),
        "20220815 has no captchaResponse"
    );
    // Only v2's files changed: the support code and v1 were left alone, mtimes included.
    let after = snapshot(&generated);
    for unchanged in ["runtime.rs", "v1/mod.rs", "v1/model.rs", "v1/accounts.rs"] {
        assert_eq!(
            after[Path::new(unchanged)],
            before[Path::new(unchanged)],
            "{unchanged}"
        );
    }
    assert_ne!(
        after[Path::new("v2/model.rs")],
        before[Path::new("v2/model.rs")]
    );

    // That build already compiled the new sources: the next one finds everything fresh.
    let stderr = cargo_build(&workspace, &target_dir);
    assert_nothing_rebuilt(&stderr);

    // The whole API, int64 and bytes fields included, generates and compiles.
    fs::copy(root.join("discovery/identitytoolkit.v2.json"), &document).unwrap();
    let manifest = fs::read_to_string(workspace.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        r#"resources = ["accounts.mfaEnrollment", "accounts.mfaSignIn"]"#,
        r#"resources = ["all"]"#,
    );
    fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    cargo_build(&workspace, &target_dir);
    let model = fs::read_to_string(generated.join("v2/model.rs")).unwrap();
    assert!(
        model.contains(" as int64,\n"),
        "no int64 field in the whole API"
    );
    assert!(
        model.contains(" as bytes,\n"),
        "no bytes field in the whole API"
    );
    assert!(generated.join("v2/projects/tenants/mod.rs").exists());
}

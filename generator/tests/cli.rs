//! The command-line tool: deterministic output, `--check`, and standalone crates that pass
//! clippy and rustdoc with warnings denied.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn document_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../discovery/identitytoolkit.v2.json")
}

fn codegen(args: &[&str], document: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_google-api-codegen"))
        .arg("generate")
        .arg(document)
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

/// Writes `value` as JSON with every object's keys in reverse order.
fn write_reversed(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (index, (key, value)) in map.iter().rev().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write!(out, "{}:", Value::String(key.clone())).unwrap();
                write_reversed(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_reversed(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[test]
fn output_is_deterministic_whatever_the_key_order() {
    let scratch = tempfile::tempdir().unwrap();
    let args = [
        "--resource",
        "all",
        "--schema-prefix",
        "GoogleCloudIdentitytoolkitV2",
        "--quiet",
    ];
    let first = scratch.path().join("first");
    let second = scratch.path().join("second");
    let shuffled = scratch.path().join("shuffled");
    assert!(codegen(&args, &document_path(), &first).status.success());
    assert!(codegen(&args, &document_path(), &second).status.success());

    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(document_path()).unwrap()).unwrap();
    let mut reversed = String::new();
    write_reversed(&original, &mut reversed);
    let original_text = std::fs::read_to_string(document_path()).unwrap();
    assert_ne!(
        reversed.split("\"schemas\"").next(),
        original_text.split("\"schemas\"").next()
    );
    let reversed_path = scratch.path().join("reversed.json");
    std::fs::write(&reversed_path, reversed).unwrap();
    assert!(codegen(&args, &reversed_path, &shuffled).status.success());

    let first = read_tree(&first);
    assert!(first.len() > 10, "only {} files", first.len());
    assert_eq!(first, read_tree(&second));
    assert_eq!(first, read_tree(&shuffled));
}

#[test]
fn check_reports_differences_and_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let args = ["--resource", "accounts.mfaSignIn"];

    let missing = codegen(&[&args[..], &["--check"]].concat(), &document_path(), &out);
    assert_eq!(missing.status.code(), Some(1));
    assert!(!out.exists());

    let written = codegen(&args, &document_path(), &out);
    assert!(written.status.success());
    assert_eq!(
        String::from_utf8_lossy(&written.stdout).trim(),
        format!(
            "{}: 6 files, 6 written, 0 removed, 0 unchanged",
            out.display()
        )
    );
    let up_to_date = codegen(&[&args[..], &["--check"]].concat(), &document_path(), &out);
    assert_eq!(up_to_date.status.code(), Some(0));

    std::fs::write(out.join("v2/model.rs"), "// edited by hand\n").unwrap();
    std::fs::write(out.join("extra.rs"), "").unwrap();
    let stale = codegen(&[&args[..], &["--check"]].concat(), &document_path(), &out);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("differs: v2/model.rs"), "{stderr}");
    assert!(stderr.contains("not generated: extra.rs"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("v2/model.rs")).unwrap(),
        "// edited by hand\n"
    );

    let rewritten = codegen(&args, &document_path(), &out);
    assert_eq!(
        String::from_utf8_lossy(&rewritten.stdout).trim(),
        format!(
            "{}: 6 files, 1 written, 1 removed, 5 unchanged",
            out.display()
        )
    );
    assert!(!out.join("extra.rs").exists());
}

/// Runs cargo in a standalone generated crate, sharing one target directory between runs.
fn cargo(crate_dir: &Path, args: &[&str]) {
    let target_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/standalone-test");
    let output = Command::new(env!("CARGO"))
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn standalone_crates_of_whole_apis_are_clean_under_clippy_and_rustdoc() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    for (document, name) in [
        (document_path(), "identitytoolkit-v2"),
        (
            fixtures.join("identitytoolkit.v1.json"),
            "identitytoolkit-v1",
        ),
        (
            fixtures.join("identitytoolkit.v3.json"),
            "identitytoolkit-v3",
        ),
    ] {
        let scratch = tempfile::tempdir().unwrap();
        let crate_dir = scratch.path().join(name);
        let args = ["--resource", "all", "--crate-name", name, "--quiet"];
        let output = codegen(&args, &document, &crate_dir);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{manifest}"
        );
        assert!(crate_dir.join("src/lib.rs").exists());

        // A crate of its own, not a member of whatever workspace the temporary directory is in.
        std::fs::write(
            crate_dir.join("Cargo.toml"),
            format!("{manifest}\n[workspace]\n"),
        )
        .unwrap();
        cargo(
            &crate_dir,
            &["clippy", "--all-targets", "--", "-D", "warnings"],
        );
        cargo(&crate_dir, &["doc", "--no-deps"]);
    }
}

#[test]
fn a_resource_selection_generates_the_schemas_it_reaches_and_nothing_else() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let args = [
        "--resource",
        "accounts.mfaSignIn",
        "--schema-prefix",
        "GoogleCloudIdentitytoolkitV2",
        "--quiet",
    ];
    assert!(codegen(&args, &document_path(), &out).status.success());
    let model = std::fs::read_to_string(out.join("v2/model.rs")).unwrap();
    let mut types: Vec<&str> = model
        .lines()
        .filter_map(|line| {
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
        })
        .map(|rest| rest.split([' ', '{']).next().unwrap())
        .collect();
    types.sort();
    assert_eq!(
        types,
        [
            "AutoRetrievalInfo",
            "FinalizeMfaPhoneRequestInfo",
            "FinalizeMfaPhoneResponseInfo",
            "FinalizeMfaSignInRequest",
            "FinalizeMfaSignInResponse",
            "MfaTotpSignInRequestInfo",
            "StartMfaPhoneRequestInfo",
            "StartMfaPhoneRequestInfoClientType",
            "StartMfaPhoneRequestInfoRecaptchaVersion",
            "StartMfaPhoneResponseInfo",
            "StartMfaSignInRequest",
            "StartMfaSignInResponse",
        ]
    );
    let mut files: Vec<_> = read_tree(&out).into_keys().collect();
    files.sort();
    let files: Vec<String> = files
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "lib.rs",
            "runtime.rs",
            "v2/accounts/mfa_sign_in.rs",
            "v2/accounts/mod.rs",
            "v2/mod.rs",
            "v2/model.rs"
        ]
    );
}

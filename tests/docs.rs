//! Everything the Python client's reference page for `accounts.mfaSignIn` documents (methods,
//! parameters, fields and their descriptions) has its counterpart in the generated rustdoc.
//!
//! The page is checked in as `tests/fixtures/identitytoolkit_v2.accounts.mfaSignIn.txt`.

use std::path::Path;

/// Reads the generated sources and returns (code, rustdoc text with the escapes undone).
fn generated_sources() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let mut code = String::new();
    for file in [
        "v2/mod.rs",
        "v2/model.rs",
        "v2/accounts/mod.rs",
        "v2/accounts/mfa_sign_in.rs",
    ] {
        code.push_str(&std::fs::read_to_string(root.join(file)).unwrap());
    }
    let docs: Vec<&str> = code
        .lines()
        .filter_map(|line| {
            line.trim_start()
                .strip_prefix("///")
                .or_else(|| line.trim_start().strip_prefix("//!"))
        })
        .map(str::trim)
        .collect();
    let docs = docs
        .join(" ")
        .replace("\\[", "[")
        .replace("\\]", "]")
        .replace("(<", "(")
        .replace(">)", ")");
    (code, docs)
}

/// Undoes the HTML escaping of the reference page.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_field_of_the_reference_page_is_documented() {
    let page = unescape(include_str!(
        "fixtures/identitytoolkit_v2.accounts.mfaSignIn.txt"
    ));
    let (code, docs) = generated_sources();
    let mut checked = 0;

    for line in page.lines() {
        let line = line.trim();
        // A field: `"name": "A String", # description` or `"name": { # type doc # field doc`.
        if let Some(rest) = line.strip_prefix('"') {
            let Some((name, rest)) = rest.split_once('"') else {
                continue;
            };
            let field = format!("pub {}:", snake_case(name));
            assert!(code.contains(&field), "no field `{field}` for {name:?}");
            for description in rest.split(" # ").skip(1) {
                let description = description.trim();
                assert!(
                    docs.contains(description),
                    "no rustdoc for {name:?}: {description:?}"
                );
                checked += 1;
            }
        } else if let Some((_, description)) = line.split_once("{ # ") {
            // A request or response type's description.
            assert!(
                docs.contains(description.trim()),
                "no rustdoc: {description:?}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 40,
        "only {checked} descriptions found: has the page's format changed?"
    );
}

#[test]
fn every_method_and_parameter_of_the_reference_page_is_documented() {
    let page = unescape(include_str!(
        "fixtures/identitytoolkit_v2.accounts.mfaSignIn.txt"
    ));
    let (code, docs) = generated_sources();

    for (method, description) in [
        (
            "finalize",
            "Verifies the MFA challenge and performs sign-in",
        ),
        ("start", "Sends the MFA challenge"),
    ] {
        assert!(page.contains(&format!("{method}(body=None, x__xgafv=None)")));
        assert!(page.contains(description));
        assert!(
            code.contains(&format!("pub fn {method}(")),
            "no method {method}"
        );
        assert!(docs.contains(description), "no rustdoc for {method}");
    }

    // `x__xgafv: string, V1 error format.` with its allowed values.
    assert!(page.contains("x__xgafv: string, V1 error format."));
    assert!(code.contains("pub fn xgafv(mut self, value: crate::v2::Xgafv)"));
    assert!(docs.contains("V1 error format."));
    for value in ["1 - v1 error format", "2 - v2 error format"] {
        assert!(page.contains(value));
        let (wire, description) = value.split_once(" - ").unwrap();
        assert!(
            docs.contains(description),
            "no rustdoc for the value {wire}"
        );
        assert!(
            code.contains(&format!("    V{wire} = \"{wire}\",")),
            "no variant for the value {wire}"
        );
    }
}

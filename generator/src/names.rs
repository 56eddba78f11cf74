//! Turning discovery names into Rust identifiers. Every identifier the generator emits comes
//! through here, so that one keyword list and one set of rules apply everywhere.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::Error;

/// Strict and reserved keywords of every edition, plus the weak keywords that cannot name an
/// item. A name that is one of these gets a trailing underscore.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A `snake_case` name for a field, method, parameter or module.
///
/// `path` is the JSON path of the name in the discovery document, for the error when nothing
/// usable is left of it.
pub fn snake(name: &str, path: &str) -> Result<String, Error> {
    finish(word_chars(name).to_snake_case(), "_", name, path)
}

/// An `UpperCamelCase` name for a type or an enum variant.
pub fn camel(name: &str, path: &str) -> Result<String, Error> {
    finish(word_chars(name).to_upper_camel_case(), "V", name, path)
}

/// Replaces every character that cannot be part of an identifier with a word break, so that
/// `$.xgafv` becomes `xgafv` and `foo.bar-baz` becomes `foo_bar_baz`.
fn word_chars(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn finish(
    mut ident: String,
    digit_prefix: &str,
    original: &str,
    path: &str,
) -> Result<String, Error> {
    if ident.is_empty() {
        return Err(Error::invalid(
            path,
            format!("the name {original:?} has no letters or digits to make a Rust identifier of"),
        ));
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    Ok(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        assert_eq!(
            snake("mfaPendingCredential", "p").unwrap(),
            "mfa_pending_credential"
        );
        assert_eq!(snake("$.xgafv", "p").unwrap(), "xgafv");
        assert_eq!(snake("upload_protocol", "p").unwrap(), "upload_protocol");
        assert_eq!(snake("mfaSignIn", "p").unwrap(), "mfa_sign_in");
        assert_eq!(snake("type", "p").unwrap(), "type_");
        assert_eq!(snake("self", "p").unwrap(), "self_");
        assert_eq!(snake("crate", "p").unwrap(), "crate_");
        assert_eq!(snake("2fa", "p").unwrap(), "_2fa");
        assert_eq!(snake("@type", "p").unwrap(), "type_");
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("CLIENT_TYPE_WEB", "p").unwrap(), "ClientTypeWeb");
        assert_eq!(camel("1", "p").unwrap(), "V1");
        assert_eq!(camel("Self", "p").unwrap(), "Self_");
        assert_eq!(camel("self", "p").unwrap(), "Self_");
        assert_eq!(camel("foo-bar", "p").unwrap(), "FooBar");
    }

    #[test]
    fn names_without_letters_are_refused() {
        let error = snake("$.", "schemas.Foo.properties.$.").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`schemas.Foo.properties.$.`: the name \"$.\" has no letters or digits to make a Rust \
             identifier of"
        );
    }
}

//! The diff on nine real revisions of Identity Toolkit v2, from 2022-08-15 to 2025-01-30
//! (`tests/fixtures/revisions/`): the changes to `accounts.mfaSignIn`, checked by hand against
//! the documents, and for the whole API, the count of each class against a count made here
//! from the raw JSON by code that shares nothing with the generator.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use google_api_codegen::diff::{self, Class, Diff};
use google_api_codegen::lower::Selection;
use google_api_codegen::Document;
use serde_json::Value;

const REVISIONS: [&str; 9] = [
    "20220815", "20221206", "20230224", "20230610", "20231103", "20240220", "20240621", "20241024",
    "20250130",
];

fn revision_path(revision: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/revisions")
        .join(format!("identitytoolkit.v2.{revision}.json"))
}

fn text(revision: &str) -> String {
    std::fs::read_to_string(revision_path(revision)).unwrap()
}

fn document(revision: &str) -> Document {
    Document::from_json(&text(revision)).unwrap()
}

fn mfa_sign_in() -> Selection {
    let mut selection = Selection::new(["accounts.mfaSignIn"]);
    selection.schema_prefixes = vec!["GoogleCloudIdentitytoolkitV2".to_owned()];
    selection
}

/// Each change as `class kind place: change`.
fn lines(diff: &Diff) -> Vec<String> {
    diff.changes
        .iter()
        .map(|change| {
            format!(
                "{} {} {}: {}",
                change.class.label(),
                change.kind.label(),
                change.place,
                change.change
            )
        })
        .collect()
}

#[test]
fn the_changes_to_mfa_sign_in_between_consecutive_revisions() {
    const PREFIX: &str = "GoogleCloudIdentitytoolkitV2";
    let expected: BTreeMap<(&str, &str), Vec<String>> = [
        (
            ("20221206", "20230224"),
            vec![format!(
                "additive property {PREFIX}StartMfaPhoneRequestInfo.playIntegrityToken: added, string"
            )],
        ),
        (
            ("20230224", "20230610"),
            vec![
                format!(
                    "additive schema {PREFIX}MfaTotpSignInRequestInfo: added, type `MfaTotpSignInRequestInfo`"
                ),
                format!("additive property {PREFIX}FinalizeMfaSignInRequest.mfaEnrollmentId: added, string"),
                format!(
                    "additive property {PREFIX}FinalizeMfaSignInRequest.totpVerificationInfo: added, \
                     object {PREFIX}MfaTotpSignInRequestInfo"
                ),
            ],
        ),
        (
            ("20240621", "20241024"),
            vec![
                format!("additive property {PREFIX}StartMfaPhoneRequestInfo.captchaResponse: added, string"),
                // Both are enums: strings on the wire.
                format!("additive property {PREFIX}StartMfaPhoneRequestInfo.clientType: added, string"),
                format!(
                    "additive property {PREFIX}StartMfaPhoneRequestInfo.recaptchaVersion: added, string"
                ),
            ],
        ),
    ]
    .into_iter()
    .collect();

    for pair in REVISIONS.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        let diff = diff::diff(&document(old), &document(new), &mfa_sign_in()).unwrap();
        assert_eq!(diff.old_revision.as_deref(), Some(old));
        assert_eq!(diff.new_revision.as_deref(), Some(new));
        let want = expected.get(&(old, new)).cloned().unwrap_or_default();
        assert_eq!(lines(&diff), want, "{old} -> {new}");
        assert_eq!(
            diff.summary(),
            format!(
                "identitytoolkit v2 {old} -> {new}: 0 breaking (0 wire, 0 source), {} additive, \
                 0 documentation",
                want.len()
            )
        );
    }
}

#[test]
fn a_revision_compared_with_itself_or_reordered_has_no_change() {
    let text = text("20250130");
    let same = diff::diff(
        &Document::from_json(&text).unwrap(),
        &Document::from_json(&text).unwrap(),
        &Selection::new(["all"]),
    )
    .unwrap();
    assert!(same.changes.is_empty(), "{:?}", same.changes);

    // Another etag and revision, and every object's keys in reverse order.
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["etag"] = Value::from("\"another\"");
    value["revision"] = Value::from("20990101");
    let reordered = Document::from_json(&reverse_keys(&value).to_string()).unwrap();
    let diff = diff::diff(
        &Document::from_json(&text).unwrap(),
        &reordered,
        &Selection::new(["all"]),
    )
    .unwrap();
    assert!(diff.changes.is_empty(), "{:?}", diff.changes);
    assert_eq!(diff.new_revision.as_deref(), Some("20990101"));
}

fn reverse_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut reversed = serde_json::Map::new();
            for (key, value) in map.iter().rev() {
                reversed.insert(key.clone(), reverse_keys(value));
            }
            Value::Object(reversed)
        }
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

#[test]
fn whole_api_counts_match_an_independent_count_from_the_raw_json() {
    let mut total = 0;
    for pair in REVISIONS.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        let diff = diff::diff(&document(old), &document(new), &Selection::new(["all"])).unwrap();
        let old_json: Value = serde_json::from_str(&text(old)).unwrap();
        let new_json: Value = serde_json::from_str(&text(new)).unwrap();
        let mut count = RawCount::new(&old_json, &new_json);
        count.document();
        let ours: BTreeMap<&str, usize> = Class::ALL
            .iter()
            .map(|&class| (class.label(), diff.count(class)))
            .collect();
        assert_eq!(
            ours,
            count.by_class(),
            "{old} -> {new}\nours:\n{}\nraw:\n{}",
            lines(&diff).join("\n"),
            count.found.join("\n")
        );
        total += diff.changes.len();
    }
    // The revisions do change: 53 additive changes alone from the first to the last.
    assert!(total > 50, "{total}");
}

/// Counts changes between two documents as raw JSON, by the classes the diff documents.
struct RawCount<'a> {
    old: &'a Value,
    new: &'a Value,
    /// `class: place what`, one per change.
    found: Vec<String>,
}

const WIRE: &str = "wire-breaking";
const SOURCE: &str = "source-breaking";
const ADDITIVE: &str = "additive";
const DOCS: &str = "documentation";

fn object(value: &Value, key: &str) -> serde_json::Map<String, Value> {
    value
        .get(key)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn keys<'k>(
    a: &'k serde_json::Map<String, Value>,
    b: &'k serde_json::Map<String, Value>,
) -> BTreeSet<&'k String> {
    a.keys().chain(b.keys()).collect()
}

/// The strings of the array under `key`.
fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl<'a> RawCount<'a> {
    fn new(old: &'a Value, new: &'a Value) -> Self {
        RawCount {
            old,
            new,
            found: Vec::new(),
        }
    }

    fn by_class(&self) -> BTreeMap<&'static str, usize> {
        [WIRE, SOURCE, ADDITIVE, DOCS]
            .into_iter()
            .map(|class| {
                let count = self
                    .found
                    .iter()
                    .filter(|line| line.starts_with(&format!("{class}:")))
                    .count();
                (class, count)
            })
            .collect()
    }

    fn note(&mut self, class: &str, place: &str, what: &str) {
        self.found.push(format!("{class}: {place} {what}"));
    }

    fn changed(&mut self, class: &str, place: &str, what: &str, a: &Value, b: &Value, key: &str) {
        if a.get(key) != b.get(key) {
            self.note(class, place, what);
        }
    }

    fn document(&mut self) {
        let (old, new) = (self.old, self.new);
        for key in ["rootUrl", "servicePath"] {
            self.changed(WIRE, "api", key, old, new, key);
        }
        self.changed(DOCS, "api", "description", old, new, "description");

        let scopes = |doc: &Value| {
            doc.pointer("/auth/oauth2/scopes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (a, b) = (scopes(old), scopes(new));
        for url in keys(&a, &b) {
            match (a.get(url), b.get(url)) {
                (Some(_), None) => self.note(SOURCE, url, "scope removed"),
                (None, Some(_)) => self.note(ADDITIVE, url, "scope added"),
                (Some(x), Some(y)) => self.changed(DOCS, url, "scope", x, y, "description"),
                (None, None) => {}
            }
        }

        let standard = |doc: &Value| object(doc, "parameters");
        self.parameters("standard", &standard(old), &standard(new), &[], &[], true);
        self.resource("", old, new);

        let (a, b) = (object(old, "schemas"), object(new, "schemas"));
        for id in keys(&a, &b) {
            match (a.get(id), b.get(id)) {
                (Some(_), None) => self.note(SOURCE, id, "schema removed"),
                (None, Some(_)) => self.note(ADDITIVE, id, "schema added"),
                (Some(x), Some(y)) => {
                    self.changed(DOCS, id, "description", x, y, "description");
                    self.changed(DOCS, id, "deprecated", x, y, "deprecated");
                    self.schema_body(id, x, y);
                }
                (None, None) => {}
            }
        }
    }

    fn resource(&mut self, path: &str, old: &Value, new: &Value) {
        let join = |name: &str| {
            if path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            }
        };
        let (a, b) = (object(old, "methods"), object(new, "methods"));
        for name in keys(&a, &b) {
            let place = join(name);
            match (a.get(name), b.get(name)) {
                (Some(_), None) => self.note(WIRE, &place, "method removed"),
                (None, Some(_)) => self.note(ADDITIVE, &place, "method added"),
                (Some(x), Some(y)) => self.method(&place, x, y),
                (None, None) => {}
            }
        }
        let (a, b) = (object(old, "resources"), object(new, "resources"));
        for name in keys(&a, &b) {
            let place = join(name);
            match (a.get(name), b.get(name)) {
                (Some(_), None) => self.note(WIRE, &place, "resource removed"),
                (None, Some(_)) => self.note(ADDITIVE, &place, "resource added"),
                (Some(x), Some(y)) => self.resource(&place, x, y),
                (None, None) => {}
            }
        }
    }

    fn method(&mut self, place: &str, old: &Value, new: &Value) {
        self.changed(WIRE, place, "verb", old, new, "httpMethod");
        self.changed(WIRE, place, "path", old, new, "path");
        for body in ["request", "response"] {
            let reference = |method: &Value| method.get(body).and_then(|b| b.get("$ref")).cloned();
            match (reference(old), reference(new)) {
                // The new client ignores the body that comes back.
                (Some(_), None) if body == "response" => self.note(SOURCE, place, body),
                (a, b) if a != b => self.note(WIRE, place, body),
                _ => {}
            }
        }
        let scopes = |method: &Value| -> BTreeSet<String> {
            strings(method, "scopes").into_iter().collect()
        };
        let (a, b) = (scopes(old), scopes(new));
        for _ in a.difference(&b) {
            self.note(WIRE, place, "scope dropped");
        }
        for _ in b.difference(&a) {
            self.note(ADDITIVE, place, "scope accepted");
        }
        for key in ["supportsMediaUpload", "supportsMediaDownload"] {
            match (flag(old, key), flag(new, key)) {
                (true, false) => self.note(WIRE, place, key),
                (false, true) => self.note(ADDITIVE, place, key),
                _ => {}
            }
        }
        match (self.pages(old, self.old), self.pages(new, self.new)) {
            // `pages()` goes; `pageToken` or `nextPageToken` going is counted on its own.
            (true, false) => self.note(SOURCE, place, "paging"),
            (false, true) => self.note(ADDITIVE, place, "paging"),
            _ => {}
        }
        self.changed(DOCS, place, "description", old, new, "description");
        self.changed(DOCS, place, "deprecated", old, new, "deprecated");

        let order = |method: &Value| strings(method, "parameterOrder");
        let standard = (
            object(self.old, "parameters"),
            object(self.new, "parameters"),
        );
        // An optional parameter that repeats a standard one is the standard one.
        let own = |method: &Value, standard: &serde_json::Map<String, Value>| {
            let order = order(method);
            let mut parameters = object(method, "parameters");
            parameters.retain(|name, p| required(name, p, &order) || !standard.contains_key(name));
            parameters
        };
        let (a, b) = (own(old, &standard.0), own(new, &standard.1));
        self.parameters(place, &a, &b, &order(old), &order(new), false);
    }

    /// Whether a method has a `pageToken` parameter and a response with `nextPageToken`.
    fn pages(&self, method: &Value, doc: &Value) -> bool {
        let has_token = object(method, "parameters").contains_key("pageToken");
        let response = method
            .get("response")
            .and_then(|r| r.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|id| doc.get("schemas")?.get(id));
        has_token && response.is_some_and(|r| object(r, "properties").contains_key("nextPageToken"))
    }

    fn parameters(
        &mut self,
        owner: &str,
        old: &serde_json::Map<String, Value>,
        new: &serde_json::Map<String, Value>,
        old_order: &[String],
        new_order: &[String],
        standard: bool,
    ) {
        let is_required =
            |name: &str, p: &Value, order: &[String]| !standard && required(name, p, order);
        for name in keys(old, new) {
            let place = format!("{owner}.{name}");
            match (old.get(name), new.get(name)) {
                (Some(_), None) => self.note(WIRE, &place, "parameter removed"),
                (None, Some(p)) if is_required(name, p, new_order) => {
                    self.note(WIRE, &place, "required parameter added")
                }
                (None, Some(_)) => self.note(ADDITIVE, &place, "optional parameter added"),
                (Some(x), Some(y)) => {
                    match (
                        is_required(name, x, old_order),
                        is_required(name, y, new_order),
                    ) {
                        (false, true) => self.note(WIRE, &place, "became required"),
                        (true, false) => self.note(SOURCE, &place, "became optional"),
                        _ => {}
                    }
                    self.changed(WIRE, &place, "location", x, y, "location");
                    match (flag(x, "repeated"), flag(y, "repeated")) {
                        (true, false) => self.note(WIRE, &place, "no longer repeated"),
                        (false, true) => self.note(SOURCE, &place, "now repeated"),
                        _ => {}
                    }
                    self.type_change(&place, x, y);
                    self.changed(DOCS, &place, "description", x, y, "description");
                    self.changed(DOCS, &place, "deprecated", x, y, "deprecated");
                    self.enum_values(&place, x, y);
                }
                (None, None) => {}
            }
        }
    }

    /// The properties of an object schema, inline objects and enums included.
    fn schema_body(&mut self, place: &str, old: &Value, new: &Value) {
        self.enum_values(place, old, new);
        let (a, b) = (object(old, "properties"), object(new, "properties"));
        for name in keys(&a, &b) {
            let place = format!("{place}.{name}");
            match (a.get(name), b.get(name)) {
                (Some(_), None) => self.note(WIRE, &place, "property removed"),
                (None, Some(_)) => self.note(ADDITIVE, &place, "property added"),
                (Some(x), Some(y)) => {
                    self.type_change(&place, x, y);
                    // Both are the field's doc comment: its text and an "Output only" note.
                    if x.get("description") != y.get("description")
                        || x.get("readOnly") != y.get("readOnly")
                    {
                        self.note(DOCS, &place, "description");
                    }
                    self.changed(DOCS, &place, "deprecated", x, y, "deprecated");
                    self.inline(&place, x, y);
                }
                (None, None) => {}
            }
        }
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (Some(_), None) if !a.is_empty() => self.note(WIRE, place, "map values removed"),
            (None, Some(_)) if !b.is_empty() => self.note(ADDITIVE, place, "map values added"),
            (Some(x), Some(y)) => {
                if !a.is_empty() || !b.is_empty() {
                    self.type_change(place, x, y);
                }
                self.inline(&format!("{place}{{}}"), x, y);
            }
            _ => {}
        }
    }

    /// The inline object, enum, or array items of a property.
    fn inline(&mut self, place: &str, old: &Value, new: &Value) {
        if let (Some(x), Some(y)) = (old.get("items"), new.get("items")) {
            self.schema_body(&format!("{place}[]"), x, y);
            self.inline(&format!("{place}[]"), x, y);
        } else if old.get("$ref").is_none() && new.get("$ref").is_none() {
            self.schema_body(place, old, new);
        }
    }

    fn enum_values(&mut self, place: &str, old: &Value, new: &Value) {
        let values = |schema: &Value| -> BTreeMap<String, (Value, Value)> {
            let list = |key: &str| {
                schema
                    .get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (descriptions, deprecated) = (list("enumDescriptions"), list("enumDeprecated"));
            list("enum")
                .iter()
                .enumerate()
                .filter_map(|(index, value)| {
                    let info = (
                        descriptions.get(index).cloned().unwrap_or(Value::Null),
                        deprecated.get(index).cloned().unwrap_or(Value::Bool(false)),
                    );
                    Some((value.as_str()?.to_owned(), info))
                })
                .collect()
        };
        let (a, b) = (values(old), values(new));
        let all: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for value in all {
            let place = format!("{place}::{value}");
            match (a.get(value), b.get(value)) {
                (Some(_), None) if !b.is_empty() => self.note(WIRE, &place, "value removed"),
                (None, Some(_)) if !a.is_empty() => self.note(ADDITIVE, &place, "value added"),
                (Some(x), Some(y)) => {
                    if x.0 != y.0 {
                        self.note(DOCS, &place, "value description");
                    }
                    if x.1 != y.1 {
                        self.note(DOCS, &place, "value deprecated");
                    }
                }
                _ => {}
            }
        }
    }

    fn type_change(&mut self, place: &str, old: &Value, new: &Value) {
        let (a, b) = (wire(old, self.old, place), wire(new, self.new, place));
        if a != b {
            self.note(WIRE, place, &format!("type {a} -> {b}"));
        } else if is_enum(old) != is_enum(new) {
            self.note(SOURCE, place, "string <-> enum");
        }
    }
}

fn required(name: &str, parameter: &Value, order: &[String]) -> bool {
    flag(parameter, "required")
        || parameter.get("location").and_then(Value::as_str) == Some("path")
        || order.iter().any(|p| p == name)
}

fn is_enum(schema: &Value) -> bool {
    schema.get("enum").is_some()
}

/// A schema as JSON sees it, as the diff documents: objects by where they are defined,
/// enums as strings.
fn wire(schema: &Value, doc: &Value, place: &str) -> String {
    if let Some(id) = schema.get("$ref").and_then(Value::as_str) {
        let target = &doc["schemas"][id];
        let is_object = target.get("properties").is_some()
            || (target.get("type").and_then(Value::as_str) == Some("object")
                && target.get("additionalProperties").is_none());
        return if is_object {
            format!("object {id}")
        } else {
            wire(target, doc, id)
        };
    }
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!(
            "array of {}",
            wire(&schema["items"], doc, &format!("{place}[]"))
        ),
        Some("object") | None if schema.get("properties").is_some() => format!("object {place}"),
        Some("object") if schema.get("additionalProperties").is_some() => {
            let values = &schema["additionalProperties"];
            format!("map of {}", wire(values, doc, &format!("{place}{{}}")))
        }
        Some("string") => match format {
            Some(
                "int64" | "uint64" | "byte" | "date-time" | "google-duration" | "google-fieldmask"
                | "date",
            ) => {
                format!("string({})", format.unwrap_or_default())
            }
            _ => "string".to_owned(),
        },
        Some("integer") => format!("integer({})", format.unwrap_or("int32")),
        Some("number") => format!("number({})", format.unwrap_or("double")),
        Some(other) => other.to_owned(),
        None => "any".to_owned(),
    }
}

/// The selection `generated/` is made with for v2.
fn generated_v2() -> Selection {
    let mut selection = Selection::new(["accounts.mfaEnrollment", "accounts.mfaSignIn"]);
    selection.schema_prefixes = vec!["GoogleCloudIdentitytoolkitV2".to_owned()];
    selection.module = Some("v2".to_owned());
    selection
}

#[test]
fn regenerating_changes_only_what_the_diff_reports() {
    let generate = |revision: &str| {
        google_api_codegen::generate_from_documents(&[(generated_v2(), document(revision))], None)
            .unwrap()
    };
    let mut changed_lines = 0;
    for pair in REVISIONS.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        let diff = diff::diff(&document(old), &document(new), &generated_v2()).unwrap();
        let reported: BTreeSet<&str> = diff
            .changes
            .iter()
            .filter_map(|c| c.item.as_deref())
            .collect();
        let (old_files, new_files) = (generate(old), generate(new));
        let paths: BTreeSet<&String> = old_files.keys().chain(new_files.keys()).collect();
        for path in paths {
            let before: Vec<&str> = old_files
                .get(path)
                .map_or(Vec::new(), |f| f.lines().collect());
            let after: Vec<&str> = new_files
                .get(path)
                .map_or(Vec::new(), |f| f.lines().collect());
            for (lines, index) in changed(&before, &after) {
                let line = lines[index];
                // The revision stamps: the `@generated` header and the module docs.
                if line.contains(&format!("revision {old}"))
                    || line.contains(&format!("revision {new}"))
                {
                    continue;
                }
                changed_lines += 1;
                let item = enclosing_item(lines, index)
                    .unwrap_or_else(|| panic!("{old} -> {new}: {path}: no item around {line:?}"));
                // An inline type of a new property is named after the type that has it.
                assert!(
                    reported.iter().any(|name| item.starts_with(name)),
                    "{old} -> {new}: {path}: the line {line:?} of `{item}` changed, which the \
                     diff does not report: {:?}",
                    diff.changes
                );
            }
        }
    }
    assert!(changed_lines > 20, "{changed_lines}");
}

/// The lines only one side has, by a longest common subsequence: each as the side's lines and
/// its index there.
fn changed<'s>(before: &'s [&'s str], after: &'s [&'s str]) -> Vec<(&'s [&'s str], usize)> {
    let (n, m) = (before.len(), after.len());
    let mut common = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if before[i] == after[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && before[i] == after[j] {
            i += 1;
            j += 1;
        } else if j == m || (i < n && common[i + 1][j] >= common[i][j + 1]) {
            out.push((before, i));
            i += 1;
        } else {
            out.push((after, j));
            j += 1;
        }
    }
    out
}

/// The name of the struct, enum, macro call or `impl` block that the line at `index` belongs
/// to; a doc comment or attribute belongs to what follows it.
fn enclosing_item(lines: &[&str], index: usize) -> Option<String> {
    let mut at = index;
    while at < lines.len() {
        let line = lines[at].trim_start();
        if line.starts_with("///") || line.starts_with("#[") {
            at += 1;
        } else {
            break;
        }
    }
    let starts = [
        "pub struct ",
        "pub enum ",
        "crate::runtime::json_object!(",
        "crate::runtime::string_enum!(",
        "crate::runtime::setters!(",
        "impl std::fmt::Debug for ",
        "impl ",
    ];
    (0..=at.min(lines.len().saturating_sub(1)))
        .rev()
        .find_map(|at| {
            let line = lines[at];
            // Items start at the left margin.
            starts.iter().find_map(|start| {
                let rest = line.strip_prefix(start)?;
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty()).then_some(name)
            })
        })
}

/// Writes the v2 client generated from `document_text` as the crate `client` under `dir`.
fn write_client(dir: &std::path::Path, document_text: &str) {
    let document = Document::from_json(document_text).unwrap();
    let files =
        google_api_codegen::generate_from_documents(&[(generated_v2(), document)], None).unwrap();
    let files = google_api_codegen::standalone_crate(&files, "client", "0.1.0");
    google_api_codegen::output::write(dir, &files).unwrap();
}

/// `cargo check` of a small caller of the client in `client_dir`: whether it compiles, and
/// cargo's messages.
fn caller_compiles(scratch: &std::path::Path, client_dir: &std::path::Path) -> (bool, String) {
    let caller = scratch.join("caller");
    std::fs::create_dir_all(caller.join("src")).unwrap();
    std::fs::write(
        caller.join("Cargo.toml"),
        format!(
            "[package]\nname = \"caller\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nclient = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            client_dir.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        caller.join("src/lib.rs"),
        r#"//! Starts an SMS second-factor sign-in, as the client's users write it.
use client::v2::model::{StartMfaPhoneRequestInfo, StartMfaSignInRequest};

pub fn start(hub: &client::v2::IdentityToolkit) -> impl std::future::Future + '_ {
    let request = StartMfaSignInRequest::new()
        .with_mfa_pending_credential("pending")
        .with_mfa_enrollment_id("enrollment")
        .with_phone_sign_in_info(StartMfaPhoneRequestInfo::new().with_phone_number("+15555550100"));
    hub.accounts().mfa_sign_in().start(request).send()
}

/// The phone number a request carries.
pub fn phone_number(info: &StartMfaPhoneRequestInfo) -> Option<&str> {
    info.phone_number.as_deref()
}
"#,
    )
    .unwrap();
    let target_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/standalone-test");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(&caller)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A caller compiled against the old client compiles against the new one exactly when the
/// diff finds nothing breaking: on a real revision with additive changes, and on one made
/// from it where the phone number became an enum, which breaks callers but not the wire.
/// (Setters take `impl Into`, and string enums convert from `&str`, so only the code that reads
/// the field breaks.)
#[test]
fn a_caller_compiles_against_the_new_client_exactly_when_the_diff_says_so() {
    let scratch = tempfile::tempdir().unwrap();
    let old_text = text("20230224");
    let additive_text = text("20230610");
    let mut breaking: Value = serde_json::from_str(&old_text).unwrap();
    breaking["schemas"]["GoogleCloudIdentitytoolkitV2StartMfaPhoneRequestInfo"]["properties"]
        ["phoneNumber"]["enum"] = serde_json::json!(["PHONE_NUMBER_UNSPECIFIED", "TEST_NUMBER"]);
    let breaking_text = breaking.to_string();

    let old = Document::from_json(&old_text).unwrap();
    let versus = |text: &str| {
        diff::diff(&old, &Document::from_json(text).unwrap(), &generated_v2()).unwrap()
    };

    let client = scratch.path().join("client");
    write_client(&client, &old_text);
    let (compiles, messages) = caller_compiles(scratch.path(), &client);
    assert!(
        compiles,
        "the caller must compile against the old client:\n{messages}"
    );

    let additive = versus(&additive_text);
    assert!(diff_is_safe(&additive), "{:?}", additive.changes);
    assert!(additive.count(Class::Additive) > 0);
    write_client(&client, &additive_text);
    let (compiles, messages) = caller_compiles(scratch.path(), &client);
    assert!(compiles, "{}\n{messages}", additive.summary());

    let source_breaking = versus(&breaking_text);
    assert_eq!(
        lines(&source_breaking),
        ["source-breaking property GoogleCloudIdentitytoolkitV2StartMfaPhoneRequestInfo.phoneNumber: \
          Rust type changed from `String` to `StartMfaPhoneRequestInfoPhoneNumber`"]
    );
    write_client(&client, &breaking_text);
    let (compiles, messages) = caller_compiles(scratch.path(), &client);
    assert!(!compiles, "{}", source_breaking.summary());
    assert!(messages.contains("phone_number"), "{messages}");
}

fn diff_is_safe(diff: &Diff) -> bool {
    diff.breaking() == 0
}

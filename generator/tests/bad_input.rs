//! Bad discovery documents, through the command-line tool: each is refused with an error that
//! names the JSON path and the reason, or sanitized; a refusal writes nothing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

/// A minimal valid document with one resource, one method and the schemas it uses.
fn document() -> Value {
    json!({
        "kind": "discovery#restDescription",
        "name": "example",
        "version": "v1",
        "rootUrl": "https://example.googleapis.com/",
        "servicePath": "",
        "schemas": {
            "Foo": {
                "id": "Foo",
                "type": "object",
                "properties": {
                    "bar": {"type": "string"},
                    "child": {"$ref": "Foo"}
                }
            }
        },
        "resources": {
            "things": {
                "methods": {
                    "get": {
                        "id": "example.things.get",
                        "path": "v1/things/{+name}",
                        "httpMethod": "GET",
                        "parameters": {"name": {"type": "string", "location": "path", "required": true}},
                        "parameterOrder": ["name"],
                        "response": {"$ref": "Foo"}
                    }
                }
            }
        }
    })
}

/// Runs `google-api-codegen generate INPUT --out OUT` with more arguments.
fn codegen(input: &Path, out: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_google-api-codegen"))
        .arg("generate")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

struct Run {
    success: bool,
    stderr: String,
    out: std::path::PathBuf,
    _scratch: tempfile::TempDir,
}

fn generate_text(text: &str, resource: &str) -> Run {
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("example.v1.json");
    std::fs::write(&input, text).unwrap();
    let out = scratch.path().join("out");
    let output = codegen(&input, &out, &["--resource", resource]);
    Run {
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
        _scratch: scratch,
    }
}

fn generate(document: &Value) -> Run {
    generate_text(&serde_json::to_string_pretty(document).unwrap(), "things")
}

/// Asserts that the run failed with `message` and wrote nothing at all.
fn assert_refused(run: &Run, message: &str) {
    assert!(!run.success, "generation succeeded");
    assert_eq!(run.stderr.trim(), format!("error: {message}"));
    assert!(
        !run.out.exists(),
        "a refused generation wrote {}",
        run.out.display()
    );
    let parent = run.out.parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "files were left behind: {leftovers:?}");
}

fn read(run: &Run, file: &str) -> String {
    assert!(run.success, "generation failed: {}", run.stderr);
    std::fs::read_to_string(run.out.join(file)).unwrap()
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let run = generate_text(
        "{\n  \"name\": \"example\",\n  \"version\": \"v1\"\n  \"rootUrl\": \"x\"\n}",
        "things",
    );
    assert_refused(
        &run,
        "malformed discovery document at `.`: expected `,` or `}` at line 4 column 3 (in example.v1.json)"
            .replace("example.v1.json", &run.out.with_file_name("example.v1.json").display().to_string())
            .as_str(),
    );
}

#[test]
fn a_value_of_the_wrong_shape_is_reported_with_its_path() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"]["bar"]["type"] = json!(5);
    let run = generate(&document);
    assert!(!run.success);
    assert!(
        run.stderr.contains("malformed discovery document at `schemas.Foo.properties.bar.type`: invalid type: integer `5`, expected a string"),
        "{}",
        run.stderr
    );
    assert!(!run.out.exists());
}

#[test]
fn a_ref_to_a_missing_schema_is_refused() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"]["bar"] = json!({"$ref": "Missing"});
    assert_refused(
        &generate(&document),
        "`schemas.Foo.properties.bar.$ref`: refers to the schema \"Missing\", which the document does not define",
    );
}

#[test]
fn an_unknown_resource_is_refused() {
    let run = generate_text(&document().to_string(), "accounts.mfaSignIn");
    assert_refused(
        &run,
        "unknown resource `accounts.mfaSignIn`; the document has: things",
    );
}

#[test]
fn an_unknown_type_or_format_is_refused() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"]["bar"] = json!({"type": "decimal"});
    assert_refused(
        &generate(&document),
        "`schemas.Foo.properties.bar.type`: unknown type \"decimal\"",
    );

    let mut document = self::document();
    document["schemas"]["Foo"]["properties"]["bar"] = json!({"type": "string", "format": "uuid"});
    assert_refused(
        &generate(&document),
        "`schemas.Foo.properties.bar.format`: unknown format \"uuid\" for type \"string\"",
    );
}

#[test]
fn keywords_and_invalid_identifiers_are_sanitized() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"] = json!({
        "type": {"type": "string"},
        "self": {"type": "string"},
        "crate": {"type": "string"},
        "@odata.etag": {"type": "string"},
        "2fa": {"type": "string"}
    });
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    for (field, json_name) in [
        ("type_: Option<String>", "type"),
        ("self_: Option<String>", "self"),
        ("crate_: Option<String>", "crate"),
        ("odata_etag: Option<String>", "@odata.etag"),
        ("_2fa: Option<String>", "2fa"),
    ] {
        assert!(
            model.contains(&format!("pub {field}")),
            "no field {field}:\n{model}"
        );
        let rust_name = field.split(':').next().unwrap();
        let json_key = format!("    {rust_name}: \"{json_name}\",");
        assert!(
            model.contains(&json_key),
            "no JSON name for {json_name}:\n{model}"
        );
    }
}

#[test]
fn a_schema_that_holds_itself_only_through_arrays_is_refused() {
    let mut document = document();
    document["schemas"]["Foo"] = json!({
        "id": "Foo",
        "type": "array",
        "items": {"type": "object", "additionalProperties": {"$ref": "Foo"}}
    });
    assert_refused(
        &generate(&document),
        "`schemas.Foo`: the schema holds itself through arrays and maps alone, which no Rust \
         type can express",
    );
}

/// Wire names and enum values go into doc comments as they are; a line break in one must not
/// end the comment and turn the rest into code.
#[test]
fn line_breaks_in_wire_names_stay_inside_doc_comments() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"] = json!({
        "a\nfn injected() {}": {"type": "string"},
        "kind": {"type": "string", "enum": ["PLAIN", "TWO\nfn also_injected() {}", "BARE\rCR"]}
    });
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    syn::parse_file(&model).unwrap();
    for line in model.lines() {
        let line = line.trim_start();
        assert!(
            !line.starts_with("fn injected") && !line.starts_with("fn also_injected"),
            "a wire name escaped its doc comment: {line}"
        );
        assert!(!line.contains('\r'), "a bare carriage return: {line:?}");
    }
    assert!(model.contains("/// fn also_injected() {}`"), "{model}");
}

#[test]
fn names_that_collide_after_sanitizing_are_refused() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"] =
        json!({"self": {"type": "string"}, "Self": {"type": "string"}});
    assert_refused(
        &generate(&document),
        "`schemas.Foo.properties.self`: its Rust field name `self_` is already taken by the property `Self`",
    );
}

#[test]
fn a_name_without_letters_or_digits_is_refused() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"] = json!({"$.": {"type": "string"}});
    assert_refused(
        &generate(&document),
        "`schemas.Foo.properties.$.`: the name \"$.\" has no letters or digits to make a Rust identifier of",
    );
}

#[test]
fn schemas_that_would_share_a_type_name_are_named_by_a_fixed_rule() {
    let mut document = document();
    let object = json!({"type": "object", "properties": {}});
    for id in ["foo", "HTTPThing", "HttpThing", "HTTP_THING"] {
        document["schemas"][id] = object.clone();
    }
    document["schemas"]["Foo"]["properties"] = json!({
        "a": {"$ref": "foo"},
        "b": {"$ref": "HTTPThing"},
        "c": {"$ref": "HttpThing"},
        "d": {"$ref": "HTTP_THING"}
    });
    let model = read(&generate(&document), "v1/model.rs");
    // The id that is the name keeps it; an id that is an identifier is used as written; the
    // others are numbered in byte order of their ids.
    for field in [
        "pub a: Option<Foo2>,",
        "pub b: Option<HTTPThing>,",
        "pub c: Option<HttpThing>,",
        "pub d: Option<HttpThing2>,",
    ] {
        assert!(model.contains(field), "{field}:\n{model}");
    }

    // A schema added elsewhere renames nothing.
    document["schemas"]["Unrelated"] = object.clone();
    document["schemas"]["Foo"]["properties"]["e"] = json!({"$ref": "Unrelated"});
    let again = read(&generate(&document), "v1/model.rs");
    assert!(again.contains("pub a: Option<Foo2>,") && again.contains("pub d: Option<HttpThing2>,"));

    // The settings can still name a schema.
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("doc.json");
    std::fs::write(&input, document.to_string()).unwrap();
    let out = scratch.path().join("out");
    let args = [
        "--quiet",
        "--resource",
        "things",
        "--type-name",
        "foo=LowerFoo",
    ];
    let named = codegen(&input, &out, &args);
    assert!(
        named.status.success(),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
    let model = std::fs::read_to_string(out.join("v1/model.rs")).unwrap();
    assert!(model.contains("pub struct LowerFoo {"), "{model}");
    assert!(model.contains("pub a: Option<LowerFoo>,"), "{model}");
}

#[test]
fn reserved_words_as_enum_values_are_sanitized() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"]["bar"] = json!({
        "type": "string",
        "enum": ["Self", "type", "1", "UNRECOGNIZED"],
        "enumDescriptions": ["The Self value.", "", "", ""]
    });
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    assert!(model.contains("pub enum FooBar {"), "{model}");
    for (variant, value) in [
        ("Self_", "Self"),
        ("Type", "type"),
        ("V1", "1"),
        ("Unrecognized", "UNRECOGNIZED"),
    ] {
        assert!(
            model.contains(&format!("    {variant} = \"{value}\",")),
            "no variant {variant}:\n{model}"
        );
    }
    // The fallback variant steps aside for a value that takes its name.
    assert!(model.contains("UnrecognizedValue(String)"), "{model}");
}

#[test]
fn enum_values_that_make_the_same_name_are_numbered() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"]["bar"] =
        json!({"type": "string", "enum": ["NOT_ACTIVATED", "not_activated", "Not-Activated"]});
    let model = read(&generate(&document), "v1/model.rs");
    for (variant, value) in [
        ("NotActivated", "NOT_ACTIVATED"),
        ("NotActivated2", "not_activated"),
        ("NotActivated3", "Not-Activated"),
    ] {
        assert!(
            model.contains(&format!("    {variant} = \"{value}\",")),
            "{model}"
        );
    }
    assert!(
        model.contains("/// Not `NotActivated`, which is the value `NOT_ACTIVATED`."),
        "{model}"
    );
}

#[test]
fn an_inline_type_named_like_a_schema_gets_a_suffix() {
    let mut document = document();
    document["schemas"]["FooBar"] = json!({"id": "FooBar", "type": "object", "properties": {}});
    document["schemas"]["Foo"]["properties"]["bar"] = json!({"type": "string", "enum": ["A"]});
    document["schemas"]["Foo"]["properties"]["other"] = json!({"$ref": "FooBar"});
    document["schemas"]["List"] = json!({"id": "List", "type": "array", "items": {
        "type": "object", "properties": {"x": {"type": "string"}}
    }});
    document["schemas"]["Foo"]["properties"]["list"] = json!({"$ref": "List"});
    let model = read(&generate(&document), "v1/model.rs");
    assert!(model.contains("pub struct FooBar {"), "{model}");
    assert!(model.contains("pub enum FooBarEnum {"), "{model}");
    assert!(model.contains("pub bar: Option<FooBarEnum>,"), "{model}");
    assert!(model.contains("pub type List = Vec<ListItem>;"), "{model}");
    assert!(model.contains("pub struct ListItem {"), "{model}");
}

#[test]
fn parameters_named_like_standard_parameters() {
    let mut document = document();
    document["parameters"] = json!({
        "key": {"type": "string", "location": "query", "description": "API key."},
        "alt": {"type": "string", "location": "query", "enum": ["json"]}
    });
    let get = &mut document["resources"]["things"]["methods"]["get"];
    // A path parameter `key` is an argument of the call, beside the `key` setter.
    get["path"] = json!("v1/{+name}/keys/{key}");
    get["parameters"]["key"] = json!({"type": "string", "location": "path", "required": true});
    get["parameterOrder"] = json!(["name", "key"]);
    // An optional `alt` repeats the standard one: one setter serves both.
    get["parameters"]["alt"] = json!({"type": "string", "location": "query", "enum": ["json"]});
    let things = read(&generate(&document), "v1/things.rs");
    assert!(
        things.contains(
            "pub fn get(&self, name: impl Into<String>, key: impl Into<String>) -> GetCall<'a>"
        ),
        "{things}"
    );
    assert!(things.contains("url.simple(&self.key);"), "{things}");
    assert!(!things.contains("GetAlt"), "{things}");
}

#[test]
fn a_recursive_schema_is_boxed() {
    let run = generate(&document());
    let model = read(&run, "v1/model.rs");
    assert!(model.contains("pub child: Option<Box<Foo>>"), "{model}");
    let call = read(&run, "v1/things.rs");
    assert!(call.contains("url.reserved(&self.name);"), "{call}");
}

#[test]
fn a_refused_generation_leaves_an_existing_directory_alone() {
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("doc.json");
    let out = scratch.path().join("out");
    let run = |document: &Value| {
        std::fs::write(&input, document.to_string()).unwrap();
        codegen(&input, &out, &["--quiet", "--resource", "things"])
    };
    assert!(run(&document()).status.success());
    let before = std::fs::read_to_string(out.join("v1/model.rs")).unwrap();

    let mut broken = document();
    broken["schemas"]["Foo"]["properties"]["bar"] = json!({"$ref": "Missing"});
    assert!(!run(&broken).status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("v1/model.rs")).unwrap(),
        before
    );
    let entries: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
}

#[test]
fn a_resource_named_like_a_module_of_the_api_is_refused() {
    let mut document = document();
    document["resources"]["model"] = document["resources"]["things"].clone();
    let run = generate_text(&document.to_string(), "all");
    assert_refused(
        &run,
        "`resources.model`: its module name `model` is taken by the API module's own `model`",
    );
}

#[test]
fn a_method_named_like_a_sub_resource_is_renamed() {
    let mut document = document();
    let get = document["resources"]["things"]["methods"]["get"].clone();
    document["resources"]["things"]["methods"]["parts"] = get.clone();
    document["resources"]["things"]["resources"] = json!({"parts": {"methods": {"get": get}}});
    let run = generate(&document);
    let things = read(&run, "v1/things/mod.rs");
    assert!(
        things.contains("pub fn parts_method(&self, name: impl Into<String>) -> PartsCall<'a>"),
        "{things}"
    );
    assert!(
        things.contains("pub fn parts(&self) -> parts::Parts<'a>"),
        "{things}"
    );
    assert!(
        things.contains("Named `parts_method` because `parts` is the accessor"),
        "{things}"
    );
}

#[test]
fn an_inline_response_schema_gets_a_type_of_its_own() {
    let mut document = document();
    document["resources"]["things"]["methods"]["get"]["response"] = json!({"type": "object", "properties": {"keys": {"type": "array", "items": {"type": "string"}}}});
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    assert!(model.contains("pub struct ThingsGetResponse {"), "{model}");
    let things = read(&run, "v1/things.rs");
    assert!(
        things.contains("Result<crate::v1::model::ThingsGetResponse, crate::runtime::Error>"),
        "{things}"
    );
}

#[test]
fn parameter_enums_of_like_named_methods_live_in_their_own_modules() {
    let mut document = document();
    let view = json!({"type": "string", "location": "query", "enum": ["BASIC", "FULL"]});
    document["resources"]["things"]["methods"]["get"]["parameters"]["view"] = view.clone();
    document["resources"]["others"] = document["resources"]["things"].clone();
    let run = generate_text(&document.to_string(), "all");
    for module in ["v1/things.rs", "v1/others.rs"] {
        let code = read(&run, module);
        assert!(code.contains("pub enum GetView {"), "{code}");
        assert!(
            code.contains("pub fn view(mut self, value: GetView) -> Self"),
            "{code}"
        );
    }
    let standard = read(&run, "v1/mod.rs");
    assert!(!standard.contains("GetView"), "{standard}");
}

#[test]
fn schemas_named_like_prelude_types_do_not_shadow_them() {
    let mut document = document();
    document["schemas"]["Option"] = json!({"id": "Option", "type": "object", "properties": {
        "label": {"type": "string"},
        "values": {"type": "object", "additionalProperties": {"type": "string"}}
    }});
    document["schemas"]["Foo"]["properties"]["option"] = json!({"$ref": "Option"});
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    assert!(model.contains("pub struct Option {"), "{model}");
    assert!(
        model.contains("pub label: std::option::Option<std::string::String>,"),
        "{model}"
    );
    assert!(
        model.contains("pub child: std::option::Option<std::boxed::Box<Foo>>,"),
        "{model}"
    );
}

#[test]
fn files_the_generator_did_not_write_are_never_replaced_or_removed() {
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("doc.json");
    std::fs::write(&input, document().to_string()).unwrap();
    let out = scratch.path().join("src");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("main.rs"), "fn main() {}\n").unwrap();

    let output = codegen(&input, &out, &["--resource", "things"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("main.rs was not written by google-api-codegen"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("main.rs")).unwrap(),
        "fn main() {}\n"
    );
    assert!(!out.join("lib.rs").exists());
}

#[test]
fn a_parameter_that_is_not_a_scalar_is_sent_as_text() {
    let mut document = document();
    document["resources"]["things"]["methods"]["get"]["parameters"]["filter"] =
        json!({"location": "query", "$ref": "Foo"});
    document["resources"]["things"]["methods"]["get"]["parameters"]["extensions"] = json!({
        "location": "query",
        "repeated": true,
        "type": "object",
        "additionalProperties": {"type": "any"}
    });
    let run = generate(&document);
    let things = read(&run, "v1/things.rs");
    assert!(
        things.contains("pub fn filter(mut self, value: impl Into<String>) -> Self {"),
        "{things}"
    );
    assert!(
        things.contains(
            "pub fn extensions(mut self, value: impl IntoIterator<Item = String>) -> Self {"
        ),
        "{things}"
    );
    assert!(things.contains("no query-string"), "{things}");
}

#[test]
fn a_module_name_that_is_not_an_identifier_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("doc.json");
    std::fs::write(&input, document().to_string()).unwrap();
    let out = scratch.path().join("out");
    let output = codegen(
        &input,
        &out,
        &["--resource", "things", "--module", "my-module"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "error: settings: the module name \"my-module\" is not a snake_case Rust identifier"
    );
    assert!(!out.exists());
}

#[test]
fn scope_constants_are_named_from_their_urls() {
    let mut document = document();
    document["auth"] = json!({"oauth2": {"scopes": {
        "https://www.googleapis.com/auth/cloud-platform": {"description": "All of it."},
        "https://www.googleapis.com/auth/2fa.readonly": {},
        "https://mail.google.com/": {}
    }}});
    let module = read(&generate(&document), "v1/mod.rs");
    for constant in [
        "pub const CLOUD_PLATFORM: &str = \"https://www.googleapis.com/auth/cloud-platform\";",
        "pub const SCOPE_2FA_READONLY: &str = \"https://www.googleapis.com/auth/2fa.readonly\";",
        "pub const MAIL_GOOGLE_COM: &str = \"https://mail.google.com/\";",
    ] {
        assert!(module.contains(constant), "no {constant}:\n{module}");
    }
}

#[test]
fn names_that_differ_from_the_wire_by_more_than_case_are_documented() {
    let mut document = document();
    document["schemas"]["Foo"]["properties"] = json!({
        "start-date": {"type": "string", "description": "When it starts."},
        "displayName": {"type": "string", "description": "Shown to people."}
    });
    document["resources"]["things"]["methods"]["get"]["parameters"]["filter.tags"] =
        json!({"location": "query", "type": "string"});
    let run = generate(&document);
    let model = read(&run, "v1/model.rs");
    assert!(
        model.contains("    /// When it starts.\n    ///\n    /// In JSON: `start-date`.\n    pub start_date: Option<String>,"),
        "{model}"
    );
    assert!(
        model.contains("    /// Shown to people.\n    pub display_name: Option<String>,"),
        "{model}"
    );
    let things = read(&run, "v1/things.rs");
    assert!(things.contains("/// Sent as `filter.tags`."), "{things}");
}

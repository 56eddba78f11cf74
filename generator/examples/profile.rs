use google_api_codegen::lower::Selection;
use google_api_codegen::Document;
const DOCUMENT: &str = include_str!("../../discovery/identitytoolkit.v2.json");
fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    let sel = Selection {
        module: None,
        resources: vec!["accounts.mfaSignIn".into()],
        schema_prefixes: vec!["GoogleCloudIdentitytoolkitV2".into()],
    };
    for _ in 0..10 {
        let doc = Document::from_json(DOCUMENT).unwrap();
        if what == "generate" {
            google_api_codegen::generate_from_documents(&[(sel.clone(), doc)], None).unwrap();
        }
    }
}

//! A fixed workload for instruction counting, which unlike wall-clock time does not move with
//! the load of a shared machine:
//!
//! ```text
//! cargo build --release -p google-api-codegen --example profile
//! valgrind --tool=callgrind target/release/examples/profile parse
//! valgrind --tool=callgrind target/release/examples/profile generate
//! ```
//!
//! `parse` parses `discovery/identitytoolkit.v2.json` ten times; `generate` runs the whole
//! pipeline for `accounts.mfaSignIn` ten times (parse, lower, emit, format); `generate-all` does
//! the same for the whole API.

use google_api_codegen::lower::Selection;
use google_api_codegen::Document;

const DOCUMENT: &str = include_str!("../../discovery/identitytoolkit.v2.json");
const RUNS: usize = 10;

fn main() {
    let workload = std::env::args().nth(1).unwrap_or_default();
    let resource = match workload.as_str() {
        "parse" => None,
        "generate" => Some("accounts.mfaSignIn"),
        "generate-all" => Some("all"),
        other => {
            eprintln!("usage: profile parse|generate|generate-all (not {other:?})");
            std::process::exit(2);
        }
    };
    for _ in 0..RUNS {
        let document = Document::from_json(DOCUMENT).expect("the checked-in document parses");
        if let Some(resource) = resource {
            let selection = Selection {
                schema_prefixes: vec!["GoogleCloudIdentitytoolkitV2".to_owned()],
                ..Selection::new([resource])
            };
            google_api_codegen::generate_from_documents(&[(selection, document)], None)
                .expect("the checked-in document generates");
        }
    }
}

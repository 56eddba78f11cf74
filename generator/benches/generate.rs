//! The generator's speed on the Identity Toolkit v2 document: parsing alone (the baseline),
//! the whole pipeline (parse, lower, emit, format) for `accounts.mfaSignIn` and for the
//! whole API, and the diff between two revisions of the document.

use criterion::{criterion_group, criterion_main, Criterion};
use google_api_codegen::lower::Selection;
use google_api_codegen::Document;

const DOCUMENT: &str = include_str!("../../discovery/identitytoolkit.v2.json");
/// The revision before the one in `discovery/`; the two differ by additions and descriptions.
const PREVIOUS: &str =
    include_str!("../../tests/fixtures/revisions/identitytoolkit.v2.20241024.json");
/// The oldest revision kept, with breaking changes against the current one.
const OLDEST: &str =
    include_str!("../../tests/fixtures/revisions/identitytoolkit.v2.20220815.json");

fn selection(resource: &str) -> Selection {
    Selection {
        schema_prefixes: vec!["GoogleCloudIdentitytoolkitV2".to_owned()],
        ..Selection::new([resource])
    }
}

fn generate(resource: &str) -> usize {
    let document = Document::from_json(DOCUMENT).unwrap();
    let files =
        google_api_codegen::generate_from_documents(&[(selection(resource), document)], None)
            .unwrap();
    files.values().map(String::len).sum()
}

/// The whole diff as the command-line tool runs it: both documents parsed, lowered and
/// compared over the whole API.
fn diff(old: &str, new: &str) -> usize {
    let old = Document::from_json(old).unwrap();
    let new = Document::from_json(new).unwrap();
    google_api_codegen::diff::diff(&old, &new, &Selection::new(["all"]))
        .unwrap()
        .changes
        .len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("identitytoolkit.v2");
    group.bench_function("parse: serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(DOCUMENT).unwrap())
    });
    group.bench_function("parse: discovery model", |b| {
        b.iter(|| Document::from_json(DOCUMENT).unwrap())
    });
    group.bench_function("generate: accounts.mfaSignIn", |b| {
        b.iter(|| generate("accounts.mfaSignIn"))
    });
    group.bench_function("generate: all", |b| b.iter(|| generate("all")));
    for (name, old) in [("20241024", PREVIOUS), ("20220815", OLDEST)] {
        group.bench_function(format!("diff: all, {name} -> 20250130"), |b| {
            b.iter(|| diff(old, DOCUMENT))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

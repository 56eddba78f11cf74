//! The generator's speed on the Identity Toolkit v2 document: parsing alone (the baseline),
//! and the whole pipeline (parse, lower, emit, format) for `accounts.mfaSignIn` and for the
//! whole API.

use criterion::{criterion_group, criterion_main, Criterion};
use google_api_codegen::lower::Selection;
use google_api_codegen::Document;

const DOCUMENT: &str = include_str!("../../discovery/identitytoolkit.v2.json");

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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

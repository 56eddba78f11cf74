//! The corpus check: generates a client crate from every discovery document in a directory,
//! then compiles the crates in batches with warnings denied and documents a sample of them.
//!
//! ```text
//! bash tests/corpus/fetch.sh target/corpus/documents
//! cargo corpus target/corpus/documents                          # generate only
//! cargo corpus target/corpus/documents --compile all --doc 20   # every stage
//! cargo corpus target/corpus/documents --compile tests/corpus/sample.txt
//! ```
//!
//! `cargo corpus` is an alias (`.cargo/config.toml`) for this example in release mode. Each
//! stage ends with a line `N passed, N failed`, then one line per failure. The exit status is
//! 1 when anything failed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::time::Instant;

use clap::Parser;
use google_api_codegen::lower::Selection;
use google_api_codegen::{Document, Files};

#[derive(Debug, Parser)]
#[command(about = "Generate, compile and document a client for every discovery document")]
struct Args {
    /// The directory of discovery documents (`*.json`).
    documents: PathBuf,

    /// Where the crates go; each stage starts from an empty directory of its own.
    #[arg(long, default_value = "target/corpus")]
    out: PathBuf,

    /// Generation threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,

    /// Compile the generated crates with `cargo check`, warnings denied: `all`, or a file
    /// listing document file names, one per line (`#` starts a comment).
    #[arg(long, value_name = "all|FILE")]
    compile: Option<String>,

    /// How many crates one `cargo check` builds.
    #[arg(long, default_value_t = 40)]
    batch: usize,

    /// Only parse the documents with serde_json, into `serde_json::Value`: the baseline that
    /// generation is measured against.
    #[arg(long, conflicts_with = "compile")]
    parse_only: bool,

    /// Document this many of the compiled crates with `cargo doc`, warnings denied: every
    /// k-th one in name order.
    #[arg(long, value_name = "N", default_value_t = 0)]
    doc: usize,
}

/// What happened to one document.
enum Outcome {
    Generated(Files),
    /// The file is a directory of APIs (`discovery#directoryList`), not an API.
    NotAnApi,
    Failed(String),
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    let documents = match list_documents(&args.documents) {
        Ok(documents) => documents,
        Err(error) => {
            eprintln!("error: {}: {error}", args.documents.display());
            return ExitCode::from(2);
        }
    };
    // The documents to compile: every one, a list, or none.
    let wanted: Option<Vec<String>> = match args.compile.as_deref() {
        None => None,
        Some("all") => Some(documents.iter().map(|path| file_name(path)).collect()),
        Some(list) => match std::fs::read_to_string(list) {
            Ok(text) => Some(
                text.lines()
                    .map(|line| line.split('#').next().unwrap_or_default().trim())
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            Err(error) => {
                eprintln!("error: {list}: {error}");
                return ExitCode::from(2);
            }
        },
    };
    if args.parse_only {
        let started = Instant::now();
        let failures = parse_all(&documents, args.threads);
        println!(
            "parse: {} documents in {:.2} s with {} threads",
            documents.len(),
            started.elapsed().as_secs_f64(),
            args.threads
        );
        return exit(report("parse", documents.len() - failures.len(), &failures));
    }
    let keep: BTreeSet<&str> = wanted.iter().flatten().map(String::as_str).collect();
    let mut failed = false;

    // Stage 1: generate.
    let started = Instant::now();
    let outcomes = generate_all(&documents, args.threads, &keep);
    let seconds = started.elapsed().as_secs_f64();
    let mut generated = BTreeMap::new();
    let mut failures = Vec::new();
    let mut not_apis = Vec::new();
    for (path, outcome) in outcomes {
        let name = file_name(&path);
        match outcome {
            Outcome::Generated(files) => {
                generated.insert(name, files);
            }
            Outcome::NotAnApi => not_apis.push(name),
            Outcome::Failed(reason) => failures.push(format!("{name}: {reason}")),
        }
    }
    println!(
        "generate: {} documents in {seconds:.2} s with {} threads",
        documents.len(),
        args.threads
    );
    for name in &not_apis {
        println!("  {name}: a directory of APIs, not an API; nothing to generate");
    }
    failed |= report("generate", generated.len(), &failures);
    let Some(wanted) = wanted else {
        return exit(failed);
    };

    // Stage 2: compile.
    let mut compile_failures = Vec::new();
    let mut crates = BTreeMap::new();
    for name in wanted.iter().filter(|name| !not_apis.contains(name)) {
        match generated.get(name) {
            Some(files) => {
                crates.insert(crate_name(name), (name.clone(), files));
            }
            None => compile_failures.push(format!("{name}: not generated")),
        }
    }
    let root = args.out.join("crates");
    let started = Instant::now();
    let batches: Vec<Vec<&String>> = crates
        .keys()
        .collect::<Vec<_>>()
        .chunks(args.batch.max(1))
        .map(<[_]>::to_vec)
        .collect();
    let mut compiled = Vec::new();
    for (index, batch) in batches.iter().enumerate() {
        let members: Vec<(&str, &Files)> = batch
            .iter()
            .map(|name| (name.as_str(), crates[name.as_str()].1))
            .collect();
        match cargo(&root, &members, &["check", "--workspace", "--all-targets"]) {
            Ok(broken) => {
                for name in batch {
                    match broken.get(name.as_str()) {
                        Some(error) => {
                            compile_failures.push(format!("{}: {error}", crates[name.as_str()].0))
                        }
                        None => compiled.push((*name).clone()),
                    }
                }
            }
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        }
        eprintln!(
            "  batch {}/{}: {} compiled so far, {:.0} s",
            index + 1,
            batches.len(),
            compiled.len(),
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "compile: {} crates in {:.0} s",
        crates.len(),
        started.elapsed().as_secs_f64()
    );
    failed |= report("compile", compiled.len(), &compile_failures);

    // Stage 3: document a sample.
    if args.doc > 0 && !compiled.is_empty() {
        let step = (compiled.len() / args.doc).max(1);
        let sample: Vec<&String> = compiled.iter().step_by(step).take(args.doc).collect();
        let members: Vec<(&str, &Files)> = sample
            .iter()
            .map(|name| (name.as_str(), crates[name.as_str()].1))
            .collect();
        let started = Instant::now();
        let mut doc_failures = Vec::new();
        match cargo(&root, &members, &["doc", "--workspace", "--no-deps"]) {
            Ok(broken) => {
                for name in &sample {
                    if let Some(error) = broken.get(name.as_str()) {
                        doc_failures.push(format!("{}: {error}", crates[name.as_str()].0));
                    }
                }
            }
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        }
        println!(
            "doc: {} crates in {:.0} s",
            sample.len(),
            started.elapsed().as_secs_f64()
        );
        failed |= report("doc", sample.len() - doc_failures.len(), &doc_failures);
    }
    exit(failed)
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints `N passed, N failed` and the failures; whether any failed.
fn report(stage: &str, passed: usize, failures: &[String]) -> bool {
    println!("{stage}: {passed} passed, {} failed", failures.len());
    for failure in failures {
        println!("  {failure}");
    }
    !failures.is_empty()
}

fn list_documents(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            documents.push(path);
        }
    }
    documents.sort();
    Ok(documents)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `corpus-compute-v1` for `compute.v1.json`.
fn crate_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".json").unwrap_or(file_name);
    let mut name = String::from("corpus-");
    for c in stem.chars() {
        name.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        });
    }
    name
}

/// Runs `work` on every document, on `threads` threads, the largest documents first so that no
/// thread is left with a large one at the end. The results are in the documents' order.
fn in_parallel<T: Send>(
    documents: &[PathBuf],
    threads: usize,
    work: impl Fn(&Path) -> T + Sync,
) -> Vec<(PathBuf, T)> {
    let mut by_size: Vec<(u64, &PathBuf)> = documents
        .iter()
        .map(|path| (std::fs::metadata(path).map_or(0, |meta| meta.len()), path))
        .collect();
    by_size.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let next = Mutex::new(by_size.into_iter().map(|(_, path)| path));
    let results = Mutex::new(Vec::with_capacity(documents.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let Some(path) = next.lock().unwrap().next() else {
                    break;
                };
                let result = work(path);
                results.lock().unwrap().push((path.clone(), result));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

/// Generates every document; keeps the files of those named in `keep`.
fn generate_all(
    documents: &[PathBuf],
    threads: usize,
    keep: &BTreeSet<&str>,
) -> Vec<(PathBuf, Outcome)> {
    in_parallel(documents, threads, |path| {
        // A panic is a failure of its document, not the end of the run.
        let generated = std::panic::catch_unwind(|| generate_one(path)).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("the generator panicked: {message}"))
        });
        match generated {
            Ok(Some(files)) if keep.contains(file_name(path).as_str()) => Outcome::Generated(files),
            Ok(Some(_)) => Outcome::Generated(Files::new()),
            Ok(None) => Outcome::NotAnApi,
            Err(reason) => Outcome::Failed(reason),
        }
    })
}

/// Parses every document into `serde_json::Value`; the failures.
fn parse_all(documents: &[PathBuf], threads: usize) -> Vec<String> {
    in_parallel(documents, threads, |path| {
        std::fs::read_to_string(path)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                serde_json::from_str::<serde_json::Value>(&text).map_err(|error| error.to_string())
            })
    })
    .into_iter()
    .filter_map(|(path, parsed)| {
        parsed
            .err()
            .map(|error| format!("{}: {error}", file_name(&path)))
    })
    .collect()
}

/// The crate of one document, `None` for a directory list, or why it failed.
fn generate_one(path: &Path) -> Result<Option<Files>, String> {
    let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let document = Document::from_json(&text).map_err(|error| error.to_string())?;
    if document.is_directory_list() {
        return Ok(None);
    }
    let files =
        google_api_codegen::generate_from_documents(&[(Selection::new(["all"]), document)], None)
            .map_err(|error| error.to_string())?;
    let name = crate_name(&file_name(path));
    Ok(Some(google_api_codegen::standalone_crate(
        &files, &name, "0.1.0",
    )))
}

/// Writes `members` into a workspace under `root` and runs cargo there with warnings denied.
/// Returns the crates that failed, each with its first error.
fn cargo(
    root: &Path,
    members: &[(&str, &Files)],
    command: &[&str],
) -> Result<BTreeMap<String, String>, String> {
    std::fs::create_dir_all(root).map_err(|error| error.to_string())?;
    let root = &std::fs::canonicalize(root).map_err(|error| error.to_string())?;
    for (name, files) in members {
        google_api_codegen::output::write(&root.join(name), files)
            .map_err(|error| error.to_string())?;
    }
    let list: Vec<String> = members
        .iter()
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .map_err(|error| error.to_string())?;
    let output = Command::new(env!("CARGO"))
        .args(command)
        .args(["--keep-going", "--message-format", "short"])
        .current_dir(root)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        // Incremental state would take gigabytes for hundreds of crates checked once.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut broken = BTreeMap::new();
    let mut first_error: BTreeMap<String, String> = BTreeMap::new();
    for line in stderr.lines() {
        // `src/lib.rs:1:1: error: ...` lines come from the crate whose path they name.
        if let Some((path, message)) = line.split_once(": error") {
            if let Some(name) = path.split('/').find(|part| part.starts_with("corpus-")) {
                first_error
                    .entry(name.to_owned())
                    .or_insert_with(|| format!("error{message}"));
            }
        }
        if let Some(rest) = line.strip_prefix("error: could not ") {
            if let Some(name) = rest.split('`').nth(1) {
                let reason = first_error
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| line.to_owned());
                broken.insert(name.to_owned(), reason);
            }
        }
    }
    if !output.status.success() && broken.is_empty() {
        return Err(format!("cargo {} failed:\n{stderr}", command.join(" ")));
    }
    Ok(broken)
}

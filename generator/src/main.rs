//! The `google-api-codegen` command-line tool: a thin front end over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use google_api_codegen::diff;
use google_api_codegen::lower::Selection;
use google_api_codegen::output::{self, Difference};
use google_api_codegen::{ApiSettings, Error, Settings};

/// Generate a typed Rust client from a Google API discovery document.
///
/// A discovery document is the JSON description Google publishes for each REST API
/// (https://www.googleapis.com/discovery/v1/apis). From it, this tool writes Rust: a module
/// per API version with request and response types, a handle per resource and a call type per
/// method that turns into an `http::Request`.
#[derive(Debug, Parser)]
#[command(name = "google-api-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a client crate's sources from discovery documents.
    #[command(after_long_help = GENERATE_EXAMPLES)]
    Generate(GenerateArgs),

    /// Compare two revisions of a discovery document: what changed in the generated client,
    /// and whether it breaks code written against it or the JSON on the wire.
    ///
    /// Each change is wire-breaking (requests or responses that were right are refused or
    /// misread), source-breaking (code that compiled no longer does; the wire is unchanged),
    /// additive, or documentation only.
    #[command(after_long_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
}

const DIFF_EXAMPLES: &str = "\
Examples:
  What a new revision changes in accounts.mfaSignIn:
    google-api-codegen diff old/identitytoolkit.v2.json discovery/identitytoolkit.v2.json \\
        --resource accounts.mfaSignIn

  In CI, as Markdown for the pull request, failing on anything that breaks callers:
    google-api-codegen diff old.json new.json --format markdown --fail-on breaking

Exit status: 0, or 1 when --fail-on finds what it names, or 2 on an error.";

#[derive(Debug, Args)]
struct DiffArgs {
    /// The older revision of the discovery document.
    #[arg(value_name = "OLD.json")]
    old: PathBuf,

    /// The newer revision.
    #[arg(value_name = "NEW.json")]
    new: PathBuf,

    /// A resource to compare, as a dotted path such as `accounts.mfaSignIn`, with the
    /// resources below it and the schemas they reach. Repeat for more.
    #[arg(long = "resource", value_name = "PATH", default_value = "all")]
    resources: Vec<String>,

    /// A prefix removed from schema ids when naming types, as for `generate`.
    #[arg(long = "schema-prefix", value_name = "PREFIX")]
    schema_prefixes: Vec<String>,

    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Exit with status 1 if there is a breaking change (`breaking`), or any change (`any`).
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,

    /// Colour the text output: on a terminal only (`auto`, unless NO_COLOR is set), `always`
    /// or `never`.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Grouped by class, for people.
    Text,
    /// Tables, for a pull request or a changelog.
    Markdown,
    /// The shape the README documents, for tools.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    /// A wire-breaking or source-breaking change.
    Breaking,
    /// Any change, documentation included.
    Any,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

const GENERATE_EXAMPLES: &str = "\
Examples:
  Generate the accounts.mfaSignIn resource of Identity Toolkit v2 into generated/:
    google-api-codegen generate discovery/identitytoolkit.v2.json \\
        --resource accounts.mfaSignIn --schema-prefix GoogleCloudIdentitytoolkitV2 \\
        --out generated

  The same, as a crate of its own (Cargo.toml and src/) to vendor into another workspace:
    google-api-codegen generate discovery/identitytoolkit.v2.json \\
        --resource accounts.mfaSignIn --crate-name google-identitytoolkit --out vendor/identitytoolkit

  Regenerate from the settings a crate keeps in its Cargo.toml, as its build script does:
    google-api-codegen generate --manifest-path Cargo.toml

  In CI, fail if the checked-in sources are stale:
    google-api-codegen generate --manifest-path Cargo.toml --check";

#[derive(Debug, Args)]
struct GenerateArgs {
    /// The discovery document (JSON) to generate from.
    #[arg(
        value_name = "DISCOVERY.json",
        required_unless_present = "manifest_path"
    )]
    document: Option<PathBuf>,

    /// Read documents and settings from [package.metadata.google-api-codegen] of this
    /// Cargo.toml instead of from the command line.
    #[arg(long, value_name = "Cargo.toml", conflicts_with_all = ["document", "resources", "out"])]
    manifest_path: Option<PathBuf>,

    /// A resource to generate, as a dotted path such as `accounts.mfaSignIn`, with the
    /// resources below it. Repeat for more; `all` generates the whole API.
    #[arg(
        long = "resource",
        value_name = "PATH",
        required_unless_present = "manifest_path"
    )]
    resources: Vec<String>,

    /// The directory to write to. It ends up holding exactly the generated files: stale ones
    /// that an earlier run wrote are removed, and a file the generator did not write stops the
    /// run before anything is touched.
    #[arg(long, value_name = "DIR", required_unless_present = "manifest_path")]
    out: Option<PathBuf>,

    /// A prefix to remove from schema ids when naming types; repeat for more. With
    /// `GoogleCloudIdentitytoolkitV2`, the schema `GoogleCloudIdentitytoolkitV2StartMfaSignInRequest`
    /// becomes the type `StartMfaSignInRequest`.
    #[arg(long = "schema-prefix", value_name = "PREFIX")]
    schema_prefixes: Vec<String>,

    /// A type name for one schema, as SCHEMA_ID=TypeName; repeat for more. Overrides the
    /// generated name, including the rule that names schemas that would get the same name.
    #[arg(long = "type-name", value_name = "ID=NAME", value_parser = parse_type_name)]
    type_names: Vec<(String, String)>,

    /// The JSON name of a property or parameter whose value `Debug` output must hide; repeat
    /// for more. Replaces the default list of passwords, tokens and codes.
    #[arg(long = "secret-field", value_name = "NAME")]
    secret_fields: Vec<String>,

    /// One cargo feature per top-level resource, so that a crate of a large API compiles only
    /// the resources its user enables (with `--crate-name`, its Cargo.toml declares them, all
    /// on by default).
    #[arg(long)]
    resource_features: bool,

    /// The module of the API in the crate; the document's version (such as `v2`) by default.
    #[arg(long, value_name = "NAME")]
    module: Option<String>,

    /// The first line of the crate's documentation.
    #[arg(long)]
    title: Option<String>,

    /// Write a standalone crate with this package name: DIR/Cargo.toml and DIR/src/.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,

    /// The version of the standalone crate.
    #[arg(
        long,
        value_name = "VERSION",
        default_value = "0.1.0",
        requires = "crate_name"
    )]
    crate_version: String,

    /// Change nothing; exit with status 1 if DIR differs from what would be generated.
    #[arg(long)]
    check: bool,

    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_type_name(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((id, name)) if !id.is_empty() && !name.is_empty() => {
            Ok((id.to_owned(), name.to_owned()))
        }
        _ => Err(format!("{text:?} is not SCHEMA_ID=TypeName")),
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(args) => generate(args),
        Command::Diff(args) => compare(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn compare(args: &DiffArgs) -> Result<ExitCode, Error> {
    let old = google_api_codegen::read_document(&args.old)?;
    let new = google_api_codegen::read_document(&args.new)?;
    let mut selection = Selection::new(args.resources.iter().cloned());
    selection.schema_prefixes = args.schema_prefixes.clone();
    let diff = diff::diff(&old, &new, &selection)?;
    match args.format {
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            print!("{}", diff.to_text(color));
        }
        Format::Markdown => print!("{}", diff.to_markdown()),
        Format::Json => println!("{:#}", diff.to_json()),
    }
    let failed = match args.fail_on {
        Some(FailOn::Breaking) => diff.breaking() > 0,
        Some(FailOn::Any) => !diff.changes.is_empty(),
        None => false,
    };
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, Error> {
    let (settings, base_dir) = match &args.manifest_path {
        Some(manifest) => {
            let base_dir = manifest.parent().map(PathBuf::from).unwrap_or_default();
            (Settings::from_manifest(manifest)?, base_dir)
        }
        None => {
            let settings = Settings {
                out: args.out.clone().unwrap_or_default(),
                title: args.title.clone(),
                apis: vec![ApiSettings {
                    document: args.document.clone().unwrap_or_default(),
                    module: args.module.clone(),
                    resources: args.resources.clone(),
                    schema_prefixes: args.schema_prefixes.clone(),
                    type_names: args.type_names.iter().cloned().collect(),
                    secret_fields: (!args.secret_fields.is_empty())
                        .then(|| args.secret_fields.clone()),
                    resource_features: args.resource_features,
                }],
            };
            (settings, PathBuf::new())
        }
    };

    let mut files = google_api_codegen::generate(&settings, &base_dir)?;
    if let Some(name) = &args.crate_name {
        files = google_api_codegen::standalone_crate(&files, name, &args.crate_version);
    }
    let out = base_dir.join(&settings.out);

    if args.check {
        let differences = output::compare(&out, &files)?;
        if differences.is_empty() {
            if !args.quiet {
                println!("{}: up to date ({} files)", out.display(), files.len());
            }
            return Ok(ExitCode::SUCCESS);
        }
        for difference in &differences {
            eprintln!("{}: {difference}", out.display());
        }
        eprintln!(
            "{} is out of date: run the same command without --check",
            out.display()
        );
        return Ok(ExitCode::FAILURE);
    }

    let differences = output::write(&out, &files)?;
    if !args.quiet {
        let count =
            |wanted: fn(&Difference) -> bool| differences.iter().filter(|d| wanted(d)).count();
        println!(
            "{}: {} files, {} written, {} removed, {} unchanged",
            out.display(),
            files.len(),
            count(|d| matches!(d, Difference::Missing(_) | Difference::Changed(_))),
            count(|d| matches!(d, Difference::Extra(_))),
            files.len() - count(|d| matches!(d, Difference::Missing(_) | Difference::Changed(_))),
        );
    }
    Ok(ExitCode::SUCCESS)
}

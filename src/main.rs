//! The `credcat` binary: parses the command line, calls the library, maps errors to exit
//! codes (0 ok, 1 problems in the catalog or the build, 2 usage errors as clap reports them).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use credcat::cli::{Cli, Command};

// Building a catalog allocates millions of small strings and values, across threads;
// mimalloc handles that churn markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use credcat::issuer::verify::Sources;
use credcat::{root_or_cwd, BuildOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let root = root_or_cwd(cli.root.as_deref());
    let result = match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                output,
                base_url,
                drafts,
            };
            credcat::build(&options).map(|r| {
                if r.up_to_date {
                    println!(
                        "Built {} credentials: {} files in {} (up to date: nothing changed since the last build) in {:.0?}",
                        r.credentials,
                        r.files,
                        r.output.display(),
                        r.elapsed
                    );
                    return;
                }
                println!(
                    "Built {} credentials: {} files in {} ({} written, {} unchanged) in {:.0?}",
                    r.credentials,
                    r.files,
                    r.output.display(),
                    r.stats.written,
                    r.stats.unchanged,
                    r.elapsed
                );
                // Not an error: the site is whole; some hosts would refuse it.
                let notes = r.size.as_ref().map(credcat::hosts::exceeded).unwrap_or_default();
                if !notes.is_empty() {
                    eprintln!("note: some static hosts will not publish this site as it is:");
                    for n in notes {
                        eprintln!("  - {n}");
                    }
                }
            })
        }
        Command::Check {
            drafts,
            report,
            format,
            as_of,
            external_links,
            link_timeout,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                drafts,
                ..Default::default()
            };
            let links = external_links.then(|| std::time::Duration::from_secs(link_timeout));
            check(&options, report, format, as_of, links, color)
        }
        Command::Serve {
            output,
            bind,
            port,
            open,
            drafts,
            debounce_ms,
        } => credcat::serve::run::run(credcat::serve::run::ServeConfig {
            build: BuildOptions {
                // The preview has the dev server's URLs and preview signatures in it: it is
                // kept away from public/, which `build` makes for deploying.
                output: Some(output.unwrap_or_else(|| {
                    root.clone().join(credcat::serve::run::PREVIEW_DIR)
                })),
                root: root.clone(),
                base_url: None,
                drafts,
            },
            bind,
            port,
            open,
            debounce: std::time::Duration::from_millis(debounce_ms),
        }),
        Command::Init { dir } => credcat::scaffold::init(&dir).map(|()| {
            println!(
                "Created a catalog in {}. Next: credcat build --root {}",
                dir.display(),
                dir.display()
            );
        }),
        Command::New { kind, name } => {
            credcat::scaffold::new(&root.clone(), kind, &name).map(|path| {
                println!("Created {}", path.display());
            })
        }
        Command::Keygen { force } => keygen(&root.clone(), force),
        Command::Issue { credential, csv } => {
            credcat::issuer::issue::issue(&root.clone(), &credential, &csv)
                .map(|r| {
                    println!(
                        "Added {} awards of {credential} in {} ({} new ids). Run `credcat build` to sign them.",
                        r.awards,
                        r.path.display(),
                        r.generated_ids
                    );
                })
                .map_err(|e| match e {
                    credcat::issuer::issue::IssueError::Catalog(e) => *e,
                    other => credcat::Error::Failed(other.to_string()),
                })
        }
        Command::Revoke { id, reason } => credcat::issuer::revoke::revoke(&root.clone(), &id, &reason)
            .map(|r| {
                let again = if r.was_revoked { " (it was already revoked; the reason is updated)" } else { "" };
                println!("Revoked {id} in {}{again}. The next `credcat build` publishes it in the status list.", r.file.display());
            })
            .map_err(|e| match e {
                credcat::issuer::revoke::RevokeError::Catalog(e) => *e,
                other => credcat::Error::Failed(other.to_string()),
            }),
        Command::Verify { files, site, did_json, keys } => verify(&files, Sources { site, did_json, keys }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.render(color));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Award files that still keep recipients' addresses in plain text: they build, but a catalog
/// kept in a public repository publishes the addresses with its history.
fn plain_email_warning(c: &credcat::model::Catalog) -> usize {
    let mut files: Vec<String> = c
        .awards
        .iter()
        .filter(|a| matches!(a.recipient, credcat::model::Recipient::Email(_)))
        .map(|a| a.file.display().to_string())
        .collect();
    files.dedup();
    if !files.is_empty() {
        eprintln!(
            "warning: {} keep{} recipients' email addresses in plain text; anyone who can read the \
             repository can read them. `credcat issue` writes salted hashes instead: re-issue from \
             the recipients' CSV (kept outside the catalog), or keep the catalog's repository private",
            files.join(", "),
            if files.len() == 1 { "s" } else { "" }
        );
    }
    usize::from(!files.is_empty())
}

fn keygen(root: &std::path::Path, force: bool) -> Result<(), credcat::Error> {
    let config = credcat::load::config(root)?;
    let output = root.join("public");
    let r = credcat::issuer::key::keygen(root, &config, &output, force)
        .map_err(|e| credcat::Error::Failed(e.to_string()))?;
    println!(
        "Created the issuer key {} (mode 0600; keep it secret and out of git)",
        r.path.display()
    );
    println!("public key (Multikey): {}", r.public_multikey);
    println!("issuer DID:            {}", r.did);
    println!("Back it up: badges signed with it verify only while its public key is published.");
    Ok(())
}

fn verify(files: &[std::path::PathBuf], sources: Sources) -> Result<(), credcat::Error> {
    let verifier = credcat::issuer::verify::Verifier::new(&sources, jiff::Timestamp::now())
        .map_err(credcat::Error::Usage)?;
    let mut bad = 0;
    for f in files {
        let verdict = verifier.verify_file(f);
        if !verdict.is_valid() {
            bad += 1;
        }
        println!("{}: {verdict}", f.display());
    }
    if bad == 0 {
        Ok(())
    } else {
        Err(credcat::Error::Failed(format!(
            "{bad} of {} credentials did not verify",
            files.len()
        )))
    }
}

/// `credcat check`: warnings on stderr, the report (when asked) and the summary on stdout.
fn check(
    options: &BuildOptions,
    report: bool,
    format: credcat::cli::ReportFormat,
    as_of: Option<jiff::civil::Date>,
    external_links: Option<std::time::Duration>,
    color: bool,
) -> Result<(), credcat::Error> {
    use credcat::derive::quality;
    let today = as_of.unwrap_or_else(quality::today);
    let checked = credcat::check_on(options, today, external_links)?;
    eprint!(
        "{}",
        checked.warnings.render_warnings(&checked.sources, color)
    );
    let c = &checked.catalog;
    let mut warnings = checked.warnings.len() + plain_email_warning(c);
    for w in &checked.placeholders {
        eprintln!("warning: {w}");
        warnings += 1;
    }
    if report {
        let r = quality::report(c, today);
        match format {
            credcat::cli::ReportFormat::Json => {
                // Plain data with string keys: serializing cannot fail.
                let json = serde_json::to_string_pretty(&r).expect("the report is plain data");
                println!("{json}");
                return Ok(());
            }
            credcat::cli::ReportFormat::Text => println!("{}", r.render_text()),
        }
    }
    let verdict = match warnings {
        0 => "No problems".to_string(),
        1 => "No errors (1 warning)".to_string(),
        n => format!("No errors ({n} warnings)"),
    };
    println!(
        "{verdict}: {} credentials, {} frameworks ({} competencies), {} organizations, {} pathways, {} awards",
        c.credentials.len(),
        c.frameworks.len(),
        c.competencies.len(),
        c.organizations.len(),
        c.pathways.len(),
        c.awards.len()
    );
    Ok(())
}

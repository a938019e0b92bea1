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
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                root: root_or_cwd(root.as_deref()),
                output,
                base_url,
                drafts,
            };
            credcat::build(&options).map(|r| {
                println!(
                    "Built {} credentials: {} files in {} ({} written, {} unchanged) in {:.0?}",
                    r.credentials,
                    r.files,
                    r.output.display(),
                    r.stats.written,
                    r.stats.unchanged,
                    r.elapsed
                );
            })
        }
        Command::Check { root, drafts } => {
            let options = BuildOptions {
                root: root_or_cwd(root.as_deref()),
                drafts,
                ..Default::default()
            };
            credcat::check(&options).map(|c| {
                println!(
                    "No problems: {} credentials, {} frameworks ({} competencies), {} organizations, {} pathways, {} awards",
                    c.credentials.len(),
                    c.frameworks.len(),
                    c.competencies.len(),
                    c.organizations.len(),
                    c.pathways.len(),
                    c.awards.len()
                );
            })
        }
        Command::Serve {
            root,
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
                    root_or_cwd(root.as_deref()).join(credcat::serve::run::PREVIEW_DIR)
                })),
                root: root_or_cwd(root.as_deref()),
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
        Command::New { kind, name, root } => {
            credcat::scaffold::new(&root_or_cwd(root.as_deref()), kind, &name).map(|path| {
                println!("Created {}", path.display());
            })
        }
        Command::Keygen { root, force } => keygen(&root_or_cwd(root.as_deref()), force),
        Command::Issue { credential, csv, root } => {
            credcat::issuer::issue::issue(&root_or_cwd(root.as_deref()), &credential, &csv)
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
                    other => credcat::Error::Usage(other.to_string()),
                })
        }
        Command::Revoke { id, reason, root } => credcat::issuer::revoke::revoke(&root_or_cwd(root.as_deref()), &id, &reason)
            .map(|r| {
                let again = if r.was_revoked { " (it was already revoked; the reason is updated)" } else { "" };
                println!("Revoked {id} in {}{again}. The next `credcat build` publishes it in the status list.", r.file.display());
            })
            .map_err(|e| match e {
                credcat::issuer::revoke::RevokeError::Catalog(e) => *e,
                other => credcat::Error::Usage(other.to_string()),
            }),
        Command::Verify { files, site, did_json, keys } => verify(&files, Sources { site, did_json, keys }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.render(color));
            ExitCode::from(1)
        }
    }
}

fn keygen(root: &std::path::Path, force: bool) -> Result<(), credcat::Error> {
    let config = credcat::load::config(root)?;
    let output = root.join("public");
    let r = credcat::issuer::key::keygen(root, &config, &output, force)
        .map_err(|e| credcat::Error::Usage(e.to_string()))?;
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
        Err(credcat::Error::Usage(format!(
            "{bad} of {} credentials did not verify",
            files.len()
        )))
    }
}

//! The `credcat` binary: parses the command line, calls the library, maps errors to exit
//! codes (0 ok, 1 problems in the catalog or the build, 2 usage errors as clap reports them).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use credcat::cli::{Cli, Command};
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
                root: root_or_cwd(root.as_deref()),
                output,
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.render(color));
            ExitCode::from(1)
        }
    }
}

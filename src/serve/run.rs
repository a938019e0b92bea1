//! `credcat serve`: build, serve, watch, rebuild incrementally, tell the browser.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::{start, watch, Broadcaster, Gate, ServeOptions};
use crate::incremental::Incremental;
use crate::{BuildOptions, Error};

pub struct ServeConfig {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub debounce: Duration,
}

/// Where `serve` writes its preview unless told otherwise, relative to the catalog root:
/// inside `.credcat/` (git-ignored, never read as content), not `public/`.
pub const PREVIEW_DIR: &str = ".credcat/serve";

/// Runs until the process is stopped.
pub fn run(config: ServeConfig) -> Result<(), Error> {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if !config.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — anyone who can reach this machine on the network can see the site and its drafts",
            config.bind
        );
    }
    let events = Broadcaster::new();
    let output = config.build.output_dir();
    let mut options = ServeOptions::new(&output);
    options.bind = config.bind;
    options.port = config.port;
    options.broadcaster = events.clone();
    let gate = Gate::new(crate::emit::deferred_paths());
    options.gate = gate.clone();
    let output_lock = crate::write::OutputLock::default();
    options.output_lock = output_lock.clone();
    let server = start(options).map_err(|e| Error::Failed(e.to_string()))?;
    let url = server.url();

    let mut build = config.build;
    if let Ok(abs) = build.root.canonicalize() {
        build.root = abs;
    }
    // Links and canonical URLs point at this server, so every page works when clicked.
    build.base_url = Some(url.clone());
    // Watch before the first build, so an edit made while it runs is not lost.
    let output_abs = build.output_dir();
    let watcher = watch::watch(&build.root, &output_abs, config.debounce)
        .map_err(|e| Error::Failed(e.to_string()))?;
    let root = build.root.clone();
    let (mut session, first) = Incremental::start(build)?;
    session.share_output_lock(output_lock);
    match first {
        Ok(r) => println!("Built {} files in {:.0?}", r.emitted, r.elapsed),
        Err(e) => report(&events, &e, color),
    }
    if let Ok(config) = crate::load::config(&root) {
        if let crate::issuer::Signer::Unavailable(why) =
            crate::issuer::key::load_signer(&root, &config)
        {
            println!(
                "Note: badges in this preview are signed with credcat's public preview key, not yours \
                 ({why}); they verify only here"
            );
        }
    }
    println!("Serving {} at {url}", output.display());
    println!("Watching for changes; press Ctrl+C to stop");
    if config.open {
        open_browser(&url);
    }
    for batch in watcher.batches.iter() {
        let batch: Vec<PathBuf> = batch;
        // Closed before the rebuild writes a page, so no one can load a fresh page and then
        // fetch an old bulk file.
        gate.close();
        match session.rebuild(&batch) {
            Ok(r) if r.emitted == 0 && r.removed == 0 => {}
            Ok(r) => {
                println!(
                    "Rebuilt {} ({} files emitted, {} written{}) in {:.1?}",
                    describe(&batch, &session),
                    r.emitted,
                    r.written,
                    if r.full { ", full" } else { "" },
                    r.elapsed
                );
                events.reload();
            }
            Err(e) => report(&events, &e, color),
        }
        // The pages are current (and reloading); the deferred files come before the next
        // batch, so edits made meanwhile coalesce into that one.
        if !session.owed().is_empty() {
            match session.finish_deferred() {
                Ok(r) if r.written > 0 => {
                    println!("Wrote {} deferred files in {:.1?}", r.written, r.elapsed)
                }
                Ok(_) => {}
                Err(e) => report(&events, &e, color),
            }
        }
        // Open even when writing failed: nothing would come by waiting, and the error shows.
        gate.open();
    }
    Ok(())
}

fn report(events: &Broadcaster, e: &Error, color: bool) {
    eprint!("{}", e.render(color));
    events.error(&e.render(false));
}

/// The changed files a rebuild is reported for, without editors' temporary files.
fn describe(batch: &[PathBuf], session: &Incremental) -> String {
    let changed: Vec<&PathBuf> = batch.iter().filter(|p| session.matters(p)).collect();
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| {
            p.strip_prefix(session.root())
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    if changed.len() > 3 {
        format!("{} and {} more", names.join(", "), changed.len() - 3)
    } else {
        names.join(", ")
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

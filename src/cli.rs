//! The command line: clap definitions only. `main.rs` maps these to library calls.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "credcat",
    version,
    about = "Build a public credential catalog from markdown + TOML"
)]
pub struct Cli {
    /// Catalog folder (holds site-config.toml) [default: the current folder]; before or after
    /// the command, as zola takes it
    #[arg(long, short = 'r', global = true)]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output)
    Build {
        /// Output folder [default: ROOT/public]
        #[arg(long, short, visible_alias = "output-dir")]
        output: Option<PathBuf>,
        /// Publish at this URL instead of the config's base_url
        #[arg(long)]
        base_url: Option<String>,
        /// Include credentials marked draft
        #[arg(long)]
        drafts: bool,
    },
    /// Check the catalog; write nothing. Exit 1 when there are problems.
    Check {
        #[arg(long)]
        drafts: bool,
        /// Also print the catalog quality report (maturity scores, policy checklist, gaps per
        /// credential); docs/QUALITY.md explains every score
        #[arg(long)]
        report: bool,
        /// Format of the report: text, or JSON (docs/report.schema.json) on stdout
        #[arg(long, value_enum, default_value_t = ReportFormat::Text, requires = "report")]
        format: ReportFormat,
        /// Judge review dates and outcome recency on this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Also ask every web address the catalog links to whether it answers (needs the
        /// network); a dead link is an error
        #[arg(long)]
        external_links: bool,
        /// Seconds to wait for each address with --external-links
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = 10,
            requires = "external_links"
        )]
        link_timeout: u64,
    },
    /// Build, serve on 127.0.0.1 with live reload, and rebuild what changes
    Serve {
        /// Output folder [default: ROOT/.credcat/serve, never where `build` deploys]
        #[arg(long, short, visible_alias = "output-dir")]
        output: Option<PathBuf>,
        /// Address to listen on; anything but loopback exposes the site to the network
        #[arg(
            long,
            visible_alias = "interface",
            short = 'i',
            default_value = "127.0.0.1"
        )]
        bind: std::net::IpAddr,
        /// Port; 0 picks a free one
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        /// Include credentials marked draft
        #[arg(long)]
        drafts: bool,
        /// How long a burst of file events must be quiet before a rebuild, in milliseconds (a
        /// single save is rebuilt as soon as its file is complete)
        #[arg(long, default_value_t = 30)]
        debounce_ms: u64,
    },
    /// Create a new, small, working catalog in DIR
    Init { dir: PathBuf },
    /// Create a new content file with a fresh CTID and every field commented
    New {
        kind: NewKind,
        /// File name (slug) of the new resource, e.g. sql-fundamentals
        name: String,
    },
    /// Create the issuer's signing key (at [badges] key_file, mode 0600)
    Keygen {
        /// Replace an existing key: badges signed with it stop verifying after the next build
        #[arg(long)]
        force: bool,
    },
    /// Add a batch of awards from a CSV of recipients to content/issued/
    Issue {
        /// Slug of the credential awarded
        #[arg(long)]
        credential: String,
        /// Recipients: columns recipient_email, issued, and optionally id, recipient_name,
        /// publish_name, expires, evidence_url, evidence_narrative
        #[arg(long)]
        csv: PathBuf,
    },
    /// Mark an award revoked in its award file; the next build publishes the revocation
    Revoke {
        /// The award's id
        id: String,
        /// Why (kept in the award file, not published)
        #[arg(long)]
        reason: String,
    },
    /// Check signed credentials offline: proofs, issuer key, revocation, dates
    Verify {
        /// Credential files: the JSON, or a badge image (PNG or SVG) with it baked in
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A built site folder: its did.json and status list are used
        #[arg(long)]
        site: Option<PathBuf>,
        /// A DID document to resolve the issuer's did:web with
        #[arg(long)]
        did_json: Option<PathBuf>,
        /// Trust a public key: VERIFICATION_METHOD_ID=z6Mk…, or z6Mk… for methods ending in #z6Mk…
        #[arg(long = "key", value_name = "KEY")]
        keys: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    Credential,
    Framework,
    Pathway,
    Organization,
    /// A free-form page (About, How to enroll) in content/pages/
    Page,
}

/// A calendar date YYYY-MM-DD, for `--as-of`.
fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    match text.parse::<jiff::civil::Date>() {
        Ok(d) if text.len() == 10 => Ok(d),
        _ => Err(format!(
            "`{text}` is not a date: write YYYY-MM-DD, e.g. 2026-12-01"
        )),
    }
}

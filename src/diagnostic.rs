//! Problems found in user input, and how they are shown.
//!
//! Every stage that reads user input (`load`, `resolve`) reports problems as [`Diagnostic`]s:
//! a typed [`Problem`], the file and byte span it is about, and a `help:` line that says what to
//! do. They are collected, never thrown one at a time, and rendered the way cargo does — the
//! file:line:column, the source line with a caret, then the help.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use thiserror::Error;

use crate::load::source::SourceMap;

/// What went wrong. Each variant is one class of problem a catalog author can make.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Problem {
    #[error("could not read {what}: {reason}")]
    Io { what: String, reason: String },
    #[error("cannot read {what}: {reason}")]
    Unreadable {
        what: String,
        reason: crate::load::sandbox::ReadError,
    },
    #[error("the file is not valid UTF-8")]
    NotUtf8,
    #[error("the file does not start with a `+++` front matter line")]
    MissingFrontMatter,
    #[error("the front matter opened with `+++` is never closed")]
    UnclosedFrontMatter,
    #[error("{message}")]
    Toml { message: String },
    #[error("`{field}` is required")]
    MissingField { field: &'static str },
    #[error("`{value}` is not a valid {field}")]
    UnknownValue {
        field: &'static str,
        value: String,
        allowed: Vec<&'static str>,
    },
    #[error("no {kind} named `{name}`")]
    UnknownReference {
        kind: &'static str,
        name: String,
        suggestion: Option<String>,
    },
    #[error("CTID `{ctid}` is already used by {other}")]
    DuplicateCtid { ctid: String, other: String },
    #[error("{kind} `{name}` is defined twice (also in {other})")]
    Duplicate {
        kind: &'static str,
        name: String,
        other: String,
    },
    #[error("{relation} cycle: {}", cycle.join(" → "))]
    Cycle {
        relation: &'static str,
        cycle: Vec<String>,
    },
    #[error("`{value}` is not a valid {what}")]
    Malformed {
        what: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{message}")]
    Invalid { message: String, help: String },
}

impl Problem {
    /// The `help:` line: what the author should do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Problem::Io { .. } => Some("check that the file exists and is readable".into()),
            Problem::Unreadable { reason, .. } => Some(reason.help().into()),
            Problem::NotUtf8 => Some("save the file as UTF-8".into()),
            Problem::MissingFrontMatter => Some(
                "start the file with a line `+++`, the TOML fields, then another `+++` line".into(),
            ),
            Problem::UnclosedFrontMatter => {
                Some("add a line containing only `+++` after the last TOML field".into())
            }
            Problem::Toml { message } => Some(toml_help(message)),
            Problem::MissingField { field } => Some(format!("add `{field} = …`")),
            Problem::UnknownValue { allowed, value, .. } => {
                let best = allowed
                    .iter()
                    .map(|a| (strsim::jaro_winkler(&value.to_lowercase(), &a.to_lowercase()), a))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let list = allowed.join(", ");
                Some(match best {
                    Some((_, b)) => format!("did you mean `{b}`? use one of: {list}"),
                    None => format!("use one of: {list}"),
                })
            }
            Problem::UnknownReference {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            Problem::UnknownReference { kind, .. } => {
                Some(format!("check the spelling, or create the {kind}"))
            }
            Problem::DuplicateCtid { .. } => Some(
                "every resource needs its own CTID: `credcat new` prints a fresh one; keep the CTID of the one already published"
                    .into(),
            ),
            Problem::Duplicate { kind, .. } => Some(format!("rename one of the {kind}s")),
            Problem::Cycle { relation, .. } => Some(format!(
                "a credential cannot come before itself: remove one {relation} link of the cycle"
            )),
            Problem::Malformed { expected, .. } => Some(format!("expected {expected}")),
            Problem::Invalid { help, .. } => Some(help.clone()),
        }
    }
}

/// Help for a TOML or field error: for an unknown field or value, the closest valid one and
/// the list (toml's message names them all); for an unquoted date with slashes, its fix.
fn toml_help(message: &str) -> String {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for (marker, what) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        if let Some(rest) = message.split_once(marker).map(|(_, r)| r) {
            let Some((given, expected)) = rest.split_once('`') else {
                continue;
            };
            let valid = quoted(expected);
            let best = valid
                .iter()
                .map(|v| (strsim::jaro_winkler(given, v), v))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, v)| v.clone());
            let list = valid.join(", ");
            return match best {
                Some(b) => format!("did you mean `{b}`? valid {what}s here: {list}"),
                None if valid.is_empty() => {
                    format!("remove the {what}; docs/FORMAT.md lists every field")
                }
                None => format!("valid {what}s here: {list}"),
            };
        }
    }
    if message.contains("string values must be quoted") {
        return "quote text values (name = \"…\"); write dates as 2026-12-01 (no quotes, dashes not slashes)".into();
    }
    "fix the TOML here; docs/FORMAT.md lists every field".into()
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Path relative to the catalog root, as the author knows it.
    pub file: PathBuf,
    /// Byte range in the file; `None` when the problem is about the whole file.
    pub span: Option<Range<usize>>,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, span: Option<Range<usize>>, problem: Problem) -> Self {
        Diagnostic {
            file: file.into(),
            span,
            problem,
        }
    }

    pub fn at(file: &Path, span: Range<usize>, problem: Problem) -> Self {
        Self::new(file, Some(span), problem)
    }
}

/// All the problems of one run, in a stable order (by file, then position).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start))
                .cmp(&(&b.file, b.span.as_ref().map(|s| s.start)))
        });
        self.0.dedup();
    }

    /// Renders every problem as cargo does, followed by a count.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        self.render_as(sources, color, false)
    }

    /// Renders each as a warning — something to fix that does not fail the run — followed
    /// by a count; empty when there are none.
    pub fn render_warnings(&self, sources: &SourceMap, color: bool) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        self.render_as(sources, color, true)
    }

    fn render_as(&self, sources: &SourceMap, color: bool, warning: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_wrap_lines(false);
        let mut out = String::new();
        for d in &self.0 {
            let mut report = Report::new(d, sources);
            if warning {
                report.header = format!("warning: {}", report.header);
                report.severity = miette::Severity::Warning;
            }
            let _ = handler.render_report(&mut out, &report);
        }
        let files: std::collections::BTreeSet<_> = self.0.iter().map(|d| &d.file).collect();
        out.push_str(&format!(
            "{}: {} {}{} in {} file{}\n",
            if warning { "warning" } else { "error" },
            self.0.len(),
            if warning { "warning" } else { "problem" },
            if self.0.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the catalog", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// A diagnostic bound to its source text, in the shape miette renders.
#[derive(Debug)]
struct Report {
    header: String,
    help: Option<String>,
    src: NamedSource<String>,
    span: Option<SourceSpan>,
    severity: miette::Severity,
}

impl Report {
    fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let text = sources.text(&d.file).unwrap_or_default();
        let location = match &d.span {
            Some(span) => {
                let (line, col) = crate::load::source::line_col(&text, span.start);
                format!("{}:{}:{}", d.file.display(), line, col)
            }
            None => d.file.display().to_string(),
        };
        let span = d.span.as_ref().map(|s| {
            let start = s.start.min(text.len());
            let len = s.end.saturating_sub(s.start).min(text.len() - start);
            SourceSpan::new(start.into(), len)
        });
        Report {
            header: format!("{location}: {}", d.problem),
            help: d.problem.help(),
            src: NamedSource::new(d.file.display().to_string(), text),
            span,
            severity: miette::Severity::Error,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span.map(|_| &self.src as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.span.map(|s| {
            Box::new(std::iter::once(LabeledSpan::new_with_span(
                Some("here".into()),
                s,
            ))) as _
        })
    }
}

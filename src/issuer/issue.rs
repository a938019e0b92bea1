//! `credcat issue --credential REF --csv FILE`: checks a list of recipients and adds it as a
//! new batch file under `content/issued/`.
//!
//! Every row is checked before anything is written (the credential exists, each email looks
//! like one, dates are `YYYY-MM-DD` with expiry after issue, ids are unique across the
//! catalog); rows without an `id` get a fresh one. Messages name the row and the column,
//! never the email address: it is personal data and terminals end up in logs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::load::{Kind, Parsed};
use crate::resolve::validate;
use crate::BuildOptions;

/// Columns a recipients CSV may have; `recipient_email` and `issued` are required.
pub const COLUMNS: &[&str] = &[
    "id",
    "credential",
    "recipient_name",
    "publish_name",
    "recipient_email",
    "issued",
    "expires",
    "evidence_url",
    "evidence_narrative",
];

/// Columns of the batch file `issue` writes: the recipient's email is replaced by its salted
/// hash (OB 3.0's IdentityObject), so the address never enters the catalog's repository.
pub const BATCH_COLUMNS: &[&str] = &[
    "id",
    "credential",
    "recipient_name",
    "publish_name",
    "recipient_hash",
    "recipient_salt",
    "issued",
    "expires",
    "evidence_url",
    "evidence_narrative",
];

/// A fresh 128-bit salt, hex, for one recipient's identity hash.
fn fresh_salt() -> String {
    use rand::RngExt as _;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("{0}")]
    Catalog(Box<crate::Error>),
    #[error("there is no credential `{name}` in content/credentials/{hint}")]
    UnknownCredential { name: String, hint: String },
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {} problem(s), nothing was written:\n{}", .problems.len(), .problems.join("\n"))]
    Rows { path: String, problems: Vec<String> },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("the new batch {path} does not pass `credcat check`, so it was removed:\n{message}")]
    Rejected { path: String, message: String },
}

#[derive(Debug, Clone)]
pub struct IssueReport {
    /// The batch file, relative to the root.
    pub path: PathBuf,
    pub awards: usize,
    pub generated_ids: usize,
}

fn valid_date(s: &str) -> Option<jiff::civil::Date> {
    if s.len() != 10 {
        return None;
    }
    s.parse().ok()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_email(e: &str) -> bool {
    validate::email(e.trim()).is_ok()
}

/// Reads and checks the recipients CSV, adds the batch file and checks the catalog again.
pub fn issue(root: &Path, credential: &str, csv_path: &Path) -> Result<IssueReport, IssueError> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let loaded = crate::load(&options).map_err(|e| IssueError::Catalog(Box::new(e)))?;
    let slugs: Vec<String> = loaded
        .files
        .iter()
        .filter(|(p, _)| Kind::of(p) == Some(Kind::Credential))
        .filter_map(|(p, _)| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    if !slugs.iter().any(|s| s == credential) {
        let hint = slugs
            .iter()
            .max_by(|a, b| {
                strsim::jaro_winkler(a, credential).total_cmp(&strsim::jaro_winkler(b, credential))
            })
            .filter(|s| strsim::jaro_winkler(s, credential) > 0.8)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(IssueError::UnknownCredential {
            name: credential.into(),
            hint,
        });
    }
    let mut taken: HashSet<String> = loaded
        .files
        .values()
        .filter_map(|f| match &f.parsed {
            Ok(Parsed::Awards(_, list)) => Some(list.iter().map(|a| a.id.get_ref().clone())),
            _ => None,
        })
        .flatten()
        .collect();

    let shown = csv_path.display().to_string();
    let text = std::fs::read_to_string(csv_path).map_err(|e| IssueError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| IssueError::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?
        .clone();
    let mut problems = Vec::new();
    for h in headers.iter() {
        if !COLUMNS.contains(&h) {
            problems.push(format!(
                "header: unknown column `{h}` (columns: {})",
                COLUMNS.join(", ")
            ));
        }
    }
    for required in ["recipient_email", "issued"] {
        if !headers.iter().any(|h| h == required) {
            problems.push(format!("header: the column `{required}` is missing"));
        }
    }
    if !problems.is_empty() {
        return Err(IssueError::Rows {
            path: shown,
            problems,
        });
    }
    let col = |row: &csv::StringRecord, name: &str| -> String {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| row.get(i))
            .unwrap_or_default()
            .to_string()
    };

    let mut rows = Vec::new();
    let mut generated = 0;
    for (n, record) in reader.records().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let at = format!("row {}", n + 2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{at}: unreadable: {e}"));
                continue;
            }
        };
        let cred = col(&record, "credential");
        if !cred.is_empty() && cred != credential {
            problems.push(format!(
                "{at}: credential `{cred}` differs from --credential {credential}"
            ));
        }
        if !valid_email(&col(&record, "recipient_email")) {
            problems.push(format!(
                "{at}: recipient_email is missing or not an email address"
            ));
        }
        let issued_text = col(&record, "issued");
        let issued = valid_date(&issued_text);
        if issued.is_none() {
            problems.push(format!(
                "{at}: issued `{issued_text}` is not a date like 2026-03-01"
            ));
        }
        let expires_text = col(&record, "expires");
        if !expires_text.is_empty() {
            match valid_date(&expires_text) {
                None => problems.push(format!(
                    "{at}: expires `{expires_text}` is not a date like 2029-03-01"
                )),
                Some(e) if issued.is_some_and(|i| e <= i) => {
                    problems.push(format!("{at}: expires {e} is not after issued"))
                }
                Some(_) => {}
            }
        }
        let publish = col(&record, "publish_name").to_ascii_lowercase();
        if !matches!(
            publish.as_str(),
            "" | "true" | "false" | "yes" | "no" | "1" | "0"
        ) {
            problems.push(format!(
                "{at}: publish_name `{publish}` is not true or false"
            ));
        }
        let url = col(&record, "evidence_url");
        if !url.is_empty() {
            if let Err(p) = validate::link(&url, validate::LinkKinds::WebOrSitePath) {
                let help = p.help().unwrap_or_default();
                problems.push(format!("{at}: evidence_url `{url}` is not usable: {help}"));
            }
        }
        let mut id = col(&record, "id");
        if id.is_empty() {
            let date = issued
                .map(|d| d.strftime("%Y%m%d").to_string())
                .unwrap_or_default();
            id = loop {
                let candidate = format!("{credential}-{date}-{:08x}", rand::random::<u32>());
                if !taken.contains(&candidate) {
                    break candidate;
                }
            };
            generated += 1;
        } else if !valid_id(&id) {
            problems.push(format!(
                "{at}: id `{id}` may only hold letters, digits, `-` and `_` (it becomes a URL)"
            ));
        }
        if !taken.insert(id.clone()) {
            problems.push(format!("{at}: id `{id}` is already used by another award"));
        }
        let salt = fresh_salt();
        let email = crate::model::Email::new(&col(&record, "recipient_email"));
        let hash = crate::emit::badges::identity_hash(&email, &salt);
        // In the order of BATCH_COLUMNS.
        let fields = vec![
            id,
            credential.to_string(),
            col(&record, "recipient_name"),
            if matches!(publish.as_str(), "true" | "yes" | "1") {
                "true"
            } else {
                "false"
            }
            .into(),
            hash,
            salt,
            issued_text,
            expires_text,
            url,
            col(&record, "evidence_narrative"),
        ];
        rows.push(fields);
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push("the file has no recipients".into());
    }
    if !problems.is_empty() {
        return Err(IssueError::Rows {
            path: shown,
            problems,
        });
    }

    let dir = Path::new(Kind::Awards.dir());
    let today = jiff::Zoned::now().date().to_string();
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(BATCH_COLUMNS);
    for row in &rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    std::fs::create_dir_all(root.join(dir)).map_err(|source| IssueError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let mut n = 1;
    let rel = loop {
        let name = if n == 1 {
            format!("{today}-{credential}.csv")
        } else {
            format!("{today}-{credential}-{n}.csv")
        };
        let rel = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(root.join(&rel))
        {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(&bytes).map_err(|source| IssueError::Write {
                    path: rel.display().to_string(),
                    source,
                })?;
                break rel;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(source) => {
                return Err(IssueError::Write {
                    path: rel.display().to_string(),
                    source,
                })
            }
        }
    };
    // The same checks a build makes, on the catalog with the new batch in it.
    let recheck = crate::load(&options)
        .map_err(|e| e.render(false))
        .and_then(|loaded| {
            crate::resolve::resolve(&loaded, crate::resolve::Options { drafts: true })
                .map(|_| ())
                // Only the problems, not the source lines under them: those may hold emails.
                .map_err(|d| {
                    d.0.iter()
                        .map(|d| format!("{}: {}", d.file.display(), d.problem))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
        });
    if let Err(message) = recheck {
        let _ = std::fs::remove_file(root.join(&rel));
        return Err(IssueError::Rejected {
            path: rel.display().to_string(),
            message,
        });
    }
    Ok(IssueReport {
        path: rel,
        awards: rows.len(),
        generated_ids: generated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_dates() {
        assert!(valid_email(" a@b.org "));
        for bad in ["", "a", "a@b", "@b.org", "a b@c.org", "a@b@c.org"] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(valid_date("2026-02-28").is_some());
        assert!(valid_date("2026-02-30").is_none());
        assert!(valid_date("2026-2-3").is_none());
    }
}

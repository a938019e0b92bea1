//! `credcat revoke ID --reason TEXT`: marks one award revoked in the file it is written in.
//!
//! The edit is as small as the file format allows, so the change reads well in a diff: in a
//! TOML batch only that `[[award]]` table's `revoked` and `revocation_reason` change (with
//! `toml_edit`, keeping comments and layout); in a CSV batch only that row is rewritten
//! (the header and every row gain the two columns if the file did not have them). The next
//! build sets the award's bit in the status list.

use std::path::{Path, PathBuf};

use crate::load::Parsed;
use crate::BuildOptions;

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("{0}")]
    Catalog(Box<crate::Error>),
    #[error("no award has the id `{0}` in content/issued/")]
    NotFound(String),
    #[error("the revocation reason is empty; say why the badge is revoked (it stays in the award file, it is not published)")]
    EmptyReason,
    #[error("{path}: {message}")]
    Edit { path: String, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct RevokeReport {
    /// The award file, relative to the root.
    pub file: PathBuf,
    pub was_revoked: bool,
}

pub fn revoke(root: &Path, id: &str, reason: &str) -> Result<RevokeReport, RevokeError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RevokeError::EmptyReason);
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let loaded = crate::load(&options).map_err(|e| RevokeError::Catalog(Box::new(e)))?;
    let (rel, was_revoked) = loaded
        .files
        .iter()
        .find_map(|(path, f)| match &f.parsed {
            Ok(Parsed::Awards(_, list)) => list
                .iter()
                .find(|a| a.id.get_ref() == id)
                .map(|a| (path.clone(), a.revoked)),
            _ => None,
        })
        .ok_or_else(|| RevokeError::NotFound(id.to_string()))?;
    let path = root.join(&rel);
    let shown = rel.display().to_string();
    let edit_err = |message: String| RevokeError::Edit {
        path: shown.clone(),
        message,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| edit_err(e.to_string()))?;
    let new_text = if rel.extension().is_some_and(|e| e == "csv") {
        revoke_csv(&text, id, reason).map_err(edit_err)?
    } else {
        revoke_toml(&text, id, reason).map_err(edit_err)?
    };
    // Replace the file whole: a reader (or a crash) never sees half an edit.
    let tmp = path.with_extension(format!(
        "{}.credcat-tmp",
        rel.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    std::fs::write(&tmp, new_text)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|source| RevokeError::Write {
            path: shown.clone(),
            source,
        })?;
    Ok(RevokeReport {
        file: rel,
        was_revoked,
    })
}

/// Sets `revoked = true` and the reason in the `[[award]]` table with `id`.
pub fn revoke_toml(text: &str, id: &str, reason: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let awards = doc
        .get_mut("award")
        .and_then(|a| a.as_array_of_tables_mut())
        .ok_or_else(|| "no [[award]] tables".to_string())?;
    let table = awards
        .iter_mut()
        .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        .ok_or_else(|| format!("no [[award]] with id `{id}`"))?;
    table["revoked"] = toml_edit::value(true);
    table["revocation_reason"] = toml_edit::value(reason);
    Ok(doc.to_string())
}

/// Rewrites the CSV row with `id`, leaving every other line as it was.
pub fn revoke_csv(text: &str, id: &str, reason: &str) -> Result<String, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let id_col = col("id").ok_or("no `id` column")?;
    let crlf = text.contains("\r\n");
    let write = |records: &[csv::StringRecord]| -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        for r in records {
            // Writing into a Vec cannot fail.
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    };
    let records: Vec<(usize, csv::StringRecord)> = reader
        .records()
        .map(|r| r.map(|r| (r.position().map_or(0, |p| p.byte() as usize), r)))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let target = records
        .iter()
        .position(|(_, r)| r.get(id_col).map(str::trim) == Some(id))
        .ok_or_else(|| format!("no row with id `{id}`"))?;
    let set = |r: &csv::StringRecord, revoked_col: usize, reason_col: usize| -> csv::StringRecord {
        let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
        fields.resize(
            fields.len().max(revoked_col.max(reason_col) + 1),
            String::new(),
        );
        fields[revoked_col] = "true".into();
        fields[reason_col] = reason.into();
        csv::StringRecord::from(fields)
    };
    match (col("revoked"), col("revocation_reason")) {
        (Some(rc), Some(rr)) => {
            let start = records[target].0;
            let end = records.get(target + 1).map_or(text.len(), |(p, _)| *p);
            let line = write(&[set(&records[target].1, rc, rr)]);
            // Keep the file's final-newline state when the row was the last one.
            let line = if end == text.len() && !text.ends_with('\n') {
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                line
            };
            Ok(format!("{}{}{}", &text[..start], line, &text[end..]))
        }
        (revoked, reason_col) => {
            // New columns: every row changes anyway.
            let mut header: Vec<String> = headers.iter().map(str::to_string).collect();
            let rc = revoked.unwrap_or_else(|| {
                header.push("revoked".into());
                header.len() - 1
            });
            let rr = reason_col.unwrap_or_else(|| {
                header.push("revocation_reason".into());
                header.len() - 1
            });
            let mut out = vec![csv::StringRecord::from(header.clone())];
            for (i, (_, r)) in records.iter().enumerate() {
                if i == target {
                    out.push(set(r, rc, rr));
                } else {
                    let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
                    fields.resize(header.len(), String::new());
                    out.push(csv::StringRecord::from(fields));
                }
            }
            Ok(write(&out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_edit_keeps_the_rest_of_the_file() {
        let text = "# batch\n\n[[award]]\nid = \"a\"  # first\nrevoked = false\n\n[[award]]\nid = \"b\"\nissued = 2025-01-01 # kept\n";
        let out = revoke_toml(text, "b", "wrong \"key\"").unwrap();
        assert!(
            out.starts_with("# batch\n\n[[award]]\nid = \"a\"  # first\nrevoked = false\n"),
            "{out}"
        );
        assert!(out.contains("issued = 2025-01-01 # kept"), "{out}");
        let parsed: toml::Value = toml::from_str(&out).unwrap();
        assert_eq!(parsed["award"][1]["revoked"].as_bool(), Some(true));
        assert_eq!(
            parsed["award"][1]["revocation_reason"].as_str(),
            Some("wrong \"key\"")
        );
        assert_eq!(parsed["award"][0]["revoked"].as_bool(), Some(false));
        assert!(revoke_toml(text, "zz", "r").is_err());
    }

    #[test]
    fn csv_row_is_rewritten_alone() {
        let text = "id,recipient_email,revoked,revocation_reason\na,x@y.org,false,\n\"b\",\"q@y.org\",false,\nc,z@y.org,no,\n";
        let out = revoke_csv(text, "b", "issued, in error").unwrap();
        assert_eq!(out, "id,recipient_email,revoked,revocation_reason\na,x@y.org,false,\nb,q@y.org,true,\"issued, in error\"\nc,z@y.org,no,\n");
        let last = revoke_csv("id,revoked,revocation_reason\nc,false,", "c", "r").unwrap();
        assert_eq!(last, "id,revoked,revocation_reason\nc,true,r");
    }

    #[test]
    fn csv_gains_the_columns() {
        let out = revoke_csv("id,recipient_email\na,x@y.org\nb,q@y.org\n", "a", "r").unwrap();
        assert_eq!(
            out,
            "id,recipient_email,revoked,revocation_reason\na,x@y.org,true,r\nb,q@y.org,,\n"
        );
    }
}

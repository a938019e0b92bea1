//! What common static hosts publish, checked against a built site, so that a catalog that
//! has grown past a host's limits hears it at `credcat build`, not when a deploy fails.
//!
//! The limits are the hosts' own published figures (December 2026):
//! - GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB" (GitHub Docs,
//!   "GitHub Pages limits"); its deploy action warns past 1 GB and may fail.
//! - GitLab Pages (GitLab.com): 1 GB a site and 200,000 file entries, folders counted
//!   (gitlab-org/gitlab issues 405048 and 500273).
//! - Cloudflare Pages: 20,000 files a site on the free plan, 100,000 on paid plans
//!   (Cloudflare's changelog, 2026-01-23), and 25 MiB a file.
//!
//! A skewed catalog writes about 7 files and 70 KB per credential (BENCHMARKS.md, session
//! 17), so these start to matter, by that rate (computed, not built), at about 2,900
//! credentials (Cloudflare's file count) and about 14,000 (1 GB).

/// The size of a written site: every file's bytes, written or kept unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSize {
    pub bytes: u64,
    pub files: usize,
    /// The folders holding them, the site's root not counted.
    pub folders: usize,
    /// The largest file: its path in the site, and its bytes.
    pub largest: Option<(String, u64)>,
}

const GB: u64 = 1_000_000_000;
const MIB: u64 = 1024 * 1024;

/// One line for each host whose limits `size` passes; none when every host takes it.
pub fn exceeded(size: &SiteSize) -> Vec<String> {
    let mut out = Vec::new();
    let (bytes, files) = (size.bytes, size.files);
    if bytes > GB {
        out.push(format!(
            "GitHub Pages publishes sites of at most 1 GB; this one is {}",
            gb(bytes)
        ));
    }
    let gitlab: Vec<String> = [
        (bytes > GB).then(|| format!("1 GB (this one is {})", gb(bytes))),
        (files + size.folders > 200_000).then(|| {
            format!(
                "200,000 files and folders (this one has {})",
                count(files + size.folders)
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !gitlab.is_empty() {
        out.push(format!(
            "GitLab Pages publishes at most {}",
            gitlab.join(" and ")
        ));
    }
    if files > 20_000 {
        let plans = if files > 100_000 {
            "20,000 files on the free plan, 100,000 on paid plans"
        } else {
            "20,000 files on the free plan (100,000 on paid plans)"
        };
        out.push(format!(
            "Cloudflare Pages publishes at most {plans}; this site has {}",
            count(files)
        ));
    }
    if let Some((path, largest)) = &size.largest {
        if *largest > 25 * MIB {
            out.push(format!(
                "Cloudflare Pages takes files of at most 25 MiB; `{path}` is {} MiB",
                largest / MIB
            ));
        }
    }
    out
}

fn gb(bytes: u64) -> String {
    format!("{:.2} GB", bytes as f64 / GB as f64)
}

/// `n` with thousands separated by commas, as the hosts write their limits.
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(bytes: u64, files: usize, largest: u64) -> SiteSize {
        SiteSize {
            bytes,
            files,
            folders: files / 4,
            largest: Some(("catalog.jsonld".into(), largest)),
        }
    }

    #[test]
    fn a_small_site_passes_every_host() {
        assert!(exceeded(&size(5_300_000, 180, 400_000)).is_empty());
        assert!(exceeded(&SiteSize::default()).is_empty());
        // At the limits exactly, still taken.
        assert!(exceeded(&size(GB, 20_000, 25 * MIB)).is_empty());
        // Files and folders together pass GitLab's count.
        let many_folders = SiteSize {
            files: 19_000,
            folders: 190_000,
            ..SiteSize::default()
        };
        assert_eq!(
            exceeded(&many_folders),
            ["GitLab Pages publishes at most 200,000 files and folders (this one has 209,000)"]
        );
    }

    #[test]
    fn a_10_000_credential_site_is_too_many_files_for_cloudflare_only() {
        let notes = exceeded(&size(698_687_120, 70_725, 10_115_000));
        assert_eq!(
            notes,
            ["Cloudflare Pages publishes at most 20,000 files on the free plan (100,000 on paid plans); this site has 70,725"]
        );
    }

    #[test]
    fn a_100_000_credential_site_is_too_large_for_all_three() {
        let notes = exceeded(&size(7_001_936_776, 699_947, 104_000_000));
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert_eq!(
            notes[0],
            "GitHub Pages publishes sites of at most 1 GB; this one is 7.00 GB"
        );
        assert_eq!(
            notes[1],
            "GitLab Pages publishes at most 1 GB (this one is 7.00 GB) and 200,000 files and folders (this one has 874,933)"
        );
        assert!(notes[2].contains("100,000 on paid plans; this site has 699,947"));
        assert_eq!(
            notes[3],
            "Cloudflare Pages takes files of at most 25 MiB; `catalog.jsonld` is 99 MiB"
        );
    }

    #[test]
    fn counts_are_written_like_the_hosts_write_them() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}

//! A patch of the resolved catalog after a credential edit (what the dev server does) must
//! give exactly the catalog a full resolve of the same files gives, or refuse and leave the
//! catalog as it was. Every case edits the demo catalog, patches the catalog resolved before
//! the edit, and compares it with a full resolve, back-references included.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use credcat::load::Loaded;
use credcat::model::Catalog;
use credcat::resolve::{self, NotPatchable};

const SQL: &str = "content/credentials/sql-fundamentals.md";
const PY: &str = "content/credentials/python-for-data.md";
const SPREADSHEET: &str = "content/credentials/spreadsheet-analysis.md";
const NORTHFIELD: &str = "content/organizations/northfield-college.md";

/// Everything in a catalog, as text; the index's maps sorted, since a `HashMap` prints in
/// an order of its own.
fn dump(catalog: &Catalog) -> String {
    let mut rest = catalog.clone();
    let index = std::mem::take(&mut rest.index);
    let credentials: BTreeMap<_, _> = index.credentials.into_iter().collect();
    let organizations: BTreeMap<_, _> = index.organizations.into_iter().collect();
    format!("{rest:#?}\n{credentials:?}\n{organizations:?}")
}

fn full(loaded: &Loaded) -> Result<Catalog, String> {
    resolve::resolve(loaded, Default::default()).map_err(|d| d.render(&loaded.sources(&d.0), false))
}

/// Asserts two dumps are equal, showing the first line that differs.
fn assert_same(what: &str, got: &str, want: &str) {
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |s: &str| {
            s.lines()
                .skip(line.saturating_sub(5))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: catalogs differ at line {line}\n--- patched:\n{}\n--- full resolve:\n{}",
            around(got),
            around(want)
        );
    }
}

/// The demo catalog, loaded and resolved, in a folder of its own to edit.
struct Demo {
    dir: tempfile::TempDir,
    loaded: Loaded,
    catalog: Catalog,
}

impl Demo {
    fn new() -> Demo {
        let dir = demo_without_key();
        let options = credcat::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let loaded = credcat::load(&options).expect("demo loads");
        let catalog = full(&loaded).expect("demo resolves");
        Demo {
            dir,
            loaded,
            catalog,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Makes an edit on disk and reloads the files it names (`reload` may name more files
    /// than the patch is told about, as a broken neighbour), then patches the catalog.
    /// Returns the patch's outcome and the full resolve of the same files.
    fn apply(
        &mut self,
        changed: &[&str],
        reload: &[&str],
        edit: impl FnOnce(&Path),
    ) -> (
        Result<resolve::Patch, NotPatchable>,
        Result<Catalog, String>,
    ) {
        edit(self.root());
        for rel in changed.iter().chain(reload) {
            self.loaded.reload_file(Path::new(rel));
        }
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let patch = resolve::patch(&mut self.catalog, &self.loaded, &changed);
        (patch, full(&self.loaded))
    }

    /// An edit the patch must apply: the patched catalog equals the full resolve; the patch
    /// remembers the credentials as they were; undoing it restores the catalog exactly.
    fn patches(&mut self, what: &str, changed: &[&str], edit: impl FnOnce(&Path)) {
        let before = dump(&self.catalog);
        let old = self.catalog.clone();
        let (patch, fresh) = self.apply(changed, &[], edit);
        let patch = patch.unwrap_or_else(|e| panic!("{what}: not patched: {e}"));
        let fresh = fresh.unwrap_or_else(|e| panic!("{what}: full resolve fails:\n{e}"));
        assert_same(what, &dump(&self.catalog), &dump(&fresh));
        let mut ids: Vec<_> = patch.replaced().iter().map(|c| c.id).collect();
        ids.dedup();
        assert_eq!(
            ids.len(),
            patch.replaced().len(),
            "{what}: replaced once, by id"
        );
        let mut files: Vec<&str> = changed.to_vec();
        files.dedup();
        assert_eq!(patch.replaced().len(), files.len(), "{what}");
        for c in patch.replaced() {
            assert_eq!(
                format!("{c:?}"),
                format!("{:?}", old.credential(c.id)),
                "{what}: replaced version"
            );
        }
        let mut undone = self.catalog.clone();
        patch.undo(&mut undone);
        assert_same(&format!("{what} (undone)"), &dump(&undone), &before);
    }

    /// An edit the patch must refuse, for `why`, leaving the catalog as it was.
    fn refuses(
        &mut self,
        what: &str,
        changed: &[&str],
        reload: &[&str],
        why: NotPatchable,
        edit: impl FnOnce(&Path),
    ) -> Result<Catalog, String> {
        let before = dump(&self.catalog);
        let (patch, fresh) = self.apply(changed, reload, edit);
        assert_eq!(patch.err(), Some(why), "{what}");
        assert_same(&format!("{what} (refused)"), &dump(&self.catalog), &before);
        fresh
    }
}

/// Replaces the line of `path` that starts with `start` by `line` (or inserts `line` before
/// the `date_effective` line when there is none).
fn set_line(path: &Path, start: &str, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    match text.lines().find(|l| l.starts_with(start)) {
        Some(old) => edit(path, &format!("{old}\n"), &format!("{line}\n")),
        None => edit(path, "date_effective", &format!("{line}\ndate_effective")),
    }
}

fn drop_line(path: &Path, start: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let old = text.lines().find(|l| l.starts_with(start)).unwrap();
    edit(path, &format!("{old}\n"), "");
}

/// Patches one edit of the file `rel` on a fresh copy of the demo.
fn patches(what: &str, rel: &str, edit: impl FnOnce(&Path)) {
    Demo::new().patches(what, &[rel], |root| edit(&root.join(rel)));
}

#[test]
fn patched_credential_edits_equal_a_full_resolve() {
    patches("summary", SQL, |p| {
        edit(p, "summary = \"", "summary = \"Now with windows. ")
    });
    patches("name", SQL, |p| {
        edit(
            p,
            "name = \"SQL Fundamentals\"",
            "name = \"SQL for Analysts\"",
        )
    });
    patches("skills", SQL, |p| {
        edit(p, "  \"Writes SQL", "  \"Reads and writes SQL")
    });
    patches("body", SQL, |p| {
        let text = std::fs::read_to_string(p).unwrap();
        std::fs::write(p, format!("{text}\nA new closing paragraph.\n")).unwrap();
    });
    patches("cost", SQL, |p| {
        edit(p, "amount = 179.00", "amount = 199.00")
    });
    patches("cost removed", SQL, |p| {
        let cost = "[[costs]]\namount = 35.00\ncurrency = \"USD\"\nkind = \"assessment\"\n";
        let text = std::fs::read_to_string(p).unwrap();
        let (at, next) = (
            text.find(cost).unwrap(),
            text.find("[[costs]]\namount = 35.00\ncurrency = \"USD\"\nkind = \"reexamination\"")
                .unwrap(),
        );
        std::fs::write(p, format!("{}{}", &text[..at], &text[next..])).unwrap();
    });
    patches("status", SQL, |p| {
        edit(p, "status = \"active\"", "status = \"deprecated\"")
    });
    patches("competency added", SQL, |p| {
        edit(
            p,
            "\"data-analytics/DA.2\", ",
            "\"data-analytics/DA.1.1\", \"data-analytics/DA.2\", ",
        )
    });
    patches("competency removed", SQL, |p| {
        edit(p, ", \"data-analytics/DA.6\"]", "]")
    });
    patches("competency listed twice", SQL, |p| {
        edit(
            p,
            "\"data-analytics/DA.6\"]",
            "\"data-analytics/DA.6\", \"data-analytics/DA.2\"]",
        )
    });
    patches("competencies emptied", SQL, |p| {
        set_line(p, "competencies", "competencies = []")
    });
    patches("prerequisites added", SQL, |p| {
        set_line(
            p,
            "prerequisites",
            "prerequisites = [\"excel-essentials\", \"linux-command-line\"]",
        )
    });
    patches("prerequisite removed", PY, |p| {
        set_line(p, "prerequisites", "prerequisites = [\"sql-fundamentals\"]")
    });
    patches("prerequisites dropped", PY, |p| {
        drop_line(p, "prerequisites")
    });
    patches("prerequisite listed twice", PY, |p| {
        let twice = "prerequisites = [\"spreadsheet-analysis\", \"sql-fundamentals\", \"spreadsheet-analysis\"]";
        set_line(p, "prerequisites", twice)
    });
    patches("stacks_into changed", SQL, |p| {
        set_line(
            p,
            "stacks_into",
            "stacks_into = [\"cybersecurity-operations-certificate\"]",
        )
    });
    patches("stacks_into added", SQL, |p| {
        let two = "stacks_into = [\"advanced-data-analytics-certificate\", \"smart-manufacturing-technician-certificate\"]";
        set_line(p, "stacks_into", two)
    });
    patches("recommended changed", SQL, |p| {
        set_line(
            p,
            "recommended",
            "recommended = [\"linux-command-line\", \"excel-essentials\"]",
        )
    });
    patches("recommended dropped", SQL, |p| drop_line(p, "recommended"));
    patches("owned_by changed", SQL, |p| {
        set_line(p, "owned_by", "owned_by = [\"signal-ridge-academy\"]")
    });
    patches("offered_by dropped: the owner offers", SQL, |p| {
        set_line(p, "owned_by", "owned_by = [\"keystone-precision\"]");
        drop_line(p, "offered_by");
    });
    patches("offered_by added", SQL, |p| {
        set_line(
            p,
            "offered_by",
            "offered_by = [\"riverbend-health\", \"northfield-college\"]",
        )
    });
    patches("accredited_by added", SQL, |p| {
        set_line(
            p,
            "accredited_by",
            "accredited_by = [\"workforce-credential-council\"]",
        )
    });
    patches("saved unchanged", SQL, |_| {});
    Demo::new().patches("two files referring to each other", &[SQL, PY], |root| {
        let (sql, py) = (root.join(SQL), root.join(PY));
        set_line(
            &py,
            "prerequisites",
            "prerequisites = [\"spreadsheet-analysis\"]",
        );
        set_line(&py, "recommended", "recommended = [\"excel-essentials\"]");
        set_line(
            &sql,
            "prerequisites",
            "prerequisites = [\"python-for-data\"]",
        );
        let owners = "owned_by = [\"signal-ridge-academy\", \"northfield-college\"]";
        set_line(&sql, "owned_by", owners);
    });
    Demo::new().patches("one file named twice", &[SQL, SQL], |root| {
        edit(&root.join(SQL), "summary = \"", "summary = \"Twice. ")
    });
}

#[test]
fn a_session_of_edits_stays_equal_to_a_full_resolve() {
    // One catalog patched edit after edit, as the dev server keeps it.
    let mut demo = Demo::new();
    demo.patches("prerequisite added", &[SQL], |root| {
        set_line(
            &root.join(SQL),
            "prerequisites",
            "prerequisites = [\"excel-essentials\"]",
        )
    });
    demo.patches("competency added", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "\"data-analytics/DA.6\"]",
            "\"data-analytics/DA.6\", \"data-analytics/DA.1\"]",
        )
    });
    demo.patches("prerequisite moved", &[PY, SQL], |root| {
        set_line(
            &root.join(SQL),
            "prerequisites",
            "prerequisites = [\"spreadsheet-analysis\"]",
        );
        set_line(
            &root.join(PY),
            "prerequisites",
            "prerequisites = [\"excel-essentials\", \"sql-fundamentals\"]",
        );
    });
    demo.patches("owner moved", &[SQL], |root| {
        set_line(
            &root.join(SQL),
            "owned_by",
            "owned_by = [\"riverbend-health\"]",
        )
    });
    demo.patches("back as it was", &[SQL, PY], |root| {
        for f in [SQL, PY] {
            std::fs::copy(common::repo().join(f), root.join(f)).unwrap();
        }
    });
    // Every file as in the repository again: so is the catalog (its paths are relative).
    let options = credcat::BuildOptions {
        root: common::repo(),
        ..Default::default()
    };
    let pristine = full(&credcat::load(&options).unwrap()).unwrap();
    assert_same("back as it was", &dump(&demo.catalog), &dump(&pristine));
}

#[test]
fn edits_a_patch_cannot_make_fall_back_to_the_full_resolve() {
    let sql = |root: &Path| root.join(SQL);

    let fresh = Demo::new().refuses("cycle", &[SQL], &[], NotPatchable::Cycle, |root| {
        set_line(
            &sql(root),
            "prerequisites",
            "prerequisites = [\"python-for-data\"]",
        )
    });
    let e = fresh.expect_err("a cycle is an error");
    assert!(e.contains("cycle"), "{e}");

    let fresh = Demo::new().refuses(
        "cycle by stacking",
        &[SQL],
        &[],
        NotPatchable::Cycle,
        |root| {
            set_line(
                &sql(root),
                "stacks_into",
                "stacks_into = [\"spreadsheet-analysis\"]",
            );
            set_line(
                &sql(root),
                "recommended",
                "recommended = [\"advanced-data-analytics-certificate\"]",
            );
        },
    );
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses(
        "self reference",
        &[SQL],
        &[],
        NotPatchable::Problems,
        |root| {
            set_line(
                &sql(root),
                "prerequisites",
                "prerequisites = [\"sql-fundamentals\"]",
            )
        },
    );
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses(
        "unknown organization",
        &[SQL],
        &[],
        NotPatchable::Problems,
        |root| set_line(&sql(root), "owned_by", "owned_by = [\"northfield-colege\"]"),
    );
    let e = fresh.unwrap_err();
    assert!(e.contains("did you mean `northfield-college`"), "{e}");

    let fresh = Demo::new().refuses(
        "unknown credential",
        &[SQL],
        &[],
        NotPatchable::Problems,
        |root| {
            set_line(
                &sql(root),
                "recommended",
                "recommended = [\"no-such-badge\"]",
            )
        },
    );
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses(
        "unknown competency",
        &[SQL],
        &[],
        NotPatchable::Problems,
        |root| edit(&sql(root), "data-analytics/DA.6", "data-analytics/DA.66"),
    );
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses("bad value", &[SQL], &[], NotPatchable::Problems, |root| {
        edit(&sql(root), "status = \"active\"", "status = \"retired\"")
    });
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses(
        "TOML error",
        &[SQL],
        &[],
        NotPatchable::LoadProblems,
        |root| edit(&sql(root), "summary = \"", "summary = "),
    );
    assert!(fresh.is_err());

    let fresh = Demo::new().refuses(
        "another file broken",
        &[SQL],
        &[NORTHFIELD],
        NotPatchable::LoadProblems,
        |root| {
            edit(&sql(root), "summary = \"", "summary = \"Edited. ");
            edit(&root.join(NORTHFIELD), "name = ", "nome = ");
        },
    );
    assert!(fresh.is_err());

    let ctid = |file: &str| PathBuf::from(file);
    let fresh = Demo::new().refuses(
        "CTID changed",
        &[SQL],
        &[],
        NotPatchable::Identity {
            file: ctid(SQL),
            what: "CTID",
        },
        |root| {
            edit(
                &sql(root),
                "ctid = \"ce-ea2d97a0-bdc9-4601-b704-cee4428b8f81\"",
                "ctid = \"ce-99999999-9999-4999-8999-999999999999\"",
            )
        },
    );
    assert!(fresh.is_ok(), "a new CTID is fine, just not patchable");

    let fresh = Demo::new().refuses(
        "supersedes removed",
        &[SPREADSHEET],
        &[],
        NotPatchable::Identity {
            file: ctid(SPREADSHEET),
            what: "version.supersedes",
        },
        |root| drop_line(&root.join(SPREADSHEET), "supersedes"),
    );
    assert!(fresh.is_ok());

    let fresh = Demo::new().refuses(
        "drafted",
        &[SQL],
        &[],
        NotPatchable::Identity {
            file: ctid(SQL),
            what: "draft flag",
        },
        |root| set_line(&sql(root), "draft", "draft = true"),
    );
    assert!(
        fresh.is_err(),
        "python-for-data requires it, and a draft is not published"
    );

    let fresh = Demo::new().refuses(
        "aliases changed",
        &[SQL],
        &[],
        NotPatchable::Identity {
            file: ctid(SQL),
            what: "aliases",
        },
        |root| set_line(&sql(root), "aliases", "aliases = [\"sql-101\"]"),
    );
    assert!(fresh.is_ok());

    let fresh = Demo::new().refuses(
        "removed",
        &[SQL],
        &[],
        NotPatchable::Removed(ctid(SQL)),
        |root| std::fs::remove_file(sql(root)).unwrap(),
    );
    assert!(fresh.is_err());

    const NEW: &str = "content/credentials/zz-new.md";
    let fresh = Demo::new().refuses(
        "new file",
        &[NEW],
        &[],
        NotPatchable::NotInCatalog(ctid(NEW)),
        |root| {
            let text = std::fs::read_to_string(sql(root)).unwrap();
            let text = text.replace(
                "ce-ea2d97a0-bdc9-4601-b704-cee4428b8f81",
                "ce-99999999-9999-4999-8999-999999999999",
            );
            // A copy cannot claim the original's old addresses.
            let text: String = text
                .lines()
                .filter(|l| !l.starts_with("aliases"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(root.join(NEW), text).unwrap();
        },
    );
    assert!(fresh.is_ok());

    let fresh = Demo::new().refuses(
        "organization edited",
        &[NORTHFIELD],
        &[],
        NotPatchable::NotACredential(ctid(NORTHFIELD)),
        |root| edit(&root.join(NORTHFIELD), "name = \"", "name = \"The "),
    );
    assert!(fresh.is_ok());
}

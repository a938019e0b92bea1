//! Incremental rebuilds must never be stale: after every kind of edit, the output folder the
//! dev server maintains must be byte-identical to a fresh full build of the same sources —
//! once the deferred outputs a rebuild owes (`emit::DEFERRED`) are written.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use credcat::incremental::Incremental;
use credcat::BuildOptions;

struct Session {
    dir: tempfile::TempDir,
    session: Incremental,
}

impl Session {
    fn demo() -> Session {
        Session::demo_with(|_| {})
    }

    /// The demo with its credential list cut into pages of `per_page`.
    fn paginated(per_page: usize) -> Session {
        Session::demo_with(|root| {
            let config = root.join("site-config.toml");
            let text = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, format!("paginate_by = {per_page}\n{text}")).unwrap();
        })
    }

    /// The demo, with `prepare` run on its folder before the first build.
    fn demo_with(prepare: impl FnOnce(&Path)) -> Session {
        let dir = demo();
        prepare(dir.path());
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let (session, first) = Incremental::start(options).unwrap();
        first.unwrap();
        Session { dir, session }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Applies an edit, rebuilds incrementally, writes the deferred outputs and compares with
    /// a full build.
    fn step(
        &mut self,
        what: &str,
        changed: &[&str],
        edit: impl FnOnce(&Path),
    ) -> credcat::incremental::Rebuild {
        let r = self.rebuild(what, changed, edit);
        self.finish_and_compare(what);
        r
    }

    /// Applies an edit and rebuilds incrementally, which leaves the deferred outputs owed.
    fn rebuild(
        &mut self,
        what: &str,
        changed: &[&str],
        edit: impl FnOnce(&Path),
    ) -> credcat::incremental::Rebuild {
        edit(self.root());
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.root().join(p)).collect();
        let r = self
            .session
            .rebuild(&paths)
            .unwrap_or_else(|e| panic!("{what}: {}", e.render(false)));
        assert_eq!(
            self.session.owed(),
            deferred(),
            "{what}: a rebuild owes the deferred outputs"
        );
        r
    }

    /// Writes the deferred outputs and compares the whole output with a fresh full build.
    fn finish_and_compare(&mut self, what: &str) {
        self.session
            .finish_deferred()
            .unwrap_or_else(|e| panic!("{what}: {}", e.render(false)));
        assert!(self.session.owed().is_empty(), "{what}: still owed");
        let fresh = self.root().join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        credcat::build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: Some(fresh.clone()),
            ..Default::default()
        })
        .unwrap();
        let (inc, full) = (snapshot(&self.root().join("public")), snapshot(&fresh));
        let inc_paths: Vec<_> = inc.keys().collect();
        let full_paths: Vec<_> = full.keys().collect();
        assert_eq!(inc_paths, full_paths, "{what}: different files");
        for (path, bytes) in &full {
            assert!(&inc[path] == bytes, "{what}: {} is stale", path.display());
        }
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(path)).unwrap()
    }
}

fn deferred() -> Vec<&'static str> {
    credcat::emit::deferred_paths().collect()
}

const SQL: &str = "content/credentials/sql-fundamentals.md";

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let mut s = Session::demo();

    let r = s.step("summary", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "summary = \"",
            "summary = \"Now with window functions. ",
        );
    });
    assert!(!r.full, "a summary edit is incremental");

    // A rename shows on every page that links the credential: neighbours, pathways, lists.
    s.step("name", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "name = \"SQL Fundamentals\"",
            "name = \"SQL for Analysts\"",
        )
    });

    const PY: &str = "content/credentials/python-for-data.md";
    s.step("prerequisite removed", &[PY], |root| {
        let text = std::fs::read_to_string(root.join(PY)).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("prerequisites"))
            .unwrap()
            .to_string();
        edit(&root.join(PY), &line, "prerequisites = []");
    });

    s.step(
        "competency label",
        &["content/competencies/data-analytics.md"],
        |root| {
            let path = root.join("content/competencies/data-analytics.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with("label = "))
                .unwrap()
                .to_string();
            edit(&path, &line, "label = \"Relabelled competency\"");
        },
    );

    s.step(
        "organization name",
        &["content/organizations/northfield-college.md"],
        |root| {
            let path = root.join("content/organizations/northfield-college.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with("name = "))
                .unwrap()
                .to_string();
            edit(&path, &line, "name = \"Northfield State College\"");
        },
    );

    s.step(
        "pathway stage",
        &["content/pathways/data-analytics.md"],
        |root| {
            let path = root.join("content/pathways/data-analytics.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with("name = ") && !l.contains("Pathway"))
                .unwrap()
                .to_string();
            edit(&path, &line, "name = \"First steps\"");
        },
    );

    let r = s.step(
        "new credential",
        &["content/credentials/zz-new.md"],
        |root| {
            let text = std::fs::read_to_string(root.join(SQL)).unwrap();
            let ctid_line = text
                .lines()
                .find(|l| l.starts_with("ctid"))
                .unwrap()
                .to_string();
            let body = text
                .replace(
                    &ctid_line,
                    "ctid = \"ce-99999999-9999-4999-8999-999999999999\"",
                )
                .replace("SQL for Analysts", "Brand New Badge");
            // A copy cannot claim the original's old addresses.
            let body: String = body
                .lines()
                .filter(|l| !l.starts_with("aliases"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(root.join("content/credentials/zz-new.md"), body).unwrap();
        },
    );
    assert!(r.full, "a new file re-emits everything");

    s.step(
        "credential removed",
        &["content/credentials/zz-new.md"],
        |root| {
            std::fs::remove_file(root.join("content/credentials/zz-new.md")).unwrap();
        },
    );

    const PAGE: &str = "content/pages/how-to-enroll.md";
    let r = s.step("free page text", &[PAGE], |root| {
        edit(&root.join(PAGE), "## Start small", "## Begin small");
    });
    assert!(!r.full, "a free page's text is incremental");
    assert!(
        r.emitted < 20,
        "only the page itself, not every page: {}",
        r.emitted
    );
    // Its title is in every page's navigation.
    s.step("free page title", &[PAGE], |root| {
        edit(
            &root.join(PAGE),
            "title = \"How to enroll\"",
            "title = \"Enrolling\"",
        );
    });
    assert!(s.read("index.html").contains(">Enrolling</a>"));
    s.step("free page leaves the navigation", &[PAGE], |root| {
        edit(&root.join(PAGE), "nav = true", "nav = false");
    });
    assert!(!s.read("index.html").contains(">Enrolling</a>"));
    s.step("new free page", &["content/pages/about.md"], |root| {
        std::fs::write(
            root.join("content/pages/about.md"),
            "+++\ntitle = \"About us\"\nnav = true\n+++\nWe teach [SQL](@/credentials/sql-fundamentals.md).\n",
        )
        .unwrap();
    });
    assert!(s
        .read("about/index.html")
        .contains("/credentials/sql-fundamentals/"));

    s.step("template", &["themes/default/templates/404.html"], |root| {
        edit(
            &root.join("themes/default/templates/404.html"),
            "Page not found",
            "Nothing here",
        );
    });

    s.step(
        "stylesheet",
        &["themes/default/static/css/site.css"],
        |root| {
            let path = root.join("themes/default/static/css/site.css");
            let mut css = std::fs::read_to_string(&path).unwrap();
            css.push_str("\n.extra { color: red; }\n");
            std::fs::write(path, css).unwrap();
        },
    );

    s.step("config", &["site-config.toml"], |root| {
        edit(
            &root.join("site-config.toml"),
            "title = \"",
            "title = \"The ",
        );
    });
}

/// List pages, skill areas and stack maps are cut from derived views: an edit can move a
/// credential between list pages, or make a stack or a skill area come or go.
#[test]
fn pages_cut_from_derived_views_stay_exact() {
    let mut s = Session::paginated(5);
    let last_page = s.root().join("public/page/s/index.html");
    assert!(
        last_page.exists(),
        "18 credentials make 4 pages of at most 5, cut by name: a, i, p, s"
    );

    const ADV: &str = "content/credentials/advanced-data-analytics-certificate.md";
    let r = s.step("rename across pages", &[ADV], |root| {
        edit(
            &root.join(ADV),
            "name = \"Advanced Data Analytics Certificate\"",
            "name = \"Zz Data Analytics Certificate\"",
        )
    });
    assert!(!r.full);
    // S and T fill their page: the name makes a page of its own.
    let text = std::fs::read_to_string(s.root().join("public/page/z/index.html")).unwrap();
    assert!(
        text.contains("Zz Data Analytics Certificate"),
        "moved to a new last page"
    );
    s.step("renamed back: the page goes", &[ADV], |root| {
        edit(
            &root.join(ADV),
            "name = \"Zz Data Analytics Certificate\"",
            "name = \"Advanced Data Analytics Certificate\"",
        )
    });
    assert!(!s.root().join("public/page/z").join("index.html").exists());
    // A fourth name under I: page i no longer has room for L and N, which start a page of
    // their own with P and R, so page p goes and page n comes.
    const THREAT: &str = "content/credentials/threat-analysis.md";
    s.step("a page cut again in the middle", &[THREAT], |root| {
        edit(
            &root.join(THREAT),
            "name = \"Threat Analysis\"",
            "name = \"Incident Threat Analysis\"",
        )
    });
    assert!(s.root().join("public/page/n/index.html").exists());
    assert!(!s.root().join("public/page/p/index.html").exists());

    const TELE: &str = "content/credentials/telehealth-coordination.md";
    s.step("summary on a later page", &[TELE], |root| {
        edit(&root.join(TELE), "summary = \"", "summary = \"Revised. ")
    });

    // A certification outranks the certificate the stack was named after: the stack's map
    // moves to a new address and the old one must go.
    const NET: &str = "content/credentials/network-fundamentals.md";
    let old_map = s
        .root()
        .join("public/map/cybersecurity-operations-certificate/index.html");
    assert!(old_map.exists());
    s.step("stack renamed", &[NET], |root| {
        edit(
            &root.join(NET),
            "type = \"DigitalBadge\"",
            "type = \"Certification\"",
        )
    });
    assert!(!old_map.exists());
    assert!(!old_map.parent().unwrap().exists(), "its folder goes too");

    // Moving every "Data preparation" competency to "Analysis" removes that skill area.
    const DA: &str = "content/competencies/data-analytics.md";
    let old_area = s.root().join("public/skills/data-preparation/index.html");
    assert!(old_area.exists());
    s.step("skill area gone", &[DA], |root| {
        let path = root.join(DA);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("category = \"Data preparation\"", "category = \"Analysis\""),
        )
        .unwrap();
    });
    assert!(!old_area.exists());

    const PY: &str = "content/credentials/python-for-data.md";
    s.step("stack split", &[PY], |root| {
        let text = std::fs::read_to_string(root.join(PY)).unwrap();
        let text = text
            .replace(
                "prerequisites = [\"spreadsheet-analysis\", \"sql-fundamentals\"]",
                "prerequisites = []",
            )
            .replace(
                "stacks_into = [\"advanced-data-analytics-certificate\"]",
                "stacks_into = []",
            );
        std::fs::write(root.join(PY), text).unwrap();
    });
}

/// [`deps::affected`] finds the pages an edit touches by walking links backwards from the
/// dirty entities; every dependency a page declares must be found that way.
#[test]
fn every_dependency_is_found_backwards() {
    let Resolved {
        mut catalog,
        mut derived,
    } = resolved_demo(None);
    std::sync::Arc::make_mut(&mut catalog.config).paginate_by = 4;
    let keys = credcat::derive::long_lists::name_keys(&catalog);
    derived.listing = credcat::derive::listing::Listing::build(&catalog, &keys);
    assert!(derived.listing.pages() > 3);
    let checked = dependencies_found_backwards(&catalog, &derived);
    assert!(checked > 500, "only {checked} dependencies checked");
    // With lists long enough to be cut into pages of their own.
    let dir = demo();
    add_long_lists(dir.path(), 230);
    let Resolved { catalog, derived } = resolved(dir.path());
    // Six lists the badges are on, and the outcomes dashboard's credentials without any.
    assert_eq!(derived.long_lists.lists.len(), 7);
    assert!(derived
        .long_lists
        .of(credcat::derive::long_lists::Owner::WithoutOutcomes)
        .is_some());
    dependencies_found_backwards(&catalog, &derived);
    // With directories of several pages.
    let dir = demo();
    add_directory_crowds(dir.path(), 110);
    let Resolved { catalog, derived } = resolved(dir.path());
    let pages = credcat::emit::pages::pages(&catalog, &derived);
    let dirs = pages
        .iter()
        .filter(|p| matches!(p, credcat::emit::pages::Page::Directory(..)));
    assert_eq!(
        dirs.count(),
        3 + 3 + 1 + 2,
        "pathways, organizations, frameworks, stacks"
    );
    dependencies_found_backwards(&catalog, &derived);
    // On a catalog skewed like a real one: dense links, a stack of fifty, lists cut into
    // pages, competencies most credentials certify.
    let dir = demo();
    generate_skewed(dir.path());
    let Resolved { catalog, derived } = resolved(dir.path());
    assert!(!derived.long_lists.lists.is_empty());
    let checked = dependencies_found_backwards(&catalog, &derived);
    assert!(checked > 20_000, "only {checked} dependencies checked");
}

/// Checks every dependency of every page against `deps::candidates`; returns how many.
fn dependencies_found_backwards(
    catalog: &credcat::model::Catalog,
    derived: &credcat::derive::Derived,
) -> usize {
    use credcat::emit::{deps, pages};
    use std::collections::HashSet;
    let memo = credcat::emit::memo::Memo::default();
    let mut checked = 0;
    for page in pages::pages(catalog, derived) {
        if pages::RULE_PAGES.contains(&page) {
            continue;
        }
        for entity in deps::deps(catalog, derived, &memo, page) {
            let mut found = HashSet::new();
            deps::candidates(catalog, derived, entity, &mut found);
            assert!(
                found.contains(&page),
                "{page:?} shows {entity:?} but is not found from it"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_output_and_recovers() {
    let mut s = Session::demo();
    let before = snapshot(&s.root().join("public"));
    edit(
        &s.root().join(SQL),
        "status = \"active\"",
        "status = \"retired\"",
    );
    let err = s.session.rebuild(&[s.root().join(SQL)]).unwrap_err();
    assert!(
        err.render(false).contains("sql-fundamentals.md:"),
        "{}",
        err.render(false)
    );
    assert_eq!(before, snapshot(&s.root().join("public")));
    // Another file changes while the first is still broken; both must show once fixed.
    s.step(
        "fix",
        &[SQL, "content/credentials/python-for-data.md"],
        |root| {
            edit(
                &root.join(SQL),
                "status = \"retired\"",
                "status = \"active\"",
            );
            edit(
                &root.join("content/credentials/python-for-data.md"),
                "summary = \"",
                "summary = \"Updated. ",
            );
        },
    );
}

#[test]
fn a_failed_build_of_everything_leaves_the_output_as_it_was() {
    // A template edit rebuilds every page, streamed into a staging folder: one page failing
    // halfway must leave the output exactly as it was, the owed deferred outputs included.
    let mut s = Session::demo();
    s.rebuild("name", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "name = \"SQL Fundamentals\"",
            "name = \"SQL for Analysts\"",
        )
    });
    let before = snapshot(&s.root().join("public"));
    let template = "themes/default/templates/credential.html";
    edit(
        &s.root().join(template),
        "<h1>{{ c.name }}</h1>",
        "<h1>{{ c.name }}</h1>{% if c.name == \"Python for Data\" %}{{ no_such_variable }}{% endif %}",
    );
    let err = s.session.rebuild(&[s.root().join(template)]).unwrap_err();
    assert!(
        err.render(false).contains("no_such_variable"),
        "{}",
        err.render(false)
    );
    assert_eq!(before, snapshot(&s.root().join("public")));
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.new-") || n.starts_with(".public.old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Fixed, the same build of everything carries the deferred outputs over until they are
    // written, then matches a full build.
    let r = s.rebuild("fixed", &[template], |root| {
        edit(
            &root.join(template),
            "{% if c.name == \"Python for Data\" %}{{ no_such_variable }}{% endif %}",
            "",
        )
    });
    assert!(r.full);
    let kept: Vec<_> = before
        .keys()
        .filter(|p| credcat::emit::is_deferred(&p.to_string_lossy()))
        .collect();
    assert!(kept.len() > 3, "{kept:?}");
    for path in kept {
        let now = std::fs::read(s.root().join("public").join(path)).unwrap();
        assert!(
            now == before[path],
            "{} changed before it was owed",
            path.display()
        );
    }
    s.finish_and_compare("fixed");
}

#[test]
fn unchanged_files_and_folder_events_rebuild_nothing() {
    let mut s = Session::demo();
    let r = s
        .session
        .rebuild(&[
            s.root().join(SQL),
            s.root().join("content/credentials"),
            s.root().join("public/index.html"),
        ])
        .unwrap();
    assert_eq!((r.emitted, r.written), (0, 0));
}

#[test]
fn a_build_failing_after_the_catalog_was_patched_leaves_it_as_before() {
    // A template that fails for one credential name: the catalog patches, then emit fails.
    let template = "themes/default/templates/credential.html";
    let mut s = Session::demo_with(|root| {
        edit(
            &root.join(template),
            "<h1>{{ c.name }}</h1>",
            "<h1>{{ c.name }}</h1>{% if c.name == \"Boom\" %}{{ no_such_variable }}{% endif %}",
        )
    });
    const PY: &str = "content/credentials/python-for-data.md";
    let py = s.root().join(PY);
    edit(
        &py,
        "owned_by = [\"northfield-college\"]",
        "owned_by = [\"riverbend-health\"]",
    );
    edit(
        &py,
        "offered_by = [\"northfield-college\"]",
        "offered_by = [\"riverbend-health\"]",
    );
    edit(&py, "name = \"Python for Data\"", "name = \"Boom\"");
    let err = s.session.rebuild(std::slice::from_ref(&py)).unwrap_err();
    assert!(
        err.render(false).contains("no_such_variable"),
        "{}",
        err.render(false)
    );
    // Only the name changes now: the page of the organization that no longer offers it must
    // still be rendered again, which the session finds only if it kept the catalog as it was.
    s.step("fixed", &[PY], |root| {
        edit(
            &root.join(PY),
            "name = \"Boom\"",
            "name = \"Python for Analysts\"",
        )
    });
}

#[test]
fn deferred_outputs_wait_for_finish_and_cover_every_rebuild_since() {
    let mut s = Session::demo();
    assert!(
        s.session.owed().is_empty(),
        "the first build writes everything"
    );
    s.rebuild("name", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "name = \"SQL Fundamentals\"",
            "name = \"SQL for Analysts\"",
        )
    });
    // The pages are written, the bulk data not yet.
    assert!(s
        .read("credentials/sql-fundamentals/index.html")
        .contains("SQL for Analysts"));
    assert!(s
        .read("credentials/sql-fundamentals/index.jsonld")
        .contains("SQL for Analysts"));
    for path in deferred().into_iter().filter(|p| !p.ends_with('/')) {
        assert!(
            !s.read(path).contains("SQL for Analysts"),
            "{path} written by the rebuild"
        );
    }
    assert!(
        !common::search_cards(&s.root().join("public"))
            .join("\n")
            .contains("SQL for Analysts"),
        "the search index written by the rebuild"
    );
    // A failed rebuild in between changes nothing and leaves the debt as it was.
    const PY: &str = "content/credentials/python-for-data.md";
    edit(
        &s.root().join(PY),
        "status = \"active\"",
        "status = \"retired\"",
    );
    let before = snapshot(&s.root().join("public"));
    assert!(s.session.rebuild(&[s.root().join(PY)]).is_err());
    assert_eq!(before, snapshot(&s.root().join("public")));
    assert_eq!(s.session.owed(), deferred());
    // Another edit, of another file, before finishing: the deferred outputs must show both.
    s.rebuild("second edit", &[PY], |root| {
        edit(
            &root.join(PY),
            "status = \"retired\"",
            "status = \"active\"",
        );
        edit(&root.join(PY), "summary = \"", "summary = \"Coalesced. ");
    });
    s.finish_and_compare("both edits");
    // The bulk index holds names, not summaries: the first edit shows there, both in search.
    let bulk = s.read("catalog.jsonld");
    assert!(bulk.contains("SQL for Analysts"));
    let search = common::search_cards(&s.root().join("public")).join("\n");
    assert!(search.contains("SQL for Analysts") && search.contains("Coalesced. "));
    // Nothing owed: finishing again writes nothing.
    let again = s.session.finish_deferred().unwrap();
    assert_eq!((again.emitted, again.written), (0, 0));
}

#[test]
fn each_deferred_emitter_makes_exactly_its_declared_files() {
    let dir = demo();
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let site = credcat::prepare(credcat::load(&options).unwrap(), &options).unwrap();
    let ctx = site.ctx();
    let pages = credcat::emit::run(&ctx, credcat::emit::Outputs::Pages, false).unwrap();
    let later = credcat::emit::run(&ctx, credcat::emit::Outputs::Deferred, false).unwrap();
    // Each emitter makes one of its declared paths at least: the file, or files in the
    // folder (the sitemap's parts are made only past 50,000 pages).
    for (name, paths) in credcat::emit::DEFERRED {
        assert!(
            later
                .iter()
                .any(|f| paths.iter().any(|d| credcat::emit::covers(d, &f.path))),
            "{name} made none of {paths:?}"
        );
    }
    for f in &later {
        assert!(
            credcat::emit::is_deferred(&f.path),
            "{} not declared",
            f.path
        );
    }
    assert!(pages.iter().all(|f| !credcat::emit::is_deferred(&f.path)));
    // Together they are the whole build.
    let mut both: Vec<_> = pages.into_iter().chain(later).collect();
    both.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(both, credcat::emit::all(&ctx).unwrap());
}

#[test]
fn only_files_that_can_change_the_site_matter() {
    let s = Session::demo();
    let root = s.root();
    assert!(s.session.matters(&root.join(SQL)));
    assert!(s.session.matters(&root.join("site-config.toml")));
    assert!(s
        .session
        .matters(&root.join("themes/default/templates/404.html")));
    // sed -i and editors write temporary files beside the one they save.
    assert!(!s
        .session
        .matters(&root.join("content/credentials/sed0wgh1W")));
    assert!(!s.session.matters(&root.join("public/index.html")));
}

/// Outcomes by cohort and governance: the credential page's charts, the outcomes dashboard,
/// the owned outcome data set and the pages naming a governance organization all follow an
/// edit exactly as a full build would draw them.
#[test]
fn outcome_and_governance_edits_match_a_full_build() {
    let mut s = Session::demo();
    const SHEET: &str = "content/credentials/spreadsheet-analysis.md";
    let r = s.step("cohort value", &[SHEET], |root| {
        edit(&root.join(SHEET), "pass_rate = 0.84", "pass_rate = 0.61");
    });
    assert!(!r.full, "a cohort edit is incremental");
    assert!(s
        .read("credentials/spreadsheet-analysis/index.html")
        .contains("2024: 61% (n=118)"));
    s.step("cohort added in the gap", &[SHEET], |root| {
        edit(
            &root.join(SHEET),
            "[[outcomes]]\nperiod = \"2024\"",
            "[[outcomes]]\nperiod = \"2023\"\ncohort_size = 9\nsource = \"Recovered records\"\npass_rate = 0.7\n\n[[outcomes]]\nperiod = \"2024\"",
        );
    });
    assert!(!s
        .read("credentials/spreadsheet-analysis/index.html")
        .contains("periods with no data"));
    s.step(
        "governance organization renamed",
        &["content/organizations/harbor-mutual.md"],
        |root| {
            edit(
                &root.join("content/organizations/harbor-mutual.md"),
                "name = \"Harbor Mutual Insurance\"",
                "name = \"Harbor Mutual Group\"",
            );
        },
    );
    assert!(s
        .read("credentials/spreadsheet-analysis/index.html")
        .contains("Harbor Mutual Group"));
}

/// Occupation, industry and program pages are cut from the credentials' codes (a code page
/// comes and goes with its last credential), and routes run through prerequisites, pathways
/// and every cost on the way: each edit must leave exactly what a full build gives.
#[test]
fn occupation_and_route_edits_match_a_full_build() {
    let mut s = Session::demo();
    const SQL_FILE: &str = "content/credentials/sql-fundamentals.md";
    const ADA: &str = "content/credentials/advanced-data-analytics-certificate.md";
    const EXCEL: &str = "content/credentials/excel-essentials.md";
    let r = s.step(
        "credential leaves one occupation for another",
        &[SQL_FILE],
        |root| {
            edit(
                &root.join(SQL_FILE),
                "code = \"15-2051.01\"\ntitle = \"Business Intelligence Analysts\"",
                "code = \"15-2041.00\"\ntitle = \"Statisticians\"",
            );
        },
    );
    assert!(!r.full, "an occupation edit is incremental");
    assert!(s
        .read("occupations/15-2051.01/index.html")
        .contains("3 credentials prepare for it"));
    assert!(s
        .read("occupations/15-2041/index.html")
        .contains("SQL Fundamentals"));

    let gone = s.root().join("public/occupations/13-1161/index.html");
    assert!(gone.exists());
    s.step("the only credential of an occupation drops it", &[ADA], |root| {
        edit(
            &root.join(ADA),
            "[[occupations]]\ncode = \"13-1161.00\"\ntitle = \"Market Research Analysts and Marketing Specialists\"\n",
            "",
        );
    });
    assert!(!gone.exists(), "its page goes");

    s.step("a new occupation in a new group", &[EXCEL], |root| {
        edit(
            &root.join(EXCEL),
            "[[industries]]",
            "[[occupations]]\ncode = \"11-3031.01\"\ntitle = \"Treasurers and Controllers\"\n\n[[industries]]",
        );
    });
    assert!(s
        .read("occupations/index.html")
        .contains("Treasurers and Controllers"));

    s.step("an industry retitled", &[EXCEL], |root| {
        edit(
            &root.join(EXCEL),
            "title = \"Administrative Management and General Management Consulting Services\"",
            "title = \"Management Consulting\"",
        );
    });

    // A cost on the way to the certificate changes its route's totals on its page, the
    // occupation pages' cheapest routes and the planner's data.
    const PY: &str = "content/credentials/python-for-data.md";
    s.step("a cost on a route", &[PY], |root| {
        edit(&root.join(PY), "amount = 450.00", "amount = 600.00");
    });
    s.step(
        "a pathway stage becomes any one of two",
        &["content/pathways/data-analytics.md"],
        |root| {
            edit(
                &root.join("content/pathways/data-analytics.md"),
                "require = \"all\"",
                "require = 1",
            );
        },
    );
    assert!(!s
        .read("plan/goals/advanced-data-analytics-certificate.json")
        .is_empty());
}

/// An occupation with more credentials than one page lists: a rename moves a credential
/// between its pages, a stack edit regroups them, and a page goes when the code shrinks.
#[test]
fn paged_code_pages_stay_exact() {
    let mut s = Session::demo_with(|root| {
        add_badges(
            root,
            55,
            "15-2051.01",
            "Business Intelligence Analysts",
            None,
        )
    });
    let second = s
        .root()
        .join("public/occupations/15-2051.01/page/2/index.html");
    assert!(second.exists(), "59 credentials make two pages");
    const G1: &str = "content/credentials/generated-001.md";
    let r = s.step("rename across code pages", &[G1], |root| {
        edit(
            &root.join(G1),
            "name = \"Generated Badge 001\"",
            "name = \"Zz Generated Badge\"",
        )
    });
    assert!(!r.full);
    assert!(std::fs::read_to_string(&second)
        .unwrap()
        .contains("Zz Generated Badge"));
    const G2: &str = "content/credentials/generated-002.md";
    s.step("a credential joins a stack", &[G2], |root| {
        edit(
            &root.join(G2),
            "estimated_hours",
            "stacks_into = [\"advanced-data-analytics-certificate\"]\nestimated_hours",
        )
    });
    let files: Vec<String> = (3..=12)
        .map(|i| format!("content/credentials/generated-{i:03}.md"))
        .collect();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    s.step("ten credentials drop the occupation", &refs, |root| {
        for f in &files {
            edit(
                &root.join(f),
                "code = \"15-2051.01\"",
                "code = \"15-2041.00\"",
            );
        }
    });
    assert!(!second.exists(), "49 credentials fit one page");
}

/// A competency certified by hundreds of credentials, and an organization offering and
/// accrediting them: their lists are cut into pages by name (`derive::long_lists`), and
/// renames, additions and removals must leave exactly the pages a full build makes.
/// Generated credential `i` of [`add_long_lists`]: names spread over letters, with a crowd
/// under one prefix so pages are cut deeper.
fn long_list_badge(i: usize) -> String {
    let name = match i % 3 {
        0 => format!("Badge {i:03}"),
        1 => format!("{} course {i:03}", (b'a' + (i % 26) as u8) as char),
        _ => format!("Data skill {i:03}"),
    };
    format!(
        "+++\nctid = \"ce-{i:08x}-0000-4000-8000-{i:012x}\"\nname = \"{name}\"\n\
         type = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"northfield-college\"]\n\
         accredited_by = [\"workforce-credential-council\"]\n\
         recommended = [\"excel-essentials\"]\n\
         stacks_into = [\"advanced-data-analytics-certificate\"]\n\
         competencies = [\"data-analytics/DA.1\"]\nsummary = \"A generated badge.\"\n+++\nGenerated.\n"
    )
}

fn long_list_file(i: usize) -> String {
    format!("content/credentials/long-{i:03}.md")
}

/// `n` credentials that all certify DA.1, are owned by one organization, accredited by
/// another, recommend starting with Excel Essentials and count toward the Advanced Data
/// Analytics Certificate: six lists long enough to be cut into pages (the last three on two
/// credentials' pages and on their stack's page).
fn add_long_lists(root: &Path, n: usize) {
    for i in 0..n {
        std::fs::write(root.join(long_list_file(i)), long_list_badge(i)).unwrap();
    }
}

#[test]
fn long_lists_cut_by_name_stay_exact() {
    let file = long_list_file;
    let badge = long_list_badge;
    let mut s = Session::demo_with(|root| add_long_lists(root, 230));
    let comp = s.read("frameworks/data-analytics/da-1/index.html");
    assert!(comp.contains("credentials, by name:"), "the list is cut");
    assert!(
        !comp.contains("Badge 003"),
        "its credentials are on their own pages"
    );
    let pages: Vec<PathBuf> = std::fs::read_dir(
        s.root()
            .join("public/frameworks/data-analytics/da-1/credentials"),
    )
    .unwrap()
    .map(|e| e.unwrap().path())
    .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let org = s.read("organizations/workforce-credential-council/index.html");
    assert!(org.contains("credentials, by name:"));
    let excel = s.read("credentials/excel-essentials/index.html");
    assert!(
        excel.contains("credentials, by name:"),
        "its back-reference is cut"
    );
    assert!(!excel.contains("Badge 003"));
    assert!(s
        .root()
        .join("public/credentials/excel-essentials/recommended-before")
        .is_dir());
    assert!(s
        .root()
        .join("public/credentials/advanced-data-analytics-certificate/made-up-of")
        .is_dir());
    let cut_stacks = std::fs::read_dir(s.root().join("public/map"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.is_file())
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("too many to draw as a map or to list on one page")
        })
        .count();
    assert_eq!(
        cut_stacks, 1,
        "the stack's members are on pages of their own"
    );
    let dashboard = s.read("outcomes/index.html");
    assert!(
        dashboard.contains("credentials, by name:") && !dashboard.contains("Badge 003"),
        "the dashboard's credentials without outcomes are on pages of their own"
    );
    assert!(s.root().join("public/outcomes/without").is_dir());

    let r = s.step("rename across pages", &[&file(3)], |root| {
        edit(
            &root.join(file(3)),
            "name = \"Badge 003\"",
            "name = \"Zz renamed\"",
        )
    });
    assert!(!r.full);
    s.step("rename within a page", &[&file(6)], |root| {
        edit(
            &root.join(file(6)),
            "name = \"Badge 006\"",
            "name = \"Badge 006b\"",
        )
    });
    s.step(
        "a credential publishes its first outcomes",
        &[&file(9)],
        |root| {
            let path = root.join(file(9));
            let text = std::fs::read_to_string(&path).unwrap();
            let cohort =
                "\n[[outcomes]]\nperiod = \"2025\"\ncohort_size = 40\ncompletion_rate = 0.7\n";
            std::fs::write(
                &path,
                text.replacen("\n+++\n", &format!("{cohort}+++\n"), 1),
            )
            .unwrap();
        },
    );
    s.step("a credential joins the crowd", &[&file(230)], |root| {
        std::fs::write(
            root.join(file(230)),
            badge(230).replace("Badge 230", "Data skill 2300"),
        )
        .unwrap();
    });
    let gone: Vec<String> = (0..135).map(file).collect();
    let refs: Vec<&str> = gone.iter().map(String::as_str).collect();
    s.step("the list shrinks below the limit", &refs, |root| {
        for f in &gone {
            std::fs::remove_file(root.join(f)).unwrap();
        }
    });
    let comp = s.read("frameworks/data-analytics/da-1/index.html");
    assert!(!comp.contains("credentials, by name:"), "shown whole again");
    assert!(!s
        .root()
        .join("public/frameworks/data-analytics/da-1/credentials")
        .exists());
    let excel = s.read("credentials/excel-essentials/index.html");
    assert!(excel.contains("Badge 138"), "listed whole again");
    assert!(!s
        .root()
        .join("public/credentials/excel-essentials/recommended-before")
        .exists());
}

/// A credential on other goals' routes: editing its summary re-renders only what shows its
/// summary, editing its hours also every route through it and every range summing it up.
/// Both stay exact. Without the finer entities (`CredentialFigures`, `CredentialOutcomes`)
/// the two edits re-render the same pages.
#[test]
fn a_summary_edit_leaves_the_routes_through_it_alone() {
    let mut s = Session::demo();
    let summary = s.step("summary of a prerequisite", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "summary = \"Query relational databases",
            "summary = \"Query and explore relational databases",
        );
    });
    let hours = s.step("hours of a prerequisite", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "estimated_hours = 45",
            "estimated_hours = 50",
        );
    });
    assert!(!summary.full && !hours.full);
    assert!(
        summary.emitted + 3 <= hours.emitted,
        "a summary edit emitted {} files, an hours edit {}",
        summary.emitted,
        hours.emitted
    );
    assert!(
        s.read("credentials/advanced-data-analytics-certificate/index.html")
            .contains("50"),
        "the certificate's route shows the new hours"
    );
}

/// Another credential's CTDL cites a prerequisite by its registry URI, made from its CTID:
/// a CTID edit must reach the documents that cite it, not only its own (today a CTID edit is
/// not patched: `resolve::patch` hands it to the full resolve). A guard for narrowing the
/// CTDL documents' dependencies below their pages'.
#[test]
fn a_ctid_edit_reaches_the_documents_citing_it() {
    let mut s = Session::demo();
    let new = "ce-ea2d97a0-bdc9-4601-b704-cee4428b8f82";
    s.step("ctid of a prerequisite", &[SQL], |root| {
        edit(
            &root.join(SQL),
            "ctid = \"ce-ea2d97a0-bdc9-4601-b704-cee4428b8f81\"",
            &format!("ctid = \"{new}\""),
        );
    });
    assert!(s
        .read("credentials/python-for-data/index.jsonld")
        .contains(new));
}

/// Writes a skewed catalog of 200 credentials into `root` with the benchmarks' generator.
fn generate_skewed(root: &Path) {
    let status = std::process::Command::new("python3")
        .args(["bench/gen_catalog.py", "--credentials", "200", "--skew"])
        .args(["--seed", "3", "--force", "--out"])
        .arg(root)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("python3 runs");
    assert!(status.success(), "the generator fails");
}

/// The same on a catalog skewed like a real one (`bench/gen_catalog.py --skew`, the
/// benchmarks' generator): a competency most credentials certify, a stack of fifty,
/// credentials recommended by half the catalog, long bodies. Python runs every test suite's
/// other checks, so it is there.
#[test]
fn edits_of_a_skewed_catalog_match_a_full_build() {
    let mut s = Session::demo_with(|root| {
        generate_skewed(root);
    });
    // Credentials picked by what they hold, not by name (the generator names them).
    let pick = |root: &Path, wanted: &dyn Fn(&str, &str) -> bool| -> String {
        let dir = root.join("content/credentials");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let found = files.into_iter().find(|f| {
            let text = std::fs::read_to_string(dir.join(f)).unwrap();
            wanted(f, &text)
        });
        format!(
            "content/credentials/{}",
            found.expect("a credential to edit")
        )
    };
    let root = s.root().to_path_buf();
    // The first credentials are the most recommended (hundreds of pages name them).
    let popular = pick(&root, &|f, _| f.ends_with("-1.md"));
    let badge = pick(&root, &|_, t| {
        t.contains("\ntype = \"OpenBadge\"") && t.contains("\nstacks_into = [\"")
    });
    let with_prerequisites = pick(&root, &|_, t| t.contains("\nprerequisites = [\""));
    let with_hours = pick(&root, &|_, t| t.contains("\nestimated_hours = "));

    let r = s.step("summary", &[&badge], |root| {
        edit(&root.join(&badge), "summary = \"", "summary = \"Edited. ")
    });
    assert!(!r.full, "a summary edit is incremental");
    s.step("rename of the most recommended", &[&popular], |root| {
        edit(&root.join(&popular), "name = \"", "name = \"Renamed ")
    });
    s.step("a badge becomes a certification", &[&badge], |root| {
        edit(
            &root.join(&badge),
            "type = \"OpenBadge\"",
            "type = \"Certification\"",
        )
    });
    s.step("a rename of it", &[&badge], |root| {
        edit(&root.join(&badge), "name = \"", "name = \"Renamed ")
    });
    s.step("a prerequisite removed", &[&with_prerequisites], |root| {
        let path = root.join(&with_prerequisites);
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("prerequisites = [\""))
            .unwrap();
        let first_gone = match line.find("\", \"") {
            Some(i) => format!("prerequisites = [{}", &line[i + 3..]),
            None => "prerequisites = []".to_string(),
        };
        std::fs::write(&path, text.replacen(line, &first_gone, 1)).unwrap();
    });
    s.step("hours", &[&with_hours], |root| {
        edit(
            &root.join(&with_hours),
            "estimated_hours = ",
            "estimated_hours = 1",
        )
    });
}

/// A one-off build's memo keeps no route graph, only digests, and gives every goal the
/// graph and the route the dev server's memo (which keeps graphs) gives it, asked twice.
#[test]
fn a_one_off_build_keeps_no_route_graph_and_routes_the_same() {
    use credcat::emit::memo::Memo;
    // A skewed catalog: the demo's goals need too few credentials for a graph to be kept.
    let dir = tempfile::tempdir().unwrap();
    generate_skewed(dir.path());
    let catalog = resolved(dir.path()).catalog;
    let (one, session) = (Memo::for_one_build(), Memo::default());
    let usd = vec!["USD".to_string()];
    for _ in 0..2 {
        for c in &catalog.credentials {
            let (a, b) = (
                one.route_graph(&catalog, c.id),
                session.route_graph(&catalog, c.id),
            );
            assert_eq!(a.graph, b.graph, "{}", c.slug);
            assert_eq!(
                *one.route_from_nothing(&a, &usd),
                *session.route_from_nothing(&b, &usd),
                "{}",
                c.slug
            );
        }
    }
    assert!(
        one.describe().contains(" 0 route graphs"),
        "{}",
        one.describe()
    );
    assert!(
        !session.describe().contains(" 0 route graphs"),
        "the dev server's memo kept no graph, so this compared nothing: {}",
        session.describe()
    );
}

/// Generated organization `i` of [`add_directory_crowds`].
fn crowd_org(i: usize, name: &str) -> String {
    format!(
        "+++\nctid = \"ce-{i:08x}-1111-4000-8000-{i:012x}\"\nname = \"{name}\"\nkind = \"employer\"\n\
         url = \"https://org-{i}.example.com\"\nsummary = \"A generated employer.\"\n+++\nGenerated.\n"
    )
}

/// Generated pathway `i` of [`add_directory_crowds`], ending in one of the demo's
/// certificates.
fn crowd_pathway(i: usize, name: &str) -> String {
    let destination = [
        "advanced-data-analytics-certificate",
        "cybersecurity-operations-certificate",
    ][i % 2];
    format!(
        "+++\nctid = \"ce-{i:08x}-2222-4000-8000-{i:012x}\"\nname = \"{name}\"\n\
         summary = \"A generated pathway.\"\nowned_by = [\"crowd-org-{i:03}\"]\n\
         destination = \"{destination}\"\n\n[[stages]]\nname = \"Start\"\n\
         credentials = [\"alone-{i:03}\"]\n+++\nGenerated.\n"
    )
}

/// Generated credential `i` of [`add_directory_crowds`]: in no stack.
fn crowd_badge(i: usize, name: &str) -> String {
    format!(
        "+++\nctid = \"ce-{i:08x}-3333-4000-8000-{i:012x}\"\nname = \"{name}\"\n\
         type = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"crowd-org-{i:03}\"]\n\
         summary = \"A generated badge.\"\n+++\nGenerated.\n"
    )
}

/// `n` organizations, pathways and credentials that stand alone: more than a directory page
/// holds of each (`derive::directory::PER_PAGE`).
fn add_directory_crowds(root: &Path, n: usize) {
    let c = |f: String| root.join("content").join(f);
    for i in 0..n {
        std::fs::write(
            c(format!("organizations/crowd-org-{i:03}.md")),
            crowd_org(i, &format!("Org {i:03}")),
        )
        .unwrap();
        std::fs::write(
            c(format!("pathways/crowd-path-{i:03}.md")),
            crowd_pathway(i, &format!("Path {i:03}")),
        )
        .unwrap();
        std::fs::write(
            c(format!("credentials/alone-{i:03}.md")),
            crowd_badge(i, &format!("Alone {i:03}")),
        )
        .unwrap();
    }
}

/// The directories of pathways, organizations and stacks cut into pages, and the home page
/// and stack map showing only their start: renames, additions and removals (of an entry, of
/// a whole page) leave exactly the pages a full build makes.
#[test]
fn directories_cut_into_pages_stay_exact() {
    let mut s = Session::demo_with(|root| add_directory_crowds(root, 110));
    for (folder, pages) in [("pathways", 3), ("organizations", 3)] {
        assert!(s
            .root()
            .join(format!("public/{folder}/index.html"))
            .is_file());
        assert!(
            s.root()
                .join(format!("public/{folder}/page-{pages}.html"))
                .is_file(),
            "{folder}"
        );
        assert!(!s
            .root()
            .join(format!("public/{folder}/page-{}.html", pages + 1))
            .exists());
    }
    assert!(s.root().join("public/map/page-3.html").is_file());
    let home = s.read("index.html");
    assert!(home.contains("All 114 pathways") && home.contains("All 116 organizations"));
    assert!(
        !home.contains("Org 050"),
        "the home page lists a few organizations"
    );
    assert!(s.read("organizations/page-2.html").contains("Org 050"));

    let org = |i: usize| format!("content/organizations/crowd-org-{i:03}.md");
    let path = |i: usize| format!("content/pathways/crowd-path-{i:03}.md");
    let alone = |i: usize| format!("content/credentials/alone-{i:03}.md");
    let renames = [
        (
            "an organization renamed across pages",
            org(3),
            "Org 003",
            "Zz org",
        ),
        (
            "a pathway renamed across pages",
            path(4),
            "Path 004",
            "Zz path",
        ),
        (
            "a lone credential renamed across pages",
            alone(5),
            "Alone 005",
            "Zz alone",
        ),
    ];
    let mut r = None;
    for (what, file, from, to) in renames {
        r = Some(s.step(what, &[&file], |root| {
            let (from, to) = (format!("name = \"{from}\""), format!("name = \"{to}\""));
            edit(&root.join(&file), &from, &to)
        }));
    }
    assert!(!r.unwrap().full, "a credential's rename is incremental");
    const ADV: &str = "content/credentials/advanced-data-analytics-certificate.md";
    s.step("the destination of many pathways renamed", &[ADV], |root| {
        edit(
            &root.join(ADV),
            "name = \"Advanced Data Analytics Certificate\"",
            "name = \"Data Analytics Certificate, advanced\"",
        )
    });
    s.step("a lone credential joins a stack", &[&alone(7)], |root| {
        edit(
            &root.join(alone(7)),
            "summary = ",
            "stacks_into = [\"advanced-data-analytics-certificate\"]\nsummary = ",
        )
    });
    // Twelve lone credentials make a stack larger than one the map index draws: it is drawn
    // instead.
    let joined: Vec<String> = (10..22).map(alone).collect();
    let refs: Vec<&str> = joined.iter().map(String::as_str).collect();
    s.step("a new stack among the drawn", &refs, |root| {
        for i in 11..22 {
            edit(
                &root.join(alone(i)),
                "summary = ",
                "stacks_into = [\"alone-010\"]\nsummary = ",
            );
        }
    });
    assert!(s.read("map/index.html").contains("drawn-stack-alone-010"));
    s.step("an organization added", &[&org(110)], |root| {
        std::fs::write(root.join(org(110)), crowd_org(110, "Aa first")).unwrap()
    });
    let gone: Vec<String> = (60..110).flat_map(|i| [path(i), alone(i)]).collect();
    let refs: Vec<&str> = gone.iter().map(String::as_str).collect();
    s.step(
        "pathways and lone credentials removed: a page goes",
        &refs,
        |root| {
            for f in &gone {
                std::fs::remove_file(root.join(f)).unwrap();
            }
        },
    );
    assert!(!s.root().join("public/pathways/page-3.html").exists());
}

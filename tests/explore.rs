//! Occupations, industries and programs of study; routes to a goal; the pages and data files
//! built from them — on the demo catalog and on edited copies of it.

mod common;

use std::path::Path;

use common::*;
use credcat::derive::explore::{CodeKind, Ranges};
use credcat::derive::routes::{self, RouteGraph};
use credcat::emit::explore;
use credcat::model::{Catalog, CredentialId};

fn resolve(root: &Path) -> (Catalog, credcat::derive::Derived) {
    let Resolved { catalog, derived } = resolved(root);
    (catalog, derived)
}

fn id(cat: &Catalog, slug: &str) -> CredentialId {
    cat.credential_by_slug(slug).unwrap().id
}

fn slugs(cat: &Catalog, ids: &[CredentialId]) -> Vec<String> {
    ids.iter()
        .map(|i| cat.credential(*i).slug.clone())
        .collect()
}

#[test]
fn demo_occupations_are_keyed_by_code_with_their_credentials() {
    let Resolved { catalog, derived } = resolved_demo(None);
    let occ = &derived.explore.occupations;
    let bi = occ
        .codes
        .iter()
        .find(|c| c.code == "15-2051.01")
        .expect("Business Intelligence Analysts");
    assert_eq!(bi.title, "Business Intelligence Analysts");
    assert_eq!(bi.slug, "15-2051.01");
    assert_eq!(
        slugs(&catalog, &bi.credentials),
        [
            "advanced-data-analytics-certificate",
            "python-for-data",
            "spreadsheet-analysis",
            "sql-fundamentals"
        ]
    );
    let ds = occ.codes.iter().find(|c| c.code == "15-2051.00").unwrap();
    assert_eq!(ds.slug, "15-2051", "the .00 occupation has the SOC address");
    let group = &occ.groups[bi.group as usize];
    assert_eq!(
        (group.key.as_str(), group.title.as_str()),
        ("15", "Computer and Mathematical")
    );
    // Codes sorted, groups sorted, every code in exactly its group.
    assert!(occ.codes.windows(2).all(|w| w[0].code < w[1].code));
    assert!(occ.groups.windows(2).all(|w| w[0].key < w[1].key));
    for (i, c) in occ.codes.iter().enumerate() {
        assert!(occ.groups[c.group as usize].codes.contains(&(i as u32)));
    }
    // NAICS 332 and 336390 are both manufacturing.
    let ind = &derived.explore.industries;
    let mfg = ind.groups.iter().find(|g| g.key == "31-33").unwrap();
    let codes: Vec<&str> = mfg
        .codes
        .iter()
        .map(|i| ind.codes[*i as usize].code.as_str())
        .collect();
    assert!(
        codes.contains(&"332") && codes.contains(&"336390"),
        "{codes:?}"
    );
    // Programs: only the three certificates with CIP codes.
    let prog = &derived.explore.programs;
    assert_eq!(prog.codes.len(), 3);
    assert_eq!(prog.codes[0].title, "CIP 11.1003");
}

#[test]
fn one_code_two_titles_takes_the_most_common_and_plain_soc_joins_onet() {
    let dir = demo_without_key();
    let root = dir.path();
    // SQL titles 15-2051.01 differently; two others keep the usual title.
    edit(
        &root.join("content/credentials/sql-fundamentals.md"),
        "title = \"Business Intelligence Analysts\"",
        "title = \"BI Analysts\"",
    );
    // Python names the base occupation by its plain SOC code.
    edit(
        &root.join("content/credentials/python-for-data.md"),
        "code = \"15-2051.00\"",
        "code = \"15-2051\"",
    );
    let (catalog, derived) = resolve(root);
    let occ = &derived.explore.occupations;
    let bi = occ.codes.iter().find(|c| c.code == "15-2051.01").unwrap();
    assert_eq!(bi.title, "Business Intelligence Analysts");
    let ds = occ.codes.iter().find(|c| c.code == "15-2051.00").unwrap();
    assert_eq!(
        slugs(&catalog, &ds.credentials),
        ["advanced-data-analytics-certificate", "python-for-data"]
    );
    assert!(!occ.codes.iter().any(|c| c.code == "15-2051"));

    // A tie goes to the title that sorts first, whatever the file order.
    for (file, from) in [
        ("spreadsheet-analysis.md", "Business Intelligence Analysts"),
        ("python-for-data.md", "Business Intelligence Analysts"),
    ] {
        edit(
            &root.join("content/credentials").join(file),
            &format!("title = \"{from}\""),
            "title = \"Zeta Analysts\"",
        );
    }
    edit(
        &root.join("content/credentials/advanced-data-analytics-certificate.md"),
        "title = \"Business Intelligence Analysts\"",
        "title = \"BI Analysts\"",
    );
    let (_, derived) = resolve(root);
    let bi = derived
        .explore
        .occupations
        .codes
        .iter()
        .find(|c| c.code == "15-2051.01")
        .unwrap()
        .clone();
    assert_eq!(
        bi.title, "BI Analysts",
        "2 BI Analysts, 2 Zeta Analysts: the first"
    );
}

#[test]
fn ranges_span_hours_and_costs_without_adding_currencies() {
    let dir = demo_without_key();
    let root = dir.path();
    let (catalog, derived) = resolve(root);
    let bi = derived
        .explore
        .occupations
        .codes
        .iter()
        .find(|c| c.code == "15-2051.01")
        .unwrap();
    let r = Ranges::of(&catalog, &bi.credentials);
    assert_eq!(r.hours, Some((30.0, 360.0)));
    // Spreadsheet: 129 + 25 assessment; certificate: 2850 + 120. SQL's re-examination fee
    // is not part of earning it.
    assert_eq!(r.costs, vec![("USD".to_string(), 154.0, 2970.0)]);
    assert_eq!((r.hours_unknown, r.cost_unknown), (0, 0));

    // One credential priced in euros: a range of its own.
    edit(
        &root.join("content/credentials/sql-fundamentals.md"),
        "currency = \"USD\"",
        "currency = \"EUR\"",
    );
    let (catalog, derived) = resolve(root);
    let bi = derived
        .explore
        .occupations
        .codes
        .iter()
        .find(|c| c.code == "15-2051.01")
        .unwrap();
    let r = Ranges::of(&catalog, &bi.credentials);
    assert_eq!(
        r.costs,
        vec![
            ("EUR".to_string(), 179.0, 179.0),
            ("USD".to_string(), 154.0, 2970.0)
        ]
    );
}

/// The route to `goal` for a learner holding `held`, as slugs, with hours and USD cost.
fn route(cat: &Catalog, goal: &str, held: &[&str]) -> (Vec<String>, f64, f64, Vec<(String, f64)>) {
    let g = RouteGraph::build(cat, id(cat, goal));
    let held: Vec<bool> = g
        .nodes
        .iter()
        .map(|n| held.contains(&cat.credential(n.id).slug.as_str()))
        .collect();
    let r = routes::solve(&g, &held, &routes::currency_order(&[&g]));
    assert!(r.exhaustive);
    let earn = r
        .earn
        .iter()
        .map(|n| cat.credential(g.nodes[*n as usize].id).slug.clone())
        .collect();
    let usd = r
        .totals
        .cost
        .iter()
        .find(|(c, _)| c == "USD")
        .map_or(0.0, |(_, a)| *a);
    (earn, r.totals.hours, usd, r.totals.credit)
}

const ADA: &str = "advanced-data-analytics-certificate";

/// The three starting points the browser test also checks on the planner page.
#[test]
fn routes_on_the_data_analytics_stack() {
    let Resolved { catalog, .. } = resolved_demo(None);
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // Nothing held: the pathway's foundations, then Python, then the certificate, whose
    // stated totals (360 h, $2,850 + $120, 15 credits) include the three.
    let (earn, hours, usd, credit) = route(&catalog, ADA, &[]);
    assert_eq!(
        earn,
        s(&[
            "spreadsheet-analysis",
            "sql-fundamentals",
            "python-for-data",
            ADA
        ])
    );
    assert_eq!((hours, usd), (360.0, 2970.0));
    assert_eq!(credit, vec![("semester-hours".to_string(), 15.0)]);
    // Holding Spreadsheet Analysis: 30 hours and $154 less.
    let (earn, hours, usd, _) = route(&catalog, ADA, &["spreadsheet-analysis"]);
    assert_eq!(earn, s(&["sql-fundamentals", "python-for-data", ADA]));
    assert_eq!((hours, usd), (330.0, 2816.0));
    // Holding the certificate: nothing left.
    let (earn, hours, usd, _) = route(&catalog, ADA, &[ADA]);
    assert!(earn.is_empty());
    assert_eq!((hours, usd), (0.0, 0.0));
    // Holding the three components: the certificate's own remainder.
    let (earn, hours, usd, _) = route(
        &catalog,
        ADA,
        &[
            "spreadsheet-analysis",
            "sql-fundamentals",
            "python-for-data",
        ],
    );
    assert_eq!(earn, s(&[ADA]));
    assert_eq!((hours, usd), (195.0, 2112.0));
    // Python alone, held: its prerequisites are still needed, by the pathway's first stage.
    let (earn, _, _, _) = route(&catalog, ADA, &["python-for-data"]);
    assert_eq!(earn, s(&["spreadsheet-analysis", "sql-fundamentals", ADA]));
}

#[test]
fn routes_on_the_any_two_of_three_manufacturing_stage() {
    let Resolved { catalog, .. } = resolved_demo(None);
    const SMT: &str = "smart-manufacturing-technician-certificate";
    // The certificate states its total, so any two electives cost the same in all; the
    // cheaper pair (PLC $540, IoT $305, against CNC $805) wins the tie.
    let (earn, hours, usd, _) = route(&catalog, SMT, &[]);
    assert_eq!(
        earn,
        [
            "industrial-robotics-safety",
            "plc-fundamentals",
            "industrial-iot-sensors",
            SMT
        ]
    );
    assert_eq!((hours, usd), (380.0, 3050.0));
    // Holding CNC (whose prerequisite, the safety badge, the first stage needs anyway):
    // it fills one of the two places.
    let (earn, _, usd, _) = route(&catalog, SMT, &["cnc-programming"]);
    assert_eq!(
        earn,
        ["industrial-robotics-safety", "industrial-iot-sensors", SMT]
    );
    assert_eq!(usd, 3050.0 - 805.0);
    // Two electives held: only the safety badge and the certificate's remainder.
    let (earn, _, _, _) = route(&catalog, SMT, &["cnc-programming", "plc-fundamentals"]);
    assert_eq!(earn, ["industrial-robotics-safety", SMT]);
}

#[test]
fn routes_of_a_credential_without_a_pathway_count_what_stacks_into_it() {
    let dir = demo_without_key();
    std::fs::remove_file(dir.path().join("content/pathways/telehealth.md")).unwrap();
    let (catalog, _) = resolve(dir.path());
    // No pathway, no aggregate cost: everything that stacks into it, at its own figures.
    let (earn, hours, usd, _) = route(&catalog, "certified-telehealth-coordinator", &[]);
    assert_eq!(
        earn,
        [
            "telehealth-coordination",
            "remote-patient-monitoring",
            "certified-telehealth-coordinator"
        ]
    );
    // 24 + 48 + 8 hours; $149 + $345 + $250 (the renewal fee is not part of earning it).
    assert_eq!((hours, usd), (80.0, 744.0));
}

#[test]
fn dependents_are_what_routes_are_built_from_backwards() {
    let Resolved { catalog, .. } = resolved_demo(None);
    for goal in &catalog.credentials {
        let g = RouteGraph::build(&catalog, goal.id);
        for n in g.credentials() {
            assert!(
                routes::dependents(&catalog, n).contains(&goal.id),
                "{} is in the routes of {} but not found from it",
                catalog.credential(n).slug,
                goal.slug
            );
        }
    }
}

#[test]
fn the_built_site_has_the_explore_pages_and_data() {
    let dir = demo();
    let out = dir.path().join("public");
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    // Indexes link every group; group and code pages exist.
    for kind in CodeKind::ALL {
        let index = read(&format!("{}/index.html", kind.key()));
        assert!(
            index.contains(&format!("<h1>{}</h1>", kind.plural())),
            "{}",
            kind.key()
        );
    }
    let occ = read("occupations/index.html");
    assert!(occ.contains("href=\"/occupations/groups/15/\""));
    assert!(occ.contains("href=\"/occupations/15-2051.01/\""));
    let bi = read("occupations/15-2051.01/index.html");
    assert!(bi.contains("<h1>Business Intelligence Analysts</h1>"));
    assert!(
        bi.contains("4 credentials prepare for it: 30–360 hours · $154–$2,970."),
        "ranges"
    );
    assert!(bi.contains("In the stack of Advanced Data Analytics Certificate"));
    assert!(
        bi.contains("\"@type\":\"Occupation\""),
        "schema.org Occupation"
    );
    assert!(bi.contains("\"codeValue\":\"15-2051.01\""));
    assert!(bi.contains("Shortest route from scratch"));
    assert!(read("occupations/15-2051/index.html").contains("<h1>Data Scientists</h1>"));
    assert!(read("industries/groups/31-33/index.html").contains("<h1>Manufacturing</h1>"));
    assert!(read("programs/30.7101/index.html").contains("Advanced Data Analytics Certificate"));
    // The credential page links its codes' pages and lists its routes.
    let ada = read("credentials/advanced-data-analytics-certificate/index.html");
    assert!(ada.contains("href=\"/occupations/15-2051.01/\""));
    assert!(ada.contains("href=\"/programs/30.7101/\""));
    assert!(ada.contains("Routes to this credential"));
    assert!(ada.contains("href=\"/compare/?c=advanced-data-analytics-certificate\""));
    // The planner's data: the base route is what the Rust solver finds.
    let goal: serde_json::Value =
        serde_json::from_str(&read("plan/goals/advanced-data-analytics-certificate.json")).unwrap();
    let nodes = goal["nodes"].as_array().unwrap();
    // Each node's page is the prefix `cu` and its slug; the file gives nothing the planner
    // can tell by itself (no address, no empty members).
    let cu = goal["cu"].as_str().unwrap();
    assert_eq!(cu, "/credentials/");
    for n in nodes {
        let page = format!("{}{}/index.html", &cu[1..], n["s"].as_str().unwrap());
        assert!(read(&page).contains("<h1"), "{page}");
        assert!(n.get("u").is_none() && n.get("ways") != Some(&serde_json::json!([])));
    }
    let base: Vec<&str> = goal["base"]["earn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| nodes[n.as_u64().unwrap() as usize]["s"].as_str().unwrap())
        .collect();
    assert_eq!(
        base,
        [
            "spreadsheet-analysis",
            "sql-fundamentals",
            "python-for-data",
            ADA
        ]
    );
    assert_eq!(goal["map"], "/map/advanced-data-analytics-certificate/");
    let index: serde_json::Value = serde_json::from_str(&read("plan/index.json")).unwrap();
    assert_eq!(index["goals"].as_array().unwrap().len(), 18);
    let compare: serde_json::Value =
        serde_json::from_str(&read("compare/data/sql-fundamentals.json")).unwrap();
    assert_eq!(compare["cost"], "$214");
    assert!(read("plan/index.html").contains("js/plan.js"));
    assert!(read("compare/index.html").contains("js/compare.js"));
    // In the sitemap, with the other pages.
    let sitemap = read("sitemap.xml");
    for p in [
        "occupations/",
        "occupations/15-2051.01/",
        "industries/groups/54/",
        "programs/",
        "plan/",
        "compare/",
    ] {
        assert!(
            sitemap.contains(&format!("/{p}</loc>")),
            "sitemap lacks {p}"
        );
    }
}

#[test]
fn a_title_with_markup_is_escaped_on_every_explore_page() {
    let dir = demo();
    edit(
        &dir.path().join("content/credentials/excel-essentials.md"),
        "title = \"Statistical Assistants\"",
        "title = \"<script>alert(1)</script> Assistants\"",
    );
    let out = dir.path().join("public");
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    for page in [
        "occupations/index.html",
        "occupations/groups/43/index.html",
        "occupations/43-9111/index.html",
        "credentials/excel-essentials/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("<script>alert(1)"), "{page} is not escaped");
        assert!(
            html.contains("&lt;script&gt;alert(1)"),
            "{page} lacks the title"
        );
    }
}

#[test]
fn a_code_with_many_credentials_is_paged_and_the_index_stays_bounded() {
    let dir = demo();
    // 60 badges for one occupation, half in the data-analytics stack; 14 occupations in one
    // SOC group.
    add_badges(
        dir.path(),
        60,
        "15-2051.01",
        "Business Intelligence Analysts",
        None,
    );
    for i in 1..=30 {
        add_to_badge(
            dir.path(),
            i,
            "stacks_into = [\"advanced-data-analytics-certificate\"]",
        );
    }
    for i in 0..14 {
        edit(
            &dir.path().join(format!("content/credentials/generated-{:03}.md", 40 + i)),
            "[[occupations]]",
            &format!("[[occupations]]\ncode = \"15-11{i:02}.00\"\ntitle = \"Group Member {i:02}\"\n\n[[occupations]]"),
        );
    }
    let out = dir.path().join("public");
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    // Items of the credential lists (not of maps' step lists or the cheapest route).
    let listed = |html: &str| -> usize {
        html.split("<ul class=\"code-credentials\">")
            .skip(1)
            .map(|part| {
                part.split("</ul>")
                    .next()
                    .unwrap_or("")
                    .matches("<li>")
                    .count()
            })
            .sum()
    };
    // 64 credentials: 50, then 14.
    let first = read("occupations/15-2051.01/index.html");
    let second = read("occupations/15-2051.01/page/2/index.html");
    assert!(!out.join("occupations/15-2051.01/page/3").exists());
    assert!(
        first.contains("64 credentials prepare for it"),
        "the count is of all"
    );
    assert_eq!(listed(&first), 50);
    assert_eq!(listed(&second), 14);
    assert!(first.contains("href=\"/occupations/15-2051.01/page/2/\" rel=\"next\""));
    assert!(second.contains("rel=\"prev\""));
    assert!(
        !second.contains("Shortest route from scratch"),
        "on the first page only"
    );
    // The stack (the certificate's, 34 of them) comes first, then those standing alone.
    assert!(first.contains("In the stack of Advanced Data Analytics Certificate"));
    assert!(
        second.contains("Standing alone") || second.contains("<h2 id=\"alone\">Credentials</h2>")
    );
    // The index shows at most 12 of a group and links the rest.
    let index = read("occupations/index.html");
    let group = index
        .split("<h2 id=\"g-15\">")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(group.matches("<li>").count(), 12);
    assert!(group.contains("All 22 in Computer and Mathematical"));
    // The planner weighs the 20 quickest of the 64, the page's cheapest among them.
    let index: serde_json::Value = serde_json::from_str(&read("plan/index.json")).unwrap();
    let bi = index["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o[0] == "15-2051.01")
        .unwrap();
    let goals: Vec<&str> = bi[3]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(goals.len(), 20);
    let best = first
        .split("<h2 id=\"best\">")
        .nth(1)
        .unwrap()
        .split("<a href=\"/credentials/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    assert!(goals.contains(&best), "{best} not in {goals:?}");
    let whole = read("occupations/groups/15/index.html");
    assert_eq!(whole.matches("<li><a href=\"/occupations/15-").count(), 22);
}

#[test]
fn a_long_route_is_listed_in_part_with_its_full_count_and_totals() {
    let dir = demo();
    // A chain of 45 badges, each requiring the one before.
    add_badges(
        dir.path(),
        45,
        "15-2051.01",
        "Business Intelligence Analysts",
        None,
    );
    for i in 2..=45 {
        add_to_badge(
            dir.path(),
            i,
            &format!("prerequisites = [\"generated-{:03}\"]", i - 1),
        );
    }
    let out = dir.path().join("public");
    build_ok(dir.path());
    let html = std::fs::read_to_string(out.join("credentials/generated-045/index.html")).unwrap();
    let section = html
        .split("<section aria-labelledby=\"routes\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        section.contains("route takes 45 credentials"),
        "the count is of the whole route"
    );
    let steps = section
        .split("<ol class=\"route-steps\">")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    assert_eq!(steps.matches("<li>").count(), explore::ROUTE_SHOWN);
    assert!(section.contains("And 15 more credentials: the planner lists the whole route."));
    // Totals are of all 45: hours 11 + 12 + … + 55.
    let hours: u32 = (11..=55).sum();
    assert!(
        section.contains(&format!("<dt>Hours</dt><dd>{hours}</dd>")),
        "totals of every step"
    );
    // The structure: 44 credentials need another; 30 are shown.
    let structure = section
        .split("<ul class=\"route-structure\">")
        .nth(1)
        .unwrap();
    assert_eq!(
        structure
            .split("</ul>")
            .next()
            .unwrap()
            .matches("<li>")
            .count(),
        explore::ROUTE_SHOWN
    );
    assert!(structure.contains("And 14 more credentials with requirements of their own"));
    // A short route is listed whole, with no note.
    let short = std::fs::read_to_string(out.join("credentials/generated-003/index.html")).unwrap();
    assert!(short.contains("route takes 3 credentials"));
    assert!(!short.contains("more credentials: the planner"));
}

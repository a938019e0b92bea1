//! Outcomes, governance and the quality report in the built site: the charts parsed back with
//! an independent XML parser (roxmltree) and their geometry checked against the numbers in
//! the content, the opt-in report page, the CTDL data set profile, versions linked both ways,
//! and hostile strings escaped everywhere they land.

mod common;

use std::path::Path;

use common::{build_ok, credcat, demo, edit};
use serde_json::Value;

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every `<svg class="chart" …>…</svg>` of a page, parsed.
fn charts(html: &str) -> Vec<String> {
    let open = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart";
    html.split(open)
        .skip(1)
        .map(|rest| {
            let end = rest.find("</svg>").expect("the chart is closed") + "</svg>".len();
            format!("{open}{}", &rest[..end])
        })
        .collect()
}

struct Parsed {
    title: String,
    desc: String,
    /// (x, y, width, height) of each bar.
    bars: Vec<(f64, f64, f64, f64)>,
    small_bars: usize,
    /// The plot's left, right, top and bottom, from its two axis lines.
    plot: (f64, f64, f64, f64),
    zero_y: f64,
    labels: Vec<String>,
    gaps: usize,
    ticks: Vec<String>,
}

fn parse(svg: &str) -> Parsed {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled = root.attribute("aria-labelledby").unwrap();
    let f = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    let class = |n: &roxmltree::Node| n.attribute("class").unwrap_or("").to_string();
    let text_of = |tag: &str| {
        let node = root
            .children()
            .find(|n| n.has_tag_name(tag))
            .unwrap_or_else(|| panic!("no <{tag}>"));
        assert!(labelled.contains(node.attribute("id").unwrap()));
        node.text().unwrap_or("").to_string()
    };
    let axes: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("line") && class(n) == "chart-axis")
        .collect();
    assert_eq!(axes.len(), 2, "an x and a y axis");
    let (x_axis, y_axis) = (axes[0], axes[1]);
    let plot = (
        f(y_axis, "x1"),
        f(x_axis, "x2"),
        f(y_axis, "y1"),
        f(y_axis, "y2"),
    );
    let bars: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("rect") && class(n).starts_with("chart-bar"))
        .collect();
    Parsed {
        title: text_of("title"),
        desc: text_of("desc"),
        small_bars: bars.iter().filter(|n| class(n).contains("small")).count(),
        bars: bars
            .iter()
            .map(|n| (f(*n, "x"), f(*n, "y"), f(*n, "width"), f(*n, "height")))
            .collect(),
        plot,
        zero_y: f(x_axis, "y1"),
        labels: root
            .descendants()
            .filter(|n| n.has_tag_name("text") && class(n) == "chart-label")
            .map(|n| n.text().unwrap_or("").to_string())
            .collect(),
        gaps: root
            .descendants()
            .filter(|n| n.has_tag_name("text") && class(n) == "chart-gap")
            .count(),
        ticks: root
            .descendants()
            .filter(|n| n.has_tag_name("text") && class(n) == "chart-tick")
            .map(|n| n.text().unwrap_or("").to_string())
            .collect(),
    }
}

fn assert_inside(p: &Parsed) {
    let (l, r, t, b) = p.plot;
    for &(x, y, w, h) in &p.bars {
        // Coordinates are written with one decimal.
        let e = 0.11;
        assert!(
            x >= l - e && x + w <= r + e && y >= t - e && y + h <= b + e && w > 0.0,
            "bar {x},{y},{w},{h} outside the plot {l},{r},{t},{b} of {}",
            p.title
        );
    }
}

#[test]
fn credential_charts_draw_one_bar_per_cohort_from_zero_with_gaps_left_empty() {
    let dir = demo();
    build_ok(dir.path());
    let html = read(dir.path(), "credentials/spreadsheet-analysis/index.html");
    let svgs: Vec<Parsed> = charts(&html).iter().map(|s| parse(s)).collect();
    // Pass rate, completion rate, median weeks: the three indicators the content publishes.
    let titles: Vec<&str> = svgs.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Pass rate by cohort",
            "Completion rate by cohort",
            "Median time to complete (weeks) by cohort"
        ]
    );
    let pass = &svgs[0];
    // 2021, 2022, (2023: no cohort), 2024, 2025.
    assert_eq!(pass.labels, ["2021", "2022", "2023", "2024", "2025"]);
    assert_eq!(pass.bars.len(), 4, "one bar per cohort");
    assert_eq!(pass.gaps, 1, "2023 is a gap, not a bar");
    assert_inside(pass);
    assert_eq!(pass.ticks.first().map(String::as_str), Some("0%"));
    assert_eq!(pass.ticks.last().map(String::as_str), Some("100%"));
    // The axis starts at zero: each bar stands on the x axis and its height is the rate.
    let (_, _, top, bottom) = pass.plot;
    assert!((pass.zero_y - bottom).abs() < 0.11);
    for (bar, rate) in pass.bars.iter().zip([0.78, 0.81, 0.84, 0.86]) {
        assert!((bar.1 + bar.3 - bottom).abs() < 0.2, "stands on zero");
        let expected = rate * (bottom - top);
        assert!((bar.3 - expected).abs() < 0.2, "{} vs {expected}", bar.3);
    }
    assert!(pass.desc.contains("2023: no data"), "{}", pass.desc);
    assert!(pass.desc.contains("2021: 78% (n=71)"), "{}", pass.desc);
    // The same numbers in a table.
    assert!(html.contains("<caption>Outcomes of Spreadsheet Analysis by cohort</caption>"));
    assert!(html.contains("<th scope=\"row\">2021</th><td>71</td><td>78%</td>"));

    // Half-years, with a small first cohort hatched and marked.
    let html = read(dir.path(), "credentials/telehealth-coordination/index.html");
    let svgs: Vec<Parsed> = charts(&html).iter().map(|s| parse(s)).collect();
    let pass = svgs
        .iter()
        .find(|p| p.title == "Pass rate by cohort")
        .unwrap();
    assert_eq!(pass.labels, ["2024-H2", "2025-H1", "2025-H2", "2026-H1"]);
    assert_eq!(pass.small_bars, 1);
    assert!(pass.desc.contains("2024-H2: 88% (n=8, small)"));
    let perf = svgs
        .iter()
        .find(|p| p.title == "Meets expectations at 90 days by cohort")
        .unwrap();
    assert_eq!(
        perf.bars.len(),
        1,
        "only 2025-H1 reports it; the others are gaps"
    );
    assert_eq!(perf.gaps, 3);
    for p in &svgs {
        assert_inside(p);
    }
    // Governance and validation on the page.
    assert!(html.contains("<h2 id=\"governance\">Governance</h2>"));
    assert!(html.contains("Riverbend Health System"));
    assert!(html.contains("How the assessment is validated, by skill type"));
}

#[test]
fn the_dashboard_splits_leading_and_lagging_and_the_report_page_is_opt_in() {
    let dir = demo();
    build_ok(dir.path());
    let html = read(dir.path(), "outcomes/index.html");
    let leading = html.find("<h2 id=\"leading\">").unwrap();
    let lagging = html.find("<h2 id=\"lagging\">").unwrap();
    assert!(leading < lagging);
    let placement = html.find("<h3 id=\"ind-placement_rate\">").unwrap();
    assert!(placement > lagging);
    let dashboard = charts(&html);
    // Pass, completion, weeks; placement, 90-day performance, retention 90/180, earnings (no
    // demo cohort reports 180-day performance, so it has no chart).
    assert_eq!(dashboard.len(), 8);
    assert!(!html.contains("ind-performance_180_day"));
    for svg in &dashboard {
        let p = parse(svg);
        assert_inside(&p);
        assert_eq!(p.bars.len(), p.labels.len(), "one bar per credential");
        assert!(!p.bars.is_empty());
        // Bars start at the value axis' zero, the plot's left edge (no negative values here).
        for b in &p.bars {
            assert!((b.0 - p.plot.0).abs() < 0.11, "{} starts at zero", p.title);
        }
    }
    let pass = dashboard
        .iter()
        .map(|s| parse(s))
        .find(|p| p.title.starts_with("Pass rate"))
        .unwrap();
    assert_eq!(
        pass.labels.len(),
        3,
        "the three credentials with a pass rate by cohort"
    );
    assert!(html.contains("Credentials without outcomes by cohort"));
    assert!(!dir.path().join("public/quality/index.html").exists());

    let config = dir.path().join("site-config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[report]\npage = true\n");
    std::fs::write(&config, text).unwrap();
    build_ok(dir.path());
    let html = read(dir.path(), "quality/index.html");
    for name in [
        "Competency architecture",
        "Assessment quality",
        "Data integration",
        "Stakeholder adoption",
    ] {
        assert!(html.contains(&format!("<dt>{name}</dt>")), "{name}");
    }
    assert!(html.contains("Priority action:"));
    assert!(html.contains("<h3 id=\"pol-data_privacy\">Data privacy: partial</h3>"));
    assert!(html.contains("<a href=\"/credentials/cnc-programming/\">CNC Programming</a>"));
}

#[test]
fn cohorts_and_governance_are_published_in_ctdl() {
    let dir = demo();
    build_ok(dir.path());
    let doc: Value = serde_json::from_str(&read(
        dir.path(),
        "credentials/spreadsheet-analysis/index.jsonld",
    ))
    .unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    let main = &graph[0];
    assert_eq!(main["ceterms:approvedBy"].as_array().unwrap().len(), 1);
    let review = &main["ceterms:reviewProcess"][0];
    assert_eq!(review["@type"], "ceterms:ProcessProfile");
    assert_eq!(
        review["ceterms:processFrequency"]["en-US"],
        "Every 12 months"
    );
    let set_uri = main["ceterms:aggregateData"][0]["qdata:relevantDataSet"][0]
        .as_str()
        .unwrap();
    // The data set is a primary entity of its own, in the document beside the credential's.
    let set_doc: Value = serde_json::from_str(&read(
        dir.path(),
        "credentials/spreadsheet-analysis/outcomes.jsonld",
    ))
    .unwrap();
    let set = &set_doc["@graph"][0];
    assert_eq!(set["@id"], set_uri);
    assert_eq!(set["@type"], "qdata:DataSetProfile");
    let frames = set["qdata:dataSetTimePeriod"].as_array().unwrap();
    assert_eq!(
        frames.len(),
        4,
        "one time frame per cohort, none for the gap"
    );
    assert_eq!(frames[0]["ceterms:startDate"], "2021-01-01");
    assert_eq!(frames[0]["ceterms:endDate"], "2021-12-31");
    let data = &frames[0]["qdata:dataAttributes"][0];
    assert_eq!(data["qdata:passRate"][0]["qdata:percentage"], 78.0);
    assert_eq!(data["qdata:subjectsInSet"][0]["schema:value"], 71);
    assert!(data["ceterms:description"]["en-US"]
        .as_str()
        .unwrap()
        .contains("Completion rate: 69%."));
    let assessment_doc: Value = serde_json::from_str(&read(
        dir.path(),
        "credentials/spreadsheet-analysis/assessment.jsonld",
    ))
    .unwrap();
    let assessment = &assessment_doc["@graph"][0];
    assert_eq!(assessment["@type"], "ceterms:AssessmentProfile");
    let validation = assessment["ceterms:maintenanceProcess"].as_array().unwrap();
    assert_eq!(validation.len(), 2, "one process per skill type");
    assert!(validation[0]["ceterms:description"]["en-US"]
        .as_str()
        .unwrap()
        .starts_with("Validation of the assessment of technical skills (Artifact"));
}

#[test]
fn superseded_versions_stay_published_and_link_both_ways() {
    let dir = demo();
    build_ok(dir.path());
    let old = read(dir.path(), "credentials/excel-essentials/index.html");
    assert!(old.contains("This credential has been replaced by <a href=\"/credentials/spreadsheet-analysis/\">Spreadsheet Analysis</a>"));
    assert!(old.contains("Holders can move to the new version: Excel Essentials holders earn Spreadsheet Analysis by completing"));
    let new = read(dir.path(), "credentials/spreadsheet-analysis/index.html");
    assert!(new.contains("This version replaces <a href=\"/credentials/excel-essentials/\">Excel Essentials</a>. Bridge for its holders: Excel Essentials holders earn"));
    assert!(new.contains("<th scope=\"col\">Bridge from the version before</th>"));
    assert!(new.contains(
        "<td>2.0 (this version)</td><td><time datetime=\"2025-08-18\">2025-08-18</time></td>"
    ));
    assert!(new
        .contains("<td>The data cleaning module and the dashboard project (about 10 hours).</td>"));
}

#[test]
fn hostile_strings_in_outcomes_and_governance_are_escaped() {
    let dir = demo();
    let evil = "</svg><script>alert(1)</script>&\"'";
    let cred = dir
        .path()
        .join("content/credentials/telehealth-coordination.md");
    edit(
        &cred,
        "name = \"Telehealth Coordination\"",
        &format!("name = {:?}", format!("Tele {evil}")),
    );
    edit(
        &cred,
        "source = \"Registrar records\"\n",
        &format!("source = {evil:?}\n"),
    );
    edit(
        &cred,
        "process = \"Co-designed",
        &format!("process = \"{} Co-designed", evil.replace('"', "\\\"")),
    );
    build_ok(dir.path());
    for rel in [
        "credentials/telehealth-coordination/index.html",
        "outcomes/index.html",
    ] {
        let html = read(dir.path(), rel);
        assert!(!html.contains("<script>alert(1)"), "{rel} is injectable");
        assert!(!html.contains("</svg><script>"), "{rel}");
        for svg in charts(&html) {
            parse(&svg);
        }
    }
    let out = credcat()
        .args(["check", "--report", "--format", "json", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert!(r["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"].as_str().unwrap().contains("<script>")));
}

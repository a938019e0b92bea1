//! Outcomes, governance and quality on the site: what a credential page shows of its
//! governance, assessment validation, version bridges and outcomes by cohort (charts with
//! their numbers in a table), the catalog's outcomes dashboard (`outcomes/`), and — when
//! `[report] page = true` — the quality report as a page (`quality/`).
//!
//! The dashboard and the report are catalog-wide pages, always written whole (an edit that
//! removes the last cohort must not leave a stale dashboard behind). A theme without an
//! `outcomes.html` template gets no dashboard; `[report] page = true` with a theme without
//! `quality.html` is an error.

use serde_json::{json, Value};

use super::charts::{self, Chart};
use super::context::{cred_link, list_deps, long_list_or_links, org_links, page_context, PageHead};
use super::{urls, Ctx, EmitError, Entity, OutFile, Scope};
use crate::derive::long_lists::{self, Owner};
use crate::derive::quality::{self, SMALL_COHORT};
use crate::derive::Derived;
use crate::model::*;

fn chart_json(indicator: Indicator, chart: &Chart) -> Value {
    json!({
        "key": indicator.key(),
        "label": indicator.label(),
        "leading": indicator.leading(),
        "svg": chart.svg,
        "text": chart.text,
    })
}

/// The indicators any of `cohorts` publishes, in [`Indicator::ALL`] order.
fn published(cohorts: &[Cohort]) -> Vec<Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|i| cohorts.iter().any(|k| k.get(*i).is_some()))
        .collect()
}

/// What a credential page adds: governance, assessment validation, bridges, outcome series.
pub fn credential_extras(cat: &Catalog, c: &Credential) -> Value {
    let governance = c.governance.as_ref().map(|g| {
        json!({
            "approved_by": g.approved_by.map(|o| org_links(cat, &[o])),
            "last_reviewed": g.last_reviewed.map(|d| d.to_string()),
            "review_every_months": g.review_every_months,
            "next_review": g.next_review().map(|d| d.to_string()),
            "advisory_board": org_links(cat, &g.advisory_board),
            "recognized_by": org_links(cat, &g.recognized_by),
            "process": g.process,
        })
    });
    let validation: Vec<Value> = c
        .assessment
        .iter()
        .flat_map(|a| &a.validation)
        .map(|v| {
            json!({
                "skill_type": v.skill_type.key(),
                "methods": v.methods.iter().map(|m| m.label()).collect::<Vec<_>>(),
                "evidence": v.evidence,
                "last_validated": v.last_validated.map(|d| d.to_string()),
            })
        })
        .collect();
    let successor_bridge = c.superseded_by.and_then(|id| {
        let next = cat.credential(id);
        next.version
            .as_ref()
            .filter(|v| !v.bridge.trim().is_empty())
            .map(|v| v.bridge.clone())
    });
    json!({
        "governance": governance,
        "remediation": c.assessment.as_ref().map(|a| a.remediation.clone()).filter(|r| !r.trim().is_empty()),
        "validation": validation,
        "bridge": c.version.as_ref().map(|v| v.bridge.clone()).filter(|b| !b.trim().is_empty()),
        "successor_bridge": successor_bridge,
        "series": series(c),
    })
}

/// A credential's cohorts: one chart per indicator and the table of every number.
fn series(c: &Credential) -> Option<Value> {
    if c.cohorts.is_empty() {
        return None;
    }
    let indicators = published(&c.cohorts);
    let charts: Vec<Value> = indicators
        .iter()
        .filter_map(|i| {
            let id = format!("chart-{}-{}", c.slug, i.key());
            charts::indicator_over_time(&c.cohorts, *i, &id).map(|ch| chart_json(*i, &ch))
        })
        .collect();
    let rows: Vec<Value> = c
        .cohorts
        .iter()
        .map(|k| {
            json!({
                "period": k.label,
                "size": k.cohort_size,
                "small": k.cohort_size.is_some_and(|n| n < SMALL_COHORT),
                "source": k.source,
                "cells": indicators.iter().map(|i| k.get(*i).map(|v| charts::format_value(*i, v))).collect::<Vec<_>>(),
            })
        })
        .collect();
    Some(json!({
        "columns": indicators.iter().map(|i| i.label()).collect::<Vec<_>>(),
        "leading": charts.iter().filter(|c| c["leading"] == true).cloned().collect::<Vec<_>>(),
        "lagging": charts.iter().filter(|c| c["leading"] == false).cloned().collect::<Vec<_>>(),
        "rows": rows,
        "gaps": quality::gaps(&c.cohorts).iter().map(|p| p.label()).collect::<Vec<_>>(),
        "small_threshold": SMALL_COHORT,
    }))
}

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    if has_dashboard(ctx) && (super::pages::chrome_changed(ctx) || dashboard_changed(ctx)) {
        out.push(dashboard(ctx)?);
    }
    if ctx.catalog.config.report.page {
        if !has_template(ctx, "quality.html") {
            return Err(EmitError::MissingTemplate("quality.html".into()));
        }
        out.push(report_page(ctx)?);
    }
    Ok(out)
}

fn has_template(ctx: &Ctx, name: &str) -> bool {
    ctx.tera.get_template_names().any(|n| n == name)
}

/// Whether the site has the dashboard: a theme written before the dashboard existed has no
/// template for it, and the site builds as it did, without the page.
fn has_dashboard(ctx: &Ctx) -> bool {
    has_template(ctx, "outcomes.html")
}

/// The pages of this module a build writes ([`urls::OUTCOMES`], [`urls::QUALITY_REPORT`]), for the sitemap:
/// they are not pages of `html`.
pub fn pages(ctx: &Ctx) -> Vec<&'static str> {
    let mut pages = Vec::new();
    if has_dashboard(ctx) {
        pages.push(urls::OUTCOMES);
    }
    if ctx.catalog.config.report.page {
        pages.push(urls::QUALITY_REPORT);
    }
    pages
}

/// Whether the dashboard shows something that changed: it charts the cohorts of every
/// credential and names those with any; those without any it names too, or, when they are
/// too many for one page, shows the index of their list's pages (the first and last name
/// of each, and where the pages start, which a rename elsewhere in the list can move).
fn dashboard_changed(ctx: &Ctx) -> bool {
    let cat = ctx.catalog;
    let Scope::Changed(changes) = &ctx.scope else {
        return true;
    };
    let outcomes = cat
        .credentials
        .iter()
        .map(|c| Entity::CredentialOutcomes(c.id));
    let with = cat
        .credentials
        .iter()
        .filter(|c| !c.cohorts.is_empty())
        .map(|c| Entity::CredentialLink(c.id));
    let without = list_deps(
        ctx.derived,
        Owner::WithoutOutcomes,
        &without(cat, ctx.derived),
    );
    ctx.scope.wants(outcomes.chain(with).chain(without))
        || changes.lists.contains(&Owner::WithoutOutcomes)
}

/// The credentials that publish no outcomes, by name.
fn without(cat: &Catalog, derived: &Derived) -> Vec<CredentialId> {
    derived.listing.sorted(&long_lists::without_outcomes(cat))
}

fn render(
    ctx: &Ctx,
    path: &str,
    template: &str,
    title: String,
    description: String,
    data: Value,
) -> Result<OutFile, EmitError> {
    let head = PageHead {
        path,
        title,
        description,
        schema_org: None,
        ctdl_url: None,
        robots: None,
    };
    let context = page_context(ctx.catalog, head, data);
    let html = super::templates::render(ctx.tera, template, &context)?;
    Ok(OutFile::new(format!("{path}index.html"), html))
}

/// The catalog's outcomes: per indicator, the newest cohort of every credential that
/// publishes it, leading indicators first; and which credentials publish none.
fn dashboard(ctx: &Ctx) -> Result<OutFile, EmitError> {
    let cat = ctx.catalog;
    // By name, in the listing's order (sorted once by the derive step: sorting here lower-
    // cased two names per comparison, on every rename of a 10,000-credential catalog).
    let with: Vec<&Credential> = ctx
        .derived
        .listing
        .order
        .iter()
        .map(|id| cat.credential(*id))
        .filter(|c| !c.cohorts.is_empty())
        .collect();
    let without = without(cat, ctx.derived);
    let (without_links, without_pages) =
        long_list_or_links(cat, ctx.derived, Owner::WithoutOutcomes, &without);
    let mut leading = Vec::new();
    let mut lagging = Vec::new();
    for indicator in Indicator::ALL {
        // Each credential's newest cohort that has this indicator.
        let latest: Vec<(&Credential, &Cohort, f64)> = with
            .iter()
            .filter_map(|c| {
                c.cohorts
                    .iter()
                    .rev()
                    .find_map(|k| k.get(indicator).map(|v| (*c, k, v)))
            })
            .collect();
        if latest.is_empty() {
            continue;
        }
        let slots: Vec<charts::Slot> = latest
            .iter()
            .map(|(c, k, v)| charts::Slot {
                label: short(&c.name),
                value: Some(*v),
                cohort_size: k.cohort_size,
                note: format!(" · {}", k.label),
            })
            .collect();
        let chart = charts::ranked_bars(
            &format!("dash-{}", indicator.key()),
            &format!("{}: newest cohort of each credential", indicator.label()),
            indicator,
            &slots,
        );
        let rows: Vec<Value> = latest
            .iter()
            .map(|(c, k, v)| {
                json!({
                    "credential": cred_link(cat, c.id),
                    "period": k.label,
                    "value": charts::format_value(indicator, *v),
                    "size": k.cohort_size,
                    "small": k.cohort_size.is_some_and(|n| n < SMALL_COHORT),
                })
            })
            .collect();
        let entry = json!({
            "key": indicator.key(),
            "label": indicator.label(),
            "svg": chart.as_ref().map(|c| &c.svg),
            "text": chart.as_ref().map(|c| &c.text),
            "rows": rows,
            "max_bars": charts::MAX_BARS,
        });
        if indicator.leading() {
            leading.push(entry);
        } else {
            lagging.push(entry);
        }
    }
    let data = json!({
        "groups": [
            { "key": "leading", "title": "Leading indicators",
              "intro": "Known while learners study or right after: pass rate, completion, time to complete.",
              "list": leading },
            { "key": "lagging", "title": "Lagging indicators",
              "intro": "Known only months after learners are hired: placement, performance and retention at 90 and 180 days, earnings.",
              "list": lagging },
        ],
        "any": !leading.is_empty() || !lagging.is_empty(),
        "with": with.iter().map(|c| cred_link(cat, c.id)).collect::<Vec<_>>(),
        // Whole, or (past a page of names) the index of its pages, as a credential's lists.
        "without": without_links,
        "without_pages": without_pages,
        "without_count": without.len(),
        "small_threshold": SMALL_COHORT,
    });
    render(
        ctx,
        urls::OUTCOMES,
        "outcomes.html",
        "Outcomes".into(),
        format!(
            "What happens to learners of {}: leading and lagging indicators by credential.",
            cat.config.title
        ),
        data,
    )
}

/// A credential name short enough for a chart label.
fn short(name: &str) -> String {
    if name.chars().count() <= 26 {
        name.to_string()
    } else {
        let cut: String = name.chars().take(24).collect();
        format!("{}…", cut.trim_end())
    }
}

fn report_page(ctx: &Ctx) -> Result<OutFile, EmitError> {
    let cat = ctx.catalog;
    let report = quality::report(cat, quality::today());
    let mut data = serde_json::to_value(&report).unwrap_or(Value::Null);
    // Links for the per-credential part.
    if let Some(list) = data["credentials"].as_array_mut() {
        for entry in list {
            let link = entry["slug"]
                .as_str()
                .and_then(|slug| cat.credential_by_slug(slug))
                .map(|c| urls::link(cat, &urls::credential(c)));
            entry["url"] = json!(link);
            let total = entry["benchmark_total"].as_u64().unwrap_or(0);
            let missing = entry["benchmark_missing"].as_array().map_or(0, Vec::len) as u64;
            entry["benchmark_present"] = json!(total.saturating_sub(missing));
        }
    }
    render(
        ctx,
        urls::QUALITY_REPORT,
        "quality.html",
        "Catalog quality report".into(),
        format!(
            "Maturity scores, policy checklist and gaps per credential of {}, with the evidence behind each.",
            cat.config.title
        ),
        data,
    )
}

//! Outcome charts: one indicator over a credential's cohorts, or one indicator's newest value
//! across credentials, drawn as SVG at build time (no JavaScript). Pure functions from numbers
//! to a [`Chart`]: the SVG text plus the geometry it was drawn from, so tests can check the
//! marks without parsing the drawing.
//!
//! Honest by construction:
//! - rates are drawn on an axis from 0 to 100%, whatever the values; other indicators on an
//!   axis that always includes 0 (earnings lift may go below it);
//! - a period between two cohorts that has no value is a labelled gap — no bar, no line
//!   through it, nothing interpolated;
//! - a cohort under [`SMALL_COHORT`] learners is drawn hatched and labelled "small";
//! - every chart carries a `<title>` and a `<desc>` stating every value in words, and the
//!   page shows the same numbers in a table beside it.
//!
//! Every string in the SVG (labels, periods, names) is escaped.

use crate::derive::quality::SMALL_COHORT;
use crate::emit::templates::escape_xml;
use crate::model::{fmt_num, Cohort, Indicator, Period};

/// The drawing area inside the axes, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Plot {
    pub fn right(&self) -> f64 {
        self.left + self.width
    }
    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// One drawn bar, or a slot with nothing drawn (a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    /// `None` for a gap: the period has no value.
    pub value: Option<f64>,
    pub cohort_size: Option<u64>,
    pub small: bool,
    /// The bar's rectangle (x, y, width, height); `None` for a gap.
    pub rect: Option<(f64, f64, f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub plot: Plot,
    /// The axis range (min, max) in the indicator's own unit.
    pub axis: (f64, f64),
    /// Where the value axis has its zero: a y for column charts, an x for bar charts.
    pub zero: f64,
    pub marks: Vec<Mark>,
    /// The chart in one paragraph, for screen readers and the page.
    pub text: String,
}

/// One slot on the category axis.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub label: String,
    pub value: Option<f64>,
    pub cohort_size: Option<u64>,
    /// Written after the value on bar charts (the cohort's period on the dashboard).
    pub note: String,
}

/// `indicator` over `cohorts` (in period order): one slot per period from the first cohort
/// to the last, gaps included, or `None` when no cohort has the indicator.
pub fn indicator_over_time(cohorts: &[Cohort], indicator: Indicator, id: &str) -> Option<Chart> {
    if !cohorts.iter().any(|c| c.get(indicator).is_some()) {
        return None;
    }
    let mut slots = Vec::new();
    for (i, c) in cohorts.iter().enumerate() {
        slots.push(Slot {
            label: c.label.clone(),
            value: c.get(indicator),
            cohort_size: c.cohort_size,
            note: String::new(),
        });
        // The periods between this cohort and the next one are gaps.
        if let Some(next) = cohorts.get(i + 1) {
            let mut p: Period = c.period;
            for _ in 0..400 {
                match p.next() {
                    Some(n) if n.start() < next.period.start() => {
                        slots.push(Slot {
                            label: n.label(),
                            value: None,
                            cohort_size: None,
                            note: String::new(),
                        });
                        p = n;
                    }
                    _ => break,
                }
            }
        }
    }
    Some(bar_chart(
        id,
        &format!("{} by cohort", indicator.label()),
        indicator,
        &slots,
    ))
}

/// Rounds `x` up to 1, 2, 2.5 or 5 times a power of ten.
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let exp = x.log10().floor();
    let base = 10f64.powf(exp);
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * base >= x - 1e-12 {
            return m * base;
        }
    }
    10.0 * base
}

/// The axis range: 0–1 for rates; for others from min(0, lowest) to max(0, highest), rounded
/// out to a nice number, so zero is always on the axis.
pub fn axis_for(indicator: Indicator, values: impl Iterator<Item = f64>) -> (f64, f64) {
    if indicator.is_rate() {
        return (0.0, 1.0);
    }
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let hi = if hi > 0.0 { nice_ceiling(hi) } else { 0.0 };
    let lo = if lo < 0.0 { -nice_ceiling(-lo) } else { 0.0 };
    if hi == lo {
        (0.0, 1.0)
    } else {
        (lo, hi)
    }
}

/// A value in words: `84%`, `5 weeks`, `+18%`.
pub fn format_value(indicator: Indicator, v: f64) -> String {
    match indicator {
        Indicator::MedianWeeksToComplete => format!("{} weeks", fmt_num((v * 10.0).round() / 10.0)),
        Indicator::EarningsLift => format!("{:+.0}%", v * 100.0),
        _ => format!("{:.0}%", v * 100.0),
    }
}

fn format_tick(indicator: Indicator, v: f64) -> String {
    match indicator {
        Indicator::MedianWeeksToComplete => fmt_num((v * 100.0).round() / 100.0),
        _ => format!("{:.0}%", v * 100.0),
    }
}

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 260.0;

/// A bar chart of `slots` on the indicator's axis. `id` makes the SVG's ids unique on a page.
pub fn bar_chart(id: &str, title: &str, indicator: Indicator, slots: &[Slot]) -> Chart {
    let plot = Plot {
        left: 56.0,
        top: 16.0,
        width: WIDTH - 56.0 - 12.0,
        height: HEIGHT - 16.0 - 64.0,
    };
    let axis = axis_for(indicator, slots.iter().filter_map(|s| s.value));
    let y_of = |v: f64| plot.bottom() - (v - axis.0) / (axis.1 - axis.0) * plot.height;
    let zero_y = y_of(0.0);
    let n = slots.len().max(1) as f64;
    let step = plot.width / n;
    let bar_w = (step * 0.6).min(56.0);
    let id = escape_xml(id);
    let mut svg = String::new();
    let mut words = Vec::new();
    let mut marks = Vec::new();
    // Gridlines and ticks: five steps over the axis.
    let mut grid = String::new();
    for i in 0..=4 {
        let v = axis.0 + (axis.1 - axis.0) * i as f64 / 4.0;
        let y = y_of(v);
        grid.push_str(&format!(
            r#"<line class="chart-grid" x1="{l:.1}" x2="{r:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="chart-tick" x="{tx:.1}" y="{ty:.1}" text-anchor="end">{t}</text>"#,
            l = plot.left,
            r = plot.right(),
            tx = plot.left - 6.0,
            ty = y + 4.0,
            t = escape_xml(&format_tick(indicator, v)),
        ));
    }
    let mut bars = String::new();
    for (i, s) in slots.iter().enumerate() {
        let cx = plot.left + step * (i as f64 + 0.5);
        let small = s.cohort_size.is_some_and(|n| n < SMALL_COHORT);
        let size_text = match s.cohort_size {
            Some(n) if small => format!("n={n}, small"),
            Some(n) => format!("n={n}"),
            None => "n unknown".into(),
        };
        let rect = s.value.map(|v| {
            let y = y_of(v);
            let (top, h) = if y <= zero_y {
                (y, zero_y - y)
            } else {
                (zero_y, y - zero_y)
            };
            (cx - bar_w / 2.0, top, bar_w, h)
        });
        match (s.value, rect) {
            (Some(v), Some((x, y, w, h))) => {
                let value = format_value(indicator, v);
                bars.push_str(&format!(
                    r#"<rect class="chart-bar{cls}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}"{fill}/><text class="chart-value" x="{cx:.1}" y="{vy:.1}" text-anchor="middle">{value}</text>"#,
                    cls = if small { " chart-bar-small" } else { "" },
                    fill = if small { format!(r#" fill="url(#{id}-hatch)""#) } else { String::new() },
                    vy = if v >= 0.0 { y - 4.0 } else { y + h + 12.0 },
                    value = escape_xml(&value),
                ));
                words.push(format!("{}: {value} ({size_text})", s.label));
            }
            _ => {
                bars.push_str(&format!(
                    r#"<text class="chart-gap" x="{cx:.1}" y="{gy:.1}" text-anchor="middle">no data</text>"#,
                    gy = zero_y - 6.0,
                ));
                words.push(format!("{}: no data", s.label));
            }
        }
        bars.push_str(&format!(
            r#"<text class="chart-label" x="{cx:.1}" y="{ly:.1}" text-anchor="middle">{label}</text><text class="chart-size" x="{cx:.1}" y="{sy:.1}" text-anchor="middle">{size}</text>"#,
            ly = plot.bottom() + 18.0,
            sy = plot.bottom() + 34.0,
            label = escape_xml(&s.label),
            size = escape_xml(if s.value.is_some() { &size_text } else { "" }),
        ));
        marks.push(Mark {
            label: s.label.clone(),
            value: s.value,
            cohort_size: s.cohort_size,
            small,
            rect,
        });
    }
    let text = format!(
        "{title}{}: {}.",
        if indicator.is_rate() {
            " (axis 0 to 100%)"
        } else {
            ""
        },
        words.join("; ")
    );
    svg.push_str(&format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{t}</title><desc id="{id}-desc">{d}</desc><defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="chart-hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="chart-hatch"/></pattern></defs>"#,
        t = escape_xml(title),
        d = escape_xml(&text),
    ));
    svg.push_str(&grid);
    svg.push_str(&format!(
        r#"<line class="chart-axis" x1="{l:.1}" x2="{r:.1}" y1="{z:.1}" y2="{z:.1}"/><line class="chart-axis" x1="{l:.1}" x2="{l:.1}" y1="{t:.1}" y2="{b:.1}"/>"#,
        l = plot.left,
        r = plot.right(),
        z = zero_y,
        t = plot.top,
        b = plot.bottom(),
    ));
    svg.push_str(&bars);
    svg.push_str("</svg>");
    Chart {
        svg,
        plot,
        axis,
        zero: zero_y,
        marks,
        text,
    }
}

/// Rows of a bar chart drawn at most; a longer list is shown as a table only (the page says
/// so), since hundreds of bars are neither legible nor light.
pub const MAX_BARS: usize = 30;

const ROW: f64 = 26.0;
const LABEL_W: f64 = 200.0;
/// Wider than a column chart: the value, size and period are written after each bar.
const RANKED_WIDTH: f64 = 760.0;

/// Horizontal bars, one row per slot (a credential's newest cohort on the dashboard), on the
/// indicator's axis: the same honesty rules as [`bar_chart`], with room for long labels.
/// `None` when there are more than [`MAX_BARS`] slots.
pub fn ranked_bars(id: &str, title: &str, indicator: Indicator, slots: &[Slot]) -> Option<Chart> {
    if slots.is_empty() || slots.len() > MAX_BARS {
        return None;
    }
    let plot = Plot {
        left: LABEL_W,
        top: 8.0,
        width: 300.0,
        height: ROW * slots.len() as f64,
    };
    let height = plot.bottom() + 28.0;
    let axis = axis_for(indicator, slots.iter().filter_map(|s| s.value));
    let x_of = |v: f64| plot.left + (v - axis.0) / (axis.1 - axis.0) * plot.width;
    let zero = x_of(0.0);
    let id = escape_xml(id);
    let mut body = String::new();
    for i in 0..=4 {
        let v = axis.0 + (axis.1 - axis.0) * i as f64 / 4.0;
        let x = x_of(v);
        body.push_str(&format!(
            r#"<line class="chart-grid" x1="{x:.1}" x2="{x:.1}" y1="{t:.1}" y2="{b:.1}"/><text class="chart-tick" x="{x:.1}" y="{ty:.1}" text-anchor="middle">{tick}</text>"#,
            t = plot.top,
            b = plot.bottom(),
            ty = plot.bottom() + 16.0,
            tick = escape_xml(&format_tick(indicator, v)),
        ));
    }
    body.push_str(&format!(
        r#"<line class="chart-axis" x1="{l:.1}" x2="{r:.1}" y1="{b:.1}" y2="{b:.1}"/><line class="chart-axis" x1="{l:.1}" x2="{l:.1}" y1="{t:.1}" y2="{b:.1}"/>"#,
        l = plot.left,
        r = plot.right(),
        t = plot.top,
        b = plot.bottom(),
    ));
    if (zero - plot.left).abs() > 0.05 {
        body.push_str(&format!(
            r#"<line class="chart-zero" x1="{zero:.1}" x2="{zero:.1}" y1="{t:.1}" y2="{b:.1}"/>"#,
            t = plot.top,
            b = plot.bottom(),
        ));
    }
    let mut marks = Vec::new();
    let mut words = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        let cy = plot.top + ROW * (i as f64 + 0.5);
        let small = s.cohort_size.is_some_and(|n| n < SMALL_COHORT);
        let size_text = match s.cohort_size {
            Some(n) if small => format!("n={n}, small"),
            Some(n) => format!("n={n}"),
            None => "n unknown".into(),
        };
        let rect = s.value.map(|v| {
            let x = x_of(v);
            let (left, w) = if x >= zero {
                (zero, x - zero)
            } else {
                (x, zero - x)
            };
            (left, cy - ROW * 0.35, w, ROW * 0.7)
        });
        body.push_str(&format!(
            r#"<text class="chart-label" x="{lx:.1}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
            lx = plot.left - 6.0,
            ty = cy + 4.0,
            label = escape_xml(&s.label),
        ));
        match (s.value, rect) {
            (Some(v), Some((x, y, w, h))) => {
                let value = format_value(indicator, v);
                body.push_str(&format!(
                    r#"<rect class="chart-bar{cls}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}"{fill}/><text class="chart-value" x="{vx:.1}" y="{ty:.1}">{value} · {size}{note}</text>"#,
                    note = escape_xml(&s.note),
                    cls = if small { " chart-bar-small" } else { "" },
                    fill = if small { format!(r#" fill="url(#{id}-hatch)""#) } else { String::new() },
                    vx = if v >= 0.0 { x + w + 4.0 } else { zero + 4.0 },
                    ty = cy + 4.0,
                    value = escape_xml(&value),
                    size = escape_xml(&size_text),
                ));
                words.push(format!("{}{}: {value} ({size_text})", s.label, s.note));
            }
            _ => {
                body.push_str(&format!(
                    r#"<text class="chart-gap" x="{x:.1}" y="{ty:.1}">no data</text>"#,
                    x = zero + 4.0,
                    ty = cy + 4.0,
                ));
                words.push(format!("{}{}: no data", s.label, s.note));
            }
        }
        marks.push(Mark {
            label: s.label.clone(),
            value: s.value,
            cohort_size: s.cohort_size,
            small,
            rect,
        });
    }
    let text = format!(
        "{title}{}: {}.",
        if indicator.is_rate() {
            " (axis 0 to 100%)"
        } else {
            ""
        },
        words.join("; ")
    );
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-ranked" viewBox="0 0 {RANKED_WIDTH} {height:.0}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{t}</title><desc id="{id}-desc">{d}</desc><defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="chart-hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="chart-hatch"/></pattern></defs>{body}</svg>"#,
        t = escape_xml(title),
        d = escape_xml(&text),
    );
    Some(Chart {
        svg,
        plot,
        axis,
        zero,
        marks,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cohort(period: Period, size: Option<u64>, values: &[(Indicator, f64)]) -> Cohort {
        Cohort {
            label: period.label(),
            period,
            cohort_size: size,
            source: String::new(),
            values: values.to_vec(),
        }
    }

    fn inside(plot: &Plot, (x, y, w, h): (f64, f64, f64, f64)) -> bool {
        let e = 1e-9;
        x >= plot.left - e
            && y >= plot.top - e
            && x + w <= plot.right() + e
            && y + h <= plot.bottom() + e
            && w > 0.0
            && h >= 0.0
    }

    #[test]
    fn rates_start_at_zero_and_every_bar_is_inside_the_plot() {
        let y = |year| Period::Year { year };
        let series = [
            cohort(y(2021), Some(71), &[(Indicator::PassRate, 0.78)]),
            cohort(y(2022), Some(94), &[(Indicator::PassRate, 0.81)]),
            cohort(y(2024), Some(8), &[(Indicator::PassRate, 1.0)]),
            cohort(y(2025), Some(129), &[(Indicator::CompletionRate, 0.79)]),
        ];
        let chart = indicator_over_time(&series, Indicator::PassRate, "c1").unwrap();
        assert_eq!(chart.axis, (0.0, 1.0), "a rate axis runs from 0 to 100%");
        assert!((chart.zero - chart.plot.bottom()).abs() < 1e-9);
        // One mark per period from the first cohort to the last: 2023 is a gap, and 2025
        // (no pass rate) is one too.
        let labels: Vec<_> = chart.marks.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["2021", "2022", "2023", "2024", "2025"]);
        let drawn: Vec<_> = chart.marks.iter().filter(|m| m.rect.is_some()).collect();
        assert_eq!(drawn.len(), 3, "one bar per cohort with a value");
        assert!(chart.marks[2].rect.is_none() && chart.marks[4].rect.is_none());
        for m in &drawn {
            assert!(
                inside(&chart.plot, m.rect.unwrap()),
                "{m:?} outside {:?}",
                chart.plot
            );
        }
        // Heights are proportional to the value from zero.
        let h = |i: usize| chart.marks[i].rect.unwrap().3;
        assert!((h(0) / chart.plot.height - 0.78).abs() < 1e-9);
        assert!(
            (h(3) - chart.plot.height).abs() < 1e-9,
            "100% fills the plot"
        );
        assert!(chart.marks[3].small && !chart.marks[0].small);
        assert!(chart.svg.contains("n=8, small"));
        assert!(chart.text.contains("2023: no data"));
        assert!(chart.text.contains("2024: 100% (n=8, small)"));
        // Nothing draws across the gap: no path or polyline at all.
        assert!(!chart.svg.contains("<path") && !chart.svg.contains("<polyline"));
    }

    #[test]
    fn negative_values_hang_below_a_zero_line_inside_the_plot() {
        let h = |year, half| Period::Half { year, half };
        let series = [
            cohort(h(2024, 1), Some(20), &[(Indicator::EarningsLift, -0.05)]),
            cohort(h(2024, 2), Some(20), &[(Indicator::EarningsLift, 0.22)]),
        ];
        let chart = indicator_over_time(&series, Indicator::EarningsLift, "e").unwrap();
        assert!(chart.axis.0 < 0.0 && chart.axis.1 >= 0.22);
        let (_, y, _, hgt) = chart.marks[0].rect.unwrap();
        assert!(
            (y - chart.zero).abs() < 1e-9 && hgt > 0.0,
            "hangs from zero"
        );
        let (_, y2, _, h2) = chart.marks[1].rect.unwrap();
        assert!((y2 + h2 - chart.zero).abs() < 1e-9, "stands on zero");
        for m in &chart.marks {
            assert!(inside(&chart.plot, m.rect.unwrap()));
        }
    }

    #[test]
    fn weeks_use_a_zero_based_axis_rounded_up() {
        let series = [cohort(
            Period::Year { year: 2025 },
            None,
            &[(Indicator::MedianWeeksToComplete, 44.0)],
        )];
        let chart = indicator_over_time(&series, Indicator::MedianWeeksToComplete, "w").unwrap();
        assert_eq!(chart.axis, (0.0, 50.0));
        assert!(chart.text.contains("44 weeks (n unknown)"));
        assert!(indicator_over_time(&series, Indicator::PassRate, "w").is_none());
    }

    #[test]
    fn every_label_is_escaped() {
        let slots = [Slot {
            label: "<script>alert(1)</script>\"&'".into(),
            value: Some(0.5),
            cohort_size: Some(12),
            note: String::new(),
        }];
        let chart = bar_chart("x\"><script>", "T<i>", Indicator::PassRate, &slots);
        assert!(!chart.svg.contains("<script>"));
        assert!(!chart.svg.contains("<i>"));
        assert!(chart
            .svg
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&apos;"));
    }

    #[test]
    fn ranked_bars_start_at_zero_and_stay_inside_the_plot() {
        let slot = |label: &str, v: Option<f64>, n| Slot {
            label: label.into(),
            value: v,
            cohort_size: n,
            note: String::new(),
        };
        let slots = [
            slot("A (2024)", Some(0.71), Some(22)),
            slot("B (2025-H2)", Some(0.84), Some(6)),
            slot("C (2025)", Some(0.0), None),
        ];
        let chart = ranked_bars("d", "Placement", Indicator::PlacementRate, &slots).unwrap();
        assert_eq!(chart.axis, (0.0, 1.0));
        assert!((chart.zero - chart.plot.left).abs() < 1e-9);
        assert_eq!(chart.marks.len(), 3, "one row per credential");
        for m in &chart.marks {
            let (x, y, w, h) = m.rect.unwrap();
            assert!((x - chart.zero).abs() < 1e-9, "starts at zero");
            assert!(
                x + w <= chart.plot.right() + 1e-9
                    && y >= chart.plot.top
                    && y + h <= chart.plot.bottom()
            );
        }
        let w = |i: usize| chart.marks[i].rect.unwrap().2;
        assert!((w(0) / chart.plot.width - 0.71).abs() < 1e-9);
        assert_eq!(w(2), 0.0, "a zero rate is an empty bar, not a missing one");
        assert!(chart.marks[1].small);
        assert!(chart.text.contains("B (2025-H2): 84% (n=6, small)"));
        let lift = [
            slot("D", Some(-0.05), Some(30)),
            slot("E", Some(0.2), Some(30)),
        ];
        let chart = ranked_bars("e", "Lift", Indicator::EarningsLift, &lift).unwrap();
        let (x0, _, w0, _) = chart.marks[0].rect.unwrap();
        assert!(
            (x0 + w0 - chart.zero).abs() < 1e-9,
            "a negative bar ends at zero"
        );
        assert!(x0 >= chart.plot.left - 1e-9);
        assert!(chart.svg.contains("chart-zero"));
        let many: Vec<Slot> = (0..=MAX_BARS)
            .map(|i| slot(&i.to_string(), Some(0.5), None))
            .collect();
        assert!(ranked_bars("m", "Many", Indicator::PassRate, &many).is_none());
    }
}

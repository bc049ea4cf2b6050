//! Charts and the campaign graph as SVG drawn on the server: the geometry is computed here and
//! `templates/charts.html` writes it out (escaped like every template), so the pages need no
//! script and no inline style. Colours come from classes in the stylesheet.

/// Width of every chart's coordinate system; the SVG scales to the page.
const WIDTH: f64 = 600.0;

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A column per day.
pub struct ColumnChart {
    pub id: &'static str,
    pub label: String,
    pub height: f64,
    pub columns: Vec<Column>,
    /// The y axis: its largest value and where it is drawn.
    pub max_label: String,
    pub ticks: Vec<Tick>,
    pub baseline: f64,
    pub left: f64,
}

pub struct Column {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The tooltip: the day and its count.
    pub title: String,
}

pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// Columns for `(label, value)` pairs; every `tick_every`-th label is written under the axis.
pub fn columns(
    id: &'static str,
    label: String,
    points: &[(String, i64)],
    tick_every: usize,
) -> ColumnChart {
    let (left, top, baseline) = (40.0, 10.0, 170.0);
    let max = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let count = points.len().max(1) as f64;
    let step = (WIDTH - left - 5.0) / count;
    let columns = points
        .iter()
        .enumerate()
        .map(|(i, (day, value))| {
            let h = (baseline - top) * (*value as f64) / (max as f64);
            Column {
                x: round(left + step * i as f64 + step * 0.15),
                y: round(baseline - h),
                w: round(step * 0.7),
                h: round(h),
                title: format!("{day}: {value}"),
            }
        })
        .collect();
    let ticks = points
        .iter()
        .enumerate()
        .filter(|(i, _)| tick_every > 0 && (points.len() - 1 - i) % tick_every == 0)
        .map(|(i, (day, _))| Tick {
            x: round(left + step * (i as f64 + 0.5)),
            label: day.clone(),
        })
        .collect();
    ColumnChart {
        id,
        label,
        height: 195.0,
        columns,
        max_label: max.to_string(),
        ticks,
        baseline,
        left,
    }
}

/// Horizontal bars in rows, each row with one or more bars (e.g. demanded and paid).
pub struct BarChart {
    pub id: &'static str,
    pub label: String,
    pub height: f64,
    pub rows: Vec<BarRow>,
}

pub struct BarRow {
    pub label: String,
    /// A page about the row, when there is one.
    pub href: Option<String>,
    pub y: f64,
    pub bars: Vec<Bar>,
}

pub struct Bar {
    pub y: f64,
    pub w: f64,
    /// `a`, `b`: the series, styled by the stylesheet.
    pub class: &'static str,
    pub text: String,
    pub text_x: f64,
}

/// One row of a bar chart before layout: its label, link and `(value, shown as, series)`.
pub struct RowInput {
    pub label: String,
    pub href: Option<String>,
    pub values: Vec<(f64, String, &'static str)>,
}

/// Lays out rows; with `per_row_scale` each row is scaled to its own largest value (amounts in
/// different currencies do not compare), else all rows share one scale.
pub fn bars(id: &'static str, label: String, rows: Vec<RowInput>, per_row_scale: bool) -> BarChart {
    let (left, bar_h, gap) = (4.0, 14.0, 3.0);
    let span = WIDTH - left - 110.0;
    let global = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|(v, _, _)| *v))
        .fold(0.0_f64, f64::max);
    let mut y = 0.0;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let max = if per_row_scale {
            row.values
                .iter()
                .map(|(v, _, _)| *v)
                .fold(0.0_f64, f64::max)
        } else {
            global
        };
        let row_y = y;
        y += 18.0;
        let bars = row
            .values
            .into_iter()
            .map(|(value, text, class)| {
                let w = if max > 0.0 && value.is_finite() {
                    (span * value / max).max(if value > 0.0 { 2.0 } else { 0.0 })
                } else {
                    0.0
                };
                let bar = Bar {
                    y: round(y),
                    w: round(w),
                    class,
                    text,
                    text_x: round(left + w + 6.0),
                };
                y += bar_h + gap;
                bar
            })
            .collect();
        y += 10.0;
        out.push(BarRow {
            label: shorten(&row.label, 60),
            href: row.href,
            y: round(row_y + 13.0),
            bars,
        });
    }
    BarChart {
        id,
        label,
        height: round(y.max(20.0)),
        rows: out,
    }
}

/// Text cut to `max` characters with an ellipsis, for labels that must fit.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The campaign graph: reports as nodes on a circle, an edge wherever two reports share an
/// indicator or an image.
pub struct Graph {
    pub id: &'static str,
    pub label: String,
    pub size: f64,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Reports left out of the drawing (very large campaigns).
    pub hidden: usize,
}

pub struct Node {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub title: String,
    pub href: String,
    /// The report's status, for its colour.
    pub class: &'static str,
}

pub struct Edge {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    /// `indicator` or `image`.
    pub class: &'static str,
}

/// Most reports drawn in one graph: beyond that a circle of dots says nothing.
pub const MAX_GRAPH_NODES: usize = 60;

/// Lays out `(report id, tooltip, status class)` nodes and `(a, b, class)` edges.
pub fn graph(
    id: &'static str,
    label: String,
    reports: &[(i64, String, &'static str)],
    links: &[(i64, i64, &'static str)],
) -> Graph {
    let size = 420.0;
    let centre = size / 2.0;
    let shown = &reports[..reports.len().min(MAX_GRAPH_NODES)];
    let radius = if shown.len() <= 1 { 0.0 } else { centre - 40.0 };
    let position = |i: usize| {
        let angle = std::f64::consts::TAU * i as f64 / shown.len().max(1) as f64
            - std::f64::consts::FRAC_PI_2;
        (
            round(centre + radius * angle.cos()),
            round(centre + radius * angle.sin()),
        )
    };
    let nodes: Vec<Node> = shown
        .iter()
        .enumerate()
        .map(|(i, (report, title, class))| {
            let (x, y) = position(i);
            Node {
                x,
                y,
                label: format!("#{report}"),
                title: title.clone(),
                href: format!("/phan-tich/bao-cao/{report}"),
                class,
            }
        })
        .collect();
    let index = |report: i64| shown.iter().position(|(r, _, _)| *r == report);
    let edges = links
        .iter()
        .filter_map(|(a, b, class)| {
            let (a, b) = (index(*a)?, index(*b)?);
            Some(Edge {
                x1: nodes[a].x,
                y1: nodes[a].y,
                x2: nodes[b].x,
                y2: nodes[b].y,
                class,
            })
        })
        .collect();
    Graph {
        id,
        label,
        size,
        nodes,
        edges,
        hidden: reports.len() - shown.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_and_scale() {
        let points: Vec<(String, i64)> = (0..30).map(|d| (format!("{d}"), d % 4)).collect();
        let chart = columns("c", "x".into(), &points, 7);
        assert_eq!(chart.columns.len(), 30);
        assert!(chart
            .columns
            .iter()
            .all(|c| c.x >= 40.0 && c.x + c.w <= WIDTH));
        assert!(chart
            .columns
            .iter()
            .all(|c| c.y >= 10.0 && c.y + c.h <= 170.01));
        assert_eq!(chart.ticks.last().map(|t| t.label.as_str()), Some("29"));
        assert_eq!(chart.max_label, "3");
        // No reports at all still draws an empty chart.
        let empty = columns("c", "x".into(), &[("a".into(), 0)], 1);
        assert_eq!(empty.columns[0].h, 0.0);
    }

    #[test]
    fn graph_edges_join_drawn_nodes_only() {
        let reports: Vec<(i64, String, &str)> =
            (1..=3).map(|i| (i, String::new(), "received")).collect();
        let g = graph(
            "g",
            "x".into(),
            &reports,
            &[(1, 2, "indicator"), (2, 99, "image")],
        );
        assert_eq!(g.nodes.len(), 3);
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.hidden, 0);
    }
}

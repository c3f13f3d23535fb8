//! Charts drawn by the server as SVG and HTML: they need no JavaScript, print, and scale with
//! the page. Each bar carries its exact figure as a tooltip (`<title>`), and every chart is
//! paired with a table by the page that uses it, for screen readers and for copying.

use leptos::prelude::*;

/// One coloured series of a column chart; `class` picks its colour in `style/main.css`
/// (`.chart-a`, `.chart-b`, …).
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub class: &'static str,
}

/// The columns of one category (a month), one value per series.
#[derive(Clone, Debug)]
pub struct ColumnGroup {
    pub label: String,
    pub values: Vec<i64>,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
const GRID_LINES: i64 = 4;

/// A round top for the axis at or above `max`: 1, 2, 2.5 or 5 times a power of ten, so the
/// grid lines fall on readable figures.
pub fn axis_top(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut power = 1_i64;
    while power.saturating_mul(10) <= max {
        power *= 10;
    }
    for step in [1, 2, 5, 10] {
        // 2.5 × power when it is whole: 25, 250, …
        if step == 5 && power >= 10 && power / 2 * 5 >= max {
            return power / 2 * 5;
        }
        if power.saturating_mul(step) >= max {
            return power.saturating_mul(step);
        }
    }
    power.saturating_mul(10)
}

/// Grouped columns with a value axis. `format` writes a value for the axis and tooltips.
#[component]
pub fn ColumnChart(
    /// What the chart shows, for assistive technology.
    label: String,
    series: Vec<Series>,
    groups: Vec<ColumnGroup>,
    format: Callback<i64, String>,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter().copied())
        .max()
        .unwrap_or(0);
    let top = axis_top(max) as f64;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let y_of = |value: f64| TOP + plot_height * (1.0 - (value / top).clamp(0.0, 1.0));
    let group_width = (WIDTH - LEFT - RIGHT) / groups.len().max(1) as f64;
    let bar_width = (group_width * 0.8) / series.len().max(1) as f64;
    let grid = (0..=GRID_LINES)
        .map(|i| {
            let value = top * i as f64 / GRID_LINES as f64;
            let y = y_of(value);
            view! {
                <line class="chart-grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y/>
                <text class="chart-axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">
                    {format.run(value.round() as i64)}
                </text>
            }
        })
        .collect_view();
    let columns = groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let x0 = LEFT + group_width * g as f64 + group_width * 0.1;
            let bars = group
                .values
                .iter()
                .zip(series.iter())
                .enumerate()
                .map(|(s, (value, serie))| {
                    let y = y_of((*value).max(0) as f64);
                    let tip = format!("{} · {}: {}", group.label, serie.label, format.run(*value));
                    view! {
                        <rect
                            class=format!("chart-bar {}", serie.class)
                            x=x0 + bar_width * s as f64
                            y=y
                            width=(bar_width - 2.0).max(1.0)
                            height=(TOP + plot_height - y).max(0.0)
                        >
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label_x = LEFT + group_width * (g as f64 + 0.5);
            view! {
                {bars}
                <text class="chart-axis" x=label_x y=HEIGHT - 8.0 text-anchor="middle">
                    {group.label.clone()}
                </text>
            }
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="chart-legend">
                {series.iter().map(|s| view! {
                    <li><span class=format!("chart-swatch {}", s.class) aria-hidden="true"></span>{s.label.clone()}</li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <figure class="chart" data-testid=test_id>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=label
                preserveAspectRatio="xMidYMid meet"
            >
                {grid}
                {columns}
            </svg>
            {legend}
        </figure>
    }
}

/// One bar of a horizontal bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// What is written beside the bar (the value, formatted, and any count).
    pub caption: String,
    pub class: &'static str,
    pub href: Option<String>,
}

/// Horizontal bars scaled to the largest, in HTML so that long labels wrap.
#[component]
pub fn BarList(
    label: String,
    bars: Vec<Bar>,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    view! {
        <ul class="bar-list" aria-label=label data-testid=test_id>
            {bars.into_iter().map(|bar| {
                let percent = (bar.value.max(0) as f64 / max as f64 * 100.0).clamp(0.0, 100.0);
                let name = match bar.href {
                    Some(href) => view! { <a href=href>{bar.label}</a> }.into_any(),
                    None => view! { <span>{bar.label}</span> }.into_any(),
                };
                view! {
                    <li>
                        <span class="bar-label">{name}</span>
                        <span class="bar-track">
                            <span class=format!("bar-fill {}", bar.class) style=format!("width: {percent:.1}%")></span>
                        </span>
                        <span class="bar-caption">{bar.caption}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::axis_top;

    #[test]
    fn the_axis_ends_on_a_round_figure() {
        assert_eq!(axis_top(0), 1);
        assert_eq!(axis_top(7), 10);
        assert_eq!(axis_top(10), 10);
        assert_eq!(axis_top(11), 20);
        assert_eq!(axis_top(23), 25);
        assert_eq!(axis_top(26), 50);
        assert_eq!(axis_top(51), 100);
        assert_eq!(axis_top(1_000), 1_000);
        assert_eq!(axis_top(1_350_000), 2_000_000);
        assert_eq!(axis_top(2_400_000), 2_500_000);
        assert_eq!(axis_top(7_654_321), 10_000_000);
    }
}

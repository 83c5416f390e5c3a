/// The one stylesheet: a light, print-friendly theme with every color of the pages and
/// charts fixed here. Only local system fonts; no `url(…)`, no `@import`.
public enum HTMLStyle {
    public static let css = """
    :root { color-scheme: light; }
    body { margin: 0; background: #ffffff; color: #1f2328;
      font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
    h1 { font-size: 24px; margin: 0 0 16px; }
    h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
    h3, h4, h5, h6 { font-size: 16px; margin: 20px 0 8px; }
    p { margin: 8px 0; }
    table { border-collapse: collapse; margin: 12px 0; font-size: 13px; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; }
    th { background: #f3f5f7; font-weight: 600; }
    tbody tr:nth-child(even) td:not([class*="status-"]) { background: #fafbfc; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    td.status-ok { color: #1a7f37; background: #eaf6ec; }
    td.status-warning { color: #8a5a00; background: #fff5d6; }
    td.status-alert { color: #b42318; background: #fdecea; font-weight: 600; }
    td.status-muted { color: #6e7781; }
    .badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-size: 12px;
      font-weight: 600; border: 1px solid; }
    .badge.status-ok { color: #1a7f37; background: #eaf6ec; border-color: #1a7f37; }
    .badge.status-warning { color: #8a5a00; background: #fff5d6; border-color: #bf8700; }
    .badge.status-alert { color: #b42318; background: #fdecea; border-color: #b42318; }
    .badge.status-muted { color: #57606a; background: #f3f5f7; border-color: #8c959f; }
    figure.chart { margin: 12px 0 20px; max-width: 960px; }
    svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
    svg.chart text { fill: #1f2328; font-size: 12px; }
    svg.chart .chart-title { font-size: 14px; font-weight: 600; }
    svg.chart .tick { fill: #57606a; font-size: 11px; }
    svg.chart .grid { stroke: #e4e7eb; stroke-width: 1; }
    svg.chart .axis { stroke: #8c959f; stroke-width: 1; }
    svg.chart .plot-frame { fill: #fafbfc; stroke: #d0d7de; }
    svg.chart .no-data { fill: #6e7781; font-size: 16px; font-style: italic; }
    svg.chart .bin-hit { fill: transparent; }
    svg.chart .bin:hover .bin-hit { fill: #f3f5f7; }
    svg.chart .bar-reference { fill: #8c959f; }
    svg.chart .bar-current { fill: #0969da; }
    svg.chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
    svg.chart .point { stroke: #ffffff; stroke-width: 1; }
    svg.chart .threshold { stroke: #b42318; stroke-width: 1.5; stroke-dasharray: 6 4; }
    svg.chart .heat-base { fill: #ffffff; stroke: #d0d7de; }
    svg.chart .heat { fill: #0969da; }
    svg.chart text.heat-count { fill: #1f2328; font-size: 13px; }
    svg.chart text.heat-count.strong { fill: #ffffff; font-weight: 600; }
    svg.chart .series-0 { stroke: #0969da; } svg.chart circle.series-0 { fill: #0969da; }
    svg.chart .series-1 { stroke: #bc4c00; } svg.chart circle.series-1 { fill: #bc4c00; }
    svg.chart .series-2 { stroke: #1a7f37; } svg.chart circle.series-2 { fill: #1a7f37; }
    svg.chart .series-3 { stroke: #8250df; } svg.chart circle.series-3 { fill: #8250df; }
    svg.chart .series-4 { stroke: #bf3989; } svg.chart circle.series-4 { fill: #bf3989; }
    svg.chart .series-5 { stroke: #57606a; } svg.chart circle.series-5 { fill: #57606a; }
    pre, code { font: 12.5px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    pre { margin: 6px 0; padding: 8px 12px; overflow-x: auto; white-space: pre-wrap; }
    p code, li code { background: #f3f5f7; padding: 1px 4px; border-radius: 4px; }
    .notebook-meta { color: #57606a; margin: -8px 0 20px; }
    section.cell { margin: 18px 0; }
    .cell-code { border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
    .cell-code pre { margin: 0; }
    .cell-label { font-size: 12px; color: #57606a; padding: 4px 12px 0; }
    .cell-label .cached { color: #1a7f37; }
    .cell-output { border-left: 3px solid #d0d7de; margin: 6px 0 0; padding-left: 10px; }
    .cell-output pre.stream { background: none; padding: 4px 0; }
    .cell-output pre.stderr { color: #8a5a00; }
    .cell-output pre.error { color: #b42318; background: #fdecea; border-radius: 4px; }
    .cell-output pre.value { color: #1f2328; padding: 4px 0; }
    @media print {
      main { max-width: none; padding: 0; }
      figure.chart, table { break-inside: avoid; }
      svg.chart .bin:hover .bin-hit { fill: transparent; }
    }
    """
}

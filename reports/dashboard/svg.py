"""Small hand-written inline SVG charts: a line against the norm, a sparkline, bars.

Chosen over Altair + vl-convert (STACK-NOTES: 0.4 s a chart; a gemeente has ~20 charts, which
alone would break the 5 s goal) and because we then control the accessibility: each chart is one
`<svg role="img" aria-label="...">` with a one-sentence description, its marks hidden from screen
readers (the table beside it has the numbers), colours with a contrast of at least 4.5:1 against
white, the norm a dashed line with its label in text. No JavaScript, no fonts of its own (it inherits
the page's system font). Every text is escaped (`markupsafe`)."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from reports.dashboard.model import Chart
from reports.phrases import dutch_number

LINE = "#1d4f91"  # 8.6:1 on white
NORM = "#3d3d3d"
GRID = "#d0d0d0"
BAR = "#1d4f91"
TEXT = "#1a1a1a"


def render(chart: Chart) -> Markup:
    if chart.kind == "bar":
        return bar_chart(chart)
    return sparkline(chart) if chart.small else line_chart(chart)


def _svg(chart: Chart, width: int, height: int, body: str) -> Markup:
    return Markup(
        f'<svg class="chart chart-{chart.kind}{" chart-small" if chart.small else ""}" role="img" '
        f'aria-label="{escape(chart.description)}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMidYMid meet" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<g aria-hidden="true">{body}</g></svg>'
    )


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def y_range(values: list[float], norm: float | None, percent: bool) -> tuple[float, float, float]:
    """(low, high, step): a percentage axis within 0-100 around the data and the norm; a count from 0."""
    seen = [v for v in values if v is not None] + ([norm] if norm is not None else [])
    if not seen:
        return 0.0, 100.0 if percent else 1.0, 25.0 if percent else 1.0
    if percent:
        low = max(0.0, math.floor((min(seen) - 5) / 10) * 10)
        high = min(100.0, math.ceil((max(seen) + 2) / 10) * 10)
        high = max(high, low + 10)
        return low, high, _nice_step(high - low)
    high = max(seen) * 1.1 or 1.0
    step = _nice_step(high)
    return 0.0, math.ceil(high / step) * step, step


def tick_text(tick: float, step: float, unit: str) -> str:
    """An axis label: '80 %', '2,5 %' (a decimal only where the step has one), '1.200'."""
    return dutch_number(tick, 0 if float(step).is_integer() else 1) + (" %" if unit == "%" else "")


def _points(values: list[float | None], x, y) -> list[list[tuple[float, float]]]:
    """The line's runs: a month without a value breaks the line (no data is not 0)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((x(i), y(v)))
    return [r for r in runs if r]


def line_chart(chart: Chart) -> Markup:
    # narrow on purpose: on a phone (about 330 px) the 18-unit text still reads at 12 px
    width, height, left, right, top, bottom = 480, 300, 64, 84, 16, 44
    values = chart.series[0].values
    low, high, step = y_range([v for v in values if v is not None], chart.norm, chart.unit == "%")
    n = max(len(values), 2)

    def x(i: int) -> float:
        return left + i * (width - left - right) / (n - 1)

    def y(v: float) -> float:
        return top + (high - v) * (height - top - bottom) / (high - low)

    parts = []
    tick = low
    while tick <= high + 1e-9:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 8}" y="{y(tick) + 6:.1f}" text-anchor="end" font-size="18" fill="{TEXT}">'
            f"{escape(tick_text(tick, step, chart.unit))}</text>"
        )
        tick += step
    for i, label in enumerate(chart.categories):
        if n > 7 and (n - 1 - i) % 3:
            continue  # every third month, ending on the last: the labels must not overlap
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle" font-size="18" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    if chart.norm is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(chart.norm):.1f}" y2="{y(chart.norm):.1f}" '
            f'stroke="{NORM}" stroke-width="2" stroke-dasharray="8 5"/>'
            f'<text x="{width - right + 6}" y="{y(chart.norm) + 5:.1f}" font-size="18" fill="{TEXT}">'
            f"{escape(chart.norm_label)}</text>"
        )
    for run in _points(values, x, y):
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="3"/>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{LINE}"/>' for px, py in run]
    parts += _partial_marks(chart, x, y, 6)
    return _svg(chart, width, height, "".join(parts))


def _partial_marks(chart: Chart, x, y, r: float) -> list[str]:
    """An open circle on a month the data does not fully cover: it is not a normal month (the table
    and the description say up to which day)."""
    values = chart.series[0].values
    return [
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{r}" fill="#fff" stroke="{LINE}" stroke-width="2.5"/>'
        for i, (v, partial) in enumerate(zip(values, chart.partial, strict=False))
        if partial and v is not None
    ]


def sparkline(chart: Chart) -> Markup:
    """The tile's trend: the line against the dashed norm, the last value marked; no axis text."""
    width, height, pad = 240, 56, 6
    values = chart.series[0].values
    low, high, _ = y_range([v for v in values if v is not None], chart.norm, chart.unit == "%")
    n = max(len(values), 2)

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / (n - 1)

    def y(v: float) -> float:
        return pad + (high - v) * (height - 2 * pad) / (high - low)

    parts = []
    if chart.norm is not None:
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{y(chart.norm):.1f}" y2="{y(chart.norm):.1f}" '
            f'stroke="{NORM}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    runs = _points(values, x, y)
    for run in runs:
        parts.append(
            f'<polyline points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in run)}" fill="none" '
            f'stroke="{LINE}" stroke-width="2.5"/>'
        )
    if runs:
        px, py = runs[-1][-1]
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{LINE}"/>')
    parts += _partial_marks(chart, x, y, 3.5)
    return _svg(chart, width, height, "".join(parts))


def bar_chart(chart: Chart) -> Markup:
    """Horizontal bars, one per category, the value in text at the end of each bar."""
    values = chart.series[0].values
    row, left, right, top = 40, 150, 90, 8
    width, height = 480, top * 2 + row * len(values)
    high = max([v for v in values if v is not None] or [1.0]) or 1.0
    parts = []
    for i, (label, value) in enumerate(zip(chart.categories, values, strict=True)):
        y0 = top + i * row
        length = 0 if value is None else (width - left - right) * value / high
        parts.append(
            f'<text x="{left - 8}" y="{y0 + row / 2 + 5:.1f}" text-anchor="end" font-size="18" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y0 + 5}" width="{length:.1f}" height="{row - 10}" fill="{BAR}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y0 + row / 2 + 5:.1f}" font-size="18" fill="{TEXT}">'
            f"{escape('–' if value is None else dutch_number(value, 0))}</text>"
        )
    return _svg(chart, width, height, "".join(parts))

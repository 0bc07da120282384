"""A measure's trend line as a small inline SVG chart: the figures plotted, the target dashed, the alt text as its
`<title>`; pure, deterministic text."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import TrendLine

WIDTH, HEIGHT, PAD = 120.0, 36.0, 3.0
LINE, TARGET = "#1F3864", "#9C0006"  # the figures navy, the target dashed dark red (apart in greyscale too)


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    return (low - 1.0, high + 1.0) if low == high else (low, high)


def trend_svg(line: TrendLine, chart_id: str) -> Markup:
    """The SVG of `line`, labelled by its `<title>` (the line's alt text, naming the target): the plotted figures
    as a polyline (a gap for a blank or suppressed one), each as a dot, and the targets as a dashed line. Empty
    markup when nothing is plotted."""
    plotted = [p.plotted for p in line.points]
    targets = [p.target for p in line.points]
    values = [v for v in (*plotted, *targets) if v is not None]
    if not any(v is not None for v in plotted):
        return Markup("")
    low, high = _scale(values)
    step = (WIDTH - 2 * PAD) / max(len(line.points) - 1, 1)

    def xy(i: int, v: float) -> str:
        y = HEIGHT - PAD - (v - low) / (high - low) * (HEIGHT - 2 * PAD)
        return f"{PAD + i * step:.2f},{y:.2f}"

    runs: list[list[str]] = [[]]
    for i, v in enumerate(plotted):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(xy(i, v))
    parts = [
        f'<polyline points="{" ".join(r)}" fill="none" stroke="{LINE}" stroke-width="1.2"/>' for r in runs if len(r) > 1
    ]
    parts += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="1.3" fill="{LINE}"/>' for r in runs for p in r]
    target_points = [xy(i, t) for i, t in enumerate(targets) if t is not None]
    if len(target_points) > 1:
        parts.insert(
            0,
            f'<polyline points="{" ".join(target_points)}" fill="none" stroke="{TARGET}" stroke-width="0.8" '
            'stroke-dasharray="3 2"/>',
        )
    title = escape(line.with_target or line.description)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}" '
        f'viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" width="{WIDTH:.0f}" height="{HEIGHT:.0f}">'
        f'<title id="{chart_id}">{title}</title>{"".join(parts)}</svg>'
    )

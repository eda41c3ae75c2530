"""Bar charts as inline SVG, drawn by matplotlib.

Text is drawn as glyph outlines (matplotlib's DejaVu Sans, which has
every Kazakh letter), so a chart looks the same on any machine and needs
no font, file or request when the page opens.  Each chart's element ids
get a prefix of their own, so that several charts can share one page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("svg", force=False)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

#: Okabe-Ito colours: told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999")
SEVERITY_COLOURS = {"error": "#D55E00", "warning": "#E69F00", "info": "#56B4E9"}

_RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "esep",          # the same ids for the same chart: pages can be compared
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}
WIDTH_IN = 9.5       # horizontal bars: room for the names
WIDTH_IN_COLUMNS = 7.5
MAX_LABEL = 60


@dataclass
class Bars:
    """One series of a bar chart."""

    label: str
    values: list[int]
    colour: str


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _svg(fig: Figure, prefix: str, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', text)
    width = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', text)
    text = re.sub(r'(<svg[^>]*?)\s+width="[\d.]+pt"\s+height="[\d.]+pt"', r"\1", text, count=1)
    style = f' style="max-width:{float(width.group(1)) * 4 / 3:.0f}px"' if width else ""
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg", f'<svg class="chart" role="img" aria-label="{label}"{style}', 1)


def bar_chart(prefix: str, title: str, categories: list[str], series: list[Bars], *,
              horizontal: bool = False, stacked: bool = False, number: Callable[[float], str] = lambda v: f"{v:g}",
              reverse: bool = True, legend: bool | None = None) -> str:
    """Bars (side by side, or ``stacked``) for ``categories``; horizontal
    bars list the first category at the top unless ``reverse`` is False.
    The legend names the series when there are several, or when ``legend``."""
    n = len(categories)
    with matplotlib.rc_context(_RC):
        if horizontal:
            per_bar = 0.28 * (1 if stacked else max(1, len(series)))
            height = max(1.6, 0.6 + n * max(per_bar, 0.3))
        else:
            height = 3.0
        fig = Figure(figsize=(WIDTH_IN if horizontal else WIDTH_IN_COLUMNS, height))
        ax = fig.add_subplot()
        positions = list(range(n))[::-1] if horizontal and reverse else list(range(n))
        width = (0.8 if horizontal or n > 3 else 0.5) / (1 if stacked else max(1, len(series)))
        base = [0.0] * n
        for k, s in enumerate(series):
            offset = 0.0 if stacked else (k - (len(series) - 1) / 2) * width
            if horizontal:
                offset = -offset  # the first series above the next, as the legend lists them
            where = [p + offset for p in positions]
            if horizontal:
                bars = ax.barh(where, s.values, height=width, left=base if stacked else None,
                               color=s.colour, label=s.label)
            else:
                bars = ax.bar(where, s.values, width=width, bottom=base if stacked else None,
                              color=s.colour, label=s.label)
            if not stacked:
                ax.bar_label(bars, labels=[number(v) if v else "" for v in s.values], padding=2, fontsize=8)
            if stacked:
                base = [b + v for b, v in zip(base, s.values)]
        if stacked:
            ends = [(p, b) for p, b in zip(positions, base)]
            for p, b in ends:
                if b:
                    xy = (b, p) if horizontal else (p, b)
                    ax.annotate(number(b), xy, xytext=(3, 0) if horizontal else (0, 3), textcoords="offset points",
                                ha="left" if horizontal else "center", va="center" if horizontal else "bottom",
                                fontsize=8)
        labels = [_short(c) for c in categories]
        value_axis = ax.xaxis if horizontal else ax.yaxis
        value_axis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v)))
        if horizontal:
            ax.set_yticks(positions, labels)
            ax.margins(x=0.12)
        else:
            ax.set_xticks(positions, labels)
            ax.margins(y=0.12)
        if legend or (legend is None and len(series) > 1):
            ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1), ncols=len(series),
                      borderaxespad=0.2)
        fig.tight_layout()
        return _svg(fig, prefix, title)

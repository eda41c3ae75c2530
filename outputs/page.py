"""The summary page: one self-contained HTML document from a ``Summary``.

No script, no stylesheet, font or image from elsewhere: the charts are
inline SVG, the style is in the page, and a Content-Security-Policy says
so to the browser.  Each figure says what it counts and keeps its numbers
in a table beside it; each report links to its source file, each finding
to its page.
"""

from __future__ import annotations

import datetime as dt

from esep.outputs import i18n
from esep.outputs.charts import PALETTE, SEVERITY_COLOURS, Bars, bar_chart
from esep.outputs.figures import Series, Summary
from esep.outputs.html import CSP, STYLE, Linker, empty_figure, esc, figure, table

#: At most this many reports in the plan and fact chart (the largest figures).
PLAN_BARS = 40


class Page:
    """Renders one summary in one language."""

    def __init__(self, summary: Summary, lang: str, linker: Linker, *, dataset: str, meta: dict,
                 version: str | None):
        self.s, self.lang, self.link = summary, lang, linker
        self.dataset, self.meta, self.version = dataset, meta, version
        self._charts = 0

    # ------------------------------------------------------------ words
    def t(self, key: str, **values) -> str:
        return i18n.text(self.lang, key, **values)

    def label(self, group: str, value) -> str:
        return i18n.label(self.lang, group, value)

    def n(self, value) -> str:
        return i18n.number(self.lang, value)

    def report_name(self, ref) -> str:
        year = ref.year if ref.year is not None else self.label("year", None)
        return f"{ref.grantee or ref.source_file} ({self.label('report_type', ref.report_type)}, {year})"

    def series_name(self, key: str, group: str | None) -> str:
        if group:
            return self.label(group, key)
        return self.t("col_count") if key == "n" else self.t(key) if key in i18n.TEXT else key

    def place(self, place) -> str:
        if place.table is None or place.row is None:
            return ""
        return esc(self.t("place", table=place.table, row=place.row)) + "<br>"

    # ------------------------------------------------------------ charts
    def chart(self, ident: str, title_key: str, counts: str, series: Series, group: str, *,
              series_group: str | None = None, colours: dict[str, str] | None = None, horizontal: bool = True,
              stacked: bool = False, reverse: bool = True, category_names: list[str] | None = None) -> str:
        title = self.t(title_key)
        if series.empty:
            return empty_figure(self.lang, ident, title, counts)
        self._charts += 1
        names = category_names or [self.label(group, c) for c in series.categories]
        bars = [Bars(self.series_name(k, series_group), v, (colours or {}).get(k, PALETTE[i % len(PALETTE)]))
                for i, (k, v) in enumerate(series.values.items())]
        svg = bar_chart(f"c{self._charts}", title, names, bars, horizontal=horizontal, stacked=stacked,
                        number=self.n, reverse=reverse, legend=series_group is not None or len(bars) > 1)
        header = [esc(self.t("col_category"))] + [esc(b.label) for b in bars]
        rows = [[esc(name)] + [self.n(b.values[i]) for b in bars] for i, name in enumerate(names)]
        if len(bars) > 1:
            header.append(esc(self.t("total")))
            for i, row in enumerate(rows):
                row.append(self.n(series.total(i)))
        numbers = table(header, rows, numeric=set(range(1, len(header))))
        return figure(self.lang, ident, title, counts, svg, numbers)

    # ------------------------------------------------------------ sections
    def header(self) -> str:
        created = self.meta.get("created_at") or ""
        made = self.t("made_from", path=self.dataset, version=self.version or "—", date=created[:16].replace("T", " "),
                      parser=self.meta.get("parser_version") or "—")
        kpis = "".join(f'<li data-kpi="{k}"><b>{self.n(v)}</b>{esc(self.t(k))}</li>' for k, v in self.s.kpis.items())
        nav = "".join(f'<a href="#{i}">{esc(self.t(k))}</a>' for i, k in (
            ("coverage", "h_coverage"), ("plan", "h_plan"), ("reach", "h_reach"), ("demographics", "h_demo"),
            ("findings", "h_findings")))
        return (f"<header><h1>{esc(self.t('title'))}</h1><p class=meta>{esc(made)}</p>"
                f"<p class=note>{esc(self.t('counted_once', copies=self.n(self.s.copies)))}</p>"
                f'<ul class="kpis">{kpis}</ul><nav>{nav}</nav></header>')

    def coverage(self) -> str:
        s = self.s
        parts = [f'<section id="coverage"><h2>{esc(self.t("h_coverage"))}</h2>',
                 self.chart("fig-year-type", "f_year_type", self.t("c_year_type"), s.year_type, "year",
                            series_group="report_type", horizontal=False, stacked=True,
                            category_names=[c or self.label("year", None) for c in s.year_type.categories]),
                 self.chart("fig-language", "f_language", self.t("c_language"), s.language, "language"),
                 self.chart("fig-region", "f_region", self.t("c_region"), s.region, "region"),
                 f'<h3 id="files">{esc(self.t("h_files"))}</h3><p class=counts><b>{esc(self.t("counts"))}</b> '
                 f'{esc(self.t("c_files"))}</p>',
                 table([esc(self.t("col_status")), esc(self.t("col_count"))],
                       [[esc(self.label("status", k)) + f" <code>{esc(k)}</code>", self.n(v)]
                        for k, v in zip(s.files.categories, s.files.values.get("n", []))], numeric={1}),
                 f'<h3 id="failed">{esc(self.t("h_failed"))}</h3>']
        if s.failed:
            parts.append(table([esc(self.t("col_file")), esc(self.t("col_reason"))],
                               [[self.link.file(f.source_file), esc(f.error)] for f in s.failed], css="failed"))
        else:
            parts.append(f'<p class=none>{esc(self.t("none_failed"))}</p>')
        parts.append(f'<h3 id="reports">{esc(self.t("h_reports"))}</h3>')
        header = [self.t(k) for k in ("col_grantee", "col_type", "col_year", "col_language", "col_region",
                                       "col_file", "col_findings")]
        rows = [[esc(r.grantee or "—"), esc(self.label("report_type", r.report_type)),
                 esc(r.year if r.year is not None else "—"), esc(self.label("language", r.language)),
                 esc(self.label("region", r.region)), self.link.file(r.source_file),
                 f'<a href="#r-{esc(r.report_id)}">{self.n(r.findings)}</a>' if r.findings else "0"]
                for r in s.reports]
        parts.append(table([esc(h) for h in header], rows, numeric={2, 6}, css="reports"))
        return "".join(parts) + "</section>"

    def plan(self) -> str:
        s = self.s
        rows = [p for p in s.plan if p.planned is not None or p.actual is not None]
        counts = self.t("c_plan")
        if len(rows) > PLAN_BARS:  # a readable chart: the largest; the table below has them all
            shown = sorted(rows, key=lambda p: -max(p.planned or 0, p.actual or 0))[:PLAN_BARS]
            rows = [p for p in rows if p in shown]
            counts += " " + self.t("c_plan_top", shown=self.n(PLAN_BARS), total=self.n(len(s.plan)))
        series = Series([p.report.report_id for p in rows],
                        {"planned": [p.planned or 0 for p in rows], "actual": [p.actual or 0 for p in rows]})
        parts = [f'<section id="plan"><h2>{esc(self.t("h_plan"))}</h2>',
                 self.chart("fig-plan", "f_plan", counts, series, "",
                            category_names=[self.report_name(p.report) for p in rows])]
        header = [self.t(k) for k in ("col_report", "col_activities", "col_with_plan", "col_planned", "col_actual",
                                       "col_project_total", "col_under")]
        body = [[esc(self.report_name(p.report)) + "<br>" + self.link.file(p.report.source_file),
                 self.n(p.activities), self.n(p.with_plan), self.n(p.planned), self.n(p.actual),
                 f"{self.n(p.total_planned)} / {self.n(p.total_actual)}", self.n(p.under)] for p in s.plan]
        parts.append(table([esc(h) for h in header], body, numeric={1, 2, 3, 4, 5, 6}, css="plan"))
        parts.append(f'<h3 id="under">{esc(self.t("h_under"))}</h3><p class=counts><b>{esc(self.t("counts"))}</b> '
                     f'{esc(self.t("c_under"))}</p>')
        if s.under:
            header = [self.t(k) for k in ("col_report", "col_activity", "col_planned", "col_actual", "col_where")]
            body = [[esc(self.report_name(u.report)), f"{u.activity_seq}. {esc(u.title or '—')}", self.n(u.planned),
                     self.n(u.actual), self.place(u.place) + self.link.page(self.lang, u.report.source_file,
                                                                             u.place.page)]
                    for u in s.under]
            parts.append(table([esc(h) for h in header], body, numeric={2, 3}, css="under"))
        else:
            parts.append(f'<p class=none>{esc(self.t("none_under"))}</p>')
        return "".join(parts) + "</section>"

    def reach(self) -> str:
        s = self.s
        chart = self.chart("fig-reach", "f_reach", self.t("c_reach", flagged=self.n(s.reach_flagged)), s.reach,
                           "platform", series_group="section", stacked=True)
        header = [self.t("col_platform"), self.t("col_rows")]
        rows = [[esc(self.label("platform", p)), self.n(s.reach_rows[p])] for p in s.reach.categories]
        return (f'<section id="reach"><h2>{esc(self.t("h_reach"))}</h2>{chart}'
                f'{table([esc(h) for h in header], rows, numeric={1})}</section>')

    def demographics(self) -> str:
        s = self.s
        return "".join([
            f'<section id="demographics"><h2>{esc(self.t("h_demo"))}</h2><p class=counts>'
            f'<b>{esc(self.t("counts"))}</b> '
            f'{esc(self.t("c_demo", with_tables=self.n(s.demo_reports), reports=self.n(s.counted)))}</p>',
            self.chart("fig-gender", "f_gender", self.t("c_gender"), s.gender_year, "year", series_group="gender",
                       horizontal=False, stacked=True,
                       category_names=[c or self.label("year", None) for c in s.gender_year.categories]),
            self.chart("fig-age", "f_age", self.t("c_age"), s.age, "age", reverse=False,
                       colours={"n": PALETTE[2]}),
            self.chart("fig-status", "f_status", self.t("c_status"), s.social_status, "social_status",
                       colours={"n": PALETTE[4]}),
            "</section>"])

    def findings(self) -> str:
        s = self.s
        codes = [c.code for c in s.codes]
        codes = list(dict.fromkeys(codes))
        severities = [sev for sev in ("error", "warning", "info") if any(c.severity == sev for c in s.codes)]
        series = Series(codes, {sev: [sum(c.count for c in s.codes if c.code == code and c.severity == sev)
                                      for code in codes] for sev in severities})
        parts = [f'<section id="findings"><h2>{esc(self.t("h_findings"))}</h2>',
                 self.chart("fig-findings", "f_findings", self.t("c_findings"), series, "",
                            series_group="severity", colours=SEVERITY_COLOURS, stacked=True, category_names=codes)]
        header = [self.t(k) for k in ("col_code", "col_severity", "col_count", "col_meaning")]
        rows = [[f"<code>{esc(c.code)}</code>", f'<span class="sev-{esc(c.severity)}">'
                 f'{esc(self.label("severity", c.severity))}</span>', self.n(c.count), esc(c.meaning)]
                for c in s.codes]
        parts.append(table([esc(h) for h in header], rows, numeric={2}, css="codes"))
        parts.append(f'<div class="report-findings"><h3 id="per-report">{esc(self.t("h_per_report"))}</h3>')
        header = [self.t(k) for k in ("col_severity", "col_code", "col_message", "col_where", "col_value")]
        for ref, items in s.per_report:
            rows = [[f'<span class="sev-{esc(f.severity)}">{esc(self.label("severity", f.severity))}</span>',
                     f"<code>{esc(f.code)}</code>", esc(f.message),
                     esc(f.location or "") + "<br>" + self.link.page(self.lang, ref.source_file, f.place.page),
                     esc(f.value or "")] for f in items]
            parts.append(f'<details id="r-{esc(ref.report_id)}" class="report"><summary>'
                         f'<b>{esc(self.report_name(ref))}</b>: {self.n(len(items))} — {esc(ref.source_file)}'
                         f'</summary><p>{self.link.file(ref.source_file)}</p>')
            parts.append(table([esc(h) for h in header], rows, css="findings") + "</details>")
        return "".join(parts) + "</div></section>"

    def document(self) -> str:
        body = "".join([self.header(), self.coverage(), self.plan(), self.reach(), self.demographics(),
                        self.findings()])
        written = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return (f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{esc(self.t('title'))}</title><style>{STYLE}</style></head>"
                f"<body>{body}<footer>{esc(self.t('footer'))} {esc(written)}</footer></body></html>\n")

"""The evaluation's charts, drawn by the shared chart module: a community's trend (average per kind over
its last rounds) and a comparison of communities (one bar each). A group below ``MIN_SHOWN`` answers is
drawn as no bar at all, and its label says why, so a hidden figure never reads as a low score."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core.charts import Drawn, Series, bar_chart, draw, horizontal_bar_chart
from handlers.evaluation.text import Speaker
from models.evaluation.store import Kind, RoundResult
from models.places import Place


async def trend_chart(
    speak: Speaker, community: Place, results: Sequence[RoundResult], *, titled: bool = True
) -> Drawn:
    periods = [speak.round_period(result) for result in results]
    series = [
        Series(speak.kind(kind), [result.group(kind).average or 0.0 for result in results])
        for kind in Kind
        if any(result.group(kind).shown for result in results)
    ]
    return await draw(
        bar_chart,
        periods,
        series or [Series(speak.kind(Kind.overall), [0.0] * len(results))],
        title=speak.t("evaluation-chart-trend", community=community.name(speak.language)),
        x_label=speak.t("evaluation-chart-periods"),
        y_label=speak.t("evaluation-chart-average"),
        show_title=titled,
    )


async def compare_chart(
    speak: Speaker, period: str, rows: Sequence[tuple[Place, RoundResult | None]], *, titled: bool = True
) -> Drawn:
    names, values = [], []
    for community, result in rows:
        group = result.group(Kind.overall) if result is not None else None
        average = group.average if group is not None else None
        name = community.name(speak.language)
        if result is None:
            name = speak.t("evaluation-chart-none", name=name)
        elif average is None:
            name = speak.t("evaluation-chart-hidden", name=name)
        names.append(name)
        values.append(average or 0.0)
    return await draw(
        horizontal_bar_chart,
        names,
        [Series(speak.kind(Kind.overall), values)],
        title=speak.t("evaluation-chart-compare", period=period),
        x_label=speak.t("evaluation-chart-average"),
        show_title=titled,
    )

"""The /stats chart: cases of the place by category and by grid, in the reader's language, drawn by the
shared chart module (handlers.core.charts)."""

from __future__ import annotations

from handlers.core.charts import Series, draw, horizontal_bar_chart
from handlers.core.scope import Speaker
from models.grid.stats import GridStats


async def stats_chart(speak: Speaker, stats: GridStats, place: str) -> bytes:
    rows = [*stats.by_category, *stats.by_grid]
    names = [row.name(speak.language) for row in rows]
    drawn = await draw(
        horizontal_bar_chart,
        names,
        [Series(speak.t("grid-stats-chart-cases"), [float(row.count) for row in rows])],
        title=speak.t("grid-stats-chart-title", place=place, total=stats.total),
        x_label=speak.t("grid-stats-chart-axis"),
    )
    return drawn.png

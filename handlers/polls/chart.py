"""A poll's result as a chart, in the reader's language (drawn by handlers.core.charts)."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core.charts import Series, bar_chart, draw, horizontal_bar_chart
from handlers.core.scope import Speaker
from models.polls.store import Poll, PollKind, PollOption, Tally, star_counts


async def results_chart(speak: Speaker, poll: Poll, options: Sequence[PollOption], result: Tally) -> bytes:
    title = speak.t("polls-chart-title", title=poll.title(speak.language), ballots=result.ballots)
    series_name = speak.t("polls-chart-axis")
    if poll.kind is PollKind.score:
        stars = star_counts(result)
        drawn = await draw(
            bar_chart,
            [speak.t("polls-stars", stars=star) for star, _count in stars],
            [Series(series_name, [float(count) for _star, count in stars])],
            title=title,
            x_label="",
            y_label=series_name,
        )
        return drawn.png
    drawn = await draw(
        horizontal_bar_chart,
        [option.text(speak.language) for option in options],
        [Series(series_name, [float(result.count(option.id)) for option in options])],
        title=title,
        x_label=series_name,
    )
    return drawn.png

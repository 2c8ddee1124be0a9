"""Texts of the residents' evaluation in any person's language: a round's period, a score as it may be
shown (nothing below ``MIN_SHOWN``), a round's summary. The chat, the timers and the console share them."""

from __future__ import annotations

import handlers.core.scope as core_scope
from handlers.core.messages import Button
from handlers.evaluation.buttons import EvaluationStart
from models.evaluation.store import MIN_SHOWN, Group, Kind, RoundResult, Usage

COMMENTS_IN_CHAT = 5
NAMES_SHOWN = 3


class Speaker(core_scope.Speaker):
    """The core speaker with the evaluation's phrases."""

    def period(self, year: int, month: int, months: int) -> str:
        """A quarter as a quarter ("2026年第3季度"); any other length by its first month."""
        quarter = (month - 1) // 3 + 1 if months == 3 else 0
        return self.t("evaluation-period", year=str(year), month=month, quarter=quarter)  # not "2,026"

    def round_period(self, result: RoundResult) -> str:
        start = result.round.period_start
        return self.period(start.year, start.month, result.round.period_months)

    def kind(self, kind: Kind) -> str:
        return self.t("evaluation-kind", kind=kind.value)

    def score(self, group: Group) -> str:
        """ "4.2 分 (12 份)", or that there are too few answers to say anything."""
        if group.average is None:
            return self.t("evaluation-too-few", min=MIN_SHOWN)
        return self.t("evaluation-score", average=f"{group.average:.1f}", count=group.count)

    def answered(self, result: RoundResult) -> str:
        count = result.answered.shown_count
        if count is None:
            return self.t("evaluation-too-few", min=MIN_SHOWN)
        return self.t("evaluation-answered-count", count=count, invited=result.round.invited)

    def usage(self, usage: Usage) -> str:
        names = self.t("list-separator").join(usage.names(self.language)[:NAMES_SHOWN])
        return self.t("evaluation-used", kind=usage.kind.value, names=names, count=usage.count)

    def start_button(self, round_id: int) -> Button:
        return self.button("evaluation-start-button", EvaluationStart(round_id))

    def summary(self, result: RoundResult) -> str:
        """One round: who answered, each kind's score, the comments when there are enough of them."""
        lines = [
            self.t("evaluation-summary-line", kind=self.kind(kind), score=self.score(result.group(kind)))
            for kind in Kind
        ]
        comments = "\n".join(
            self.t("evaluation-comment-line", text=text) for text in result.comments[:COMMENTS_IN_CHAT]
        )
        return self.t(
            "evaluation-summary",
            community=result.community.name(self.language),
            period=self.round_period(result),
            answered=self.answered(result),
            scores="\n".join(lines),
            comments=comments,
            hidden="yes" if result.comments_hidden else "no",
            min=MIN_SHOWN,
        )

"""The demo's finished evaluation rounds (config/demo/evaluation.toml): answers without people, as every
answer is kept, and counts that show a trend, a comparison and one group too small to show."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.evaluation.store import COMMENT, SERVICE_KINDS, EvaluationAnswer, EvaluationRound, Kind
from models.places import place_by_code

DEMO_OPEN_DAYS = 14


async def load_evaluation_demo(session: AsyncSession) -> None:
    """No timers and no invitations: the rounds are history, and the demo's outbox must start empty."""
    for item in load_feature_demo("evaluation").get("rounds", []):
        community = await place_by_code(session, item["community"])
        if community is None:
            continue
        opened = datetime.fromisoformat(item["opened"])
        closes = opened + timedelta(days=DEMO_OPEN_DAYS)
        evaluation = EvaluationRound(
            community_id=community.id,
            period_start=date.fromisoformat(item["period"]),
            period_months=3,
            opened_at=opened,
            closes_at=closes,
            closed_at=closes,
            reminded_at=closes - timedelta(days=3),
            invited=item["invited"],
            answered=item["answered"],
        )
        session.add(evaluation)
        await session.flush()
        for kind in (Kind.overall, *SERVICE_KINDS):
            for score in item.get(kind.value, []):
                session.add(EvaluationAnswer(round_id=evaluation.id, community_id=community.id, kind=kind, score=score))
        for text in item.get("comments", []):
            session.add(EvaluationAnswer(round_id=evaluation.id, community_id=community.id, kind=COMMENT, comment=text))
    await session.flush()

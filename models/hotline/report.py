"""Evaluate (评): per provider and month — cases, acceptance rate, on-time rate, average rating, reopens."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.hotline.cases import HotlineEvent, HotlineOffer, HotlineRequest, OfferOutcome
from models.hotline.catalogue import HotlineProvider, all_providers


@dataclass(frozen=True)
class ProviderMonth:
    provider: HotlineProvider
    offers: int  # offers made to it
    accepted: int  # offers it accepted: its cases
    done: int  # cases it finished
    on_time: int  # of those, done by the completion deadline
    ratings: int
    rating_total: int
    reopens: int

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.offers if self.offers else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.done if self.done else None

    @property
    def average_rating(self) -> float | None:
        return self.rating_total / self.ratings if self.ratings else None


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """'2026-11' -> [1 Nov 00:00 local, 1 Dec 00:00 local)."""
    year, number = (int(part) for part in month.split("-"))
    if not 1 <= number <= 12:
        raise ValueError(f"not a month: {month}")
    start = datetime(year, number, 1, tzinfo=tz)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
    return start, end


async def provider_report(session: AsyncSession, month: str, tz: ZoneInfo) -> list[ProviderMonth]:
    start, end = month_bounds(month, tz)
    offers = (
        await session.execute(
            select(HotlineOffer.provider_id, HotlineOffer.outcome).where(
                HotlineOffer.offered_at >= start, HotlineOffer.offered_at < end
            )
        )
    ).all()
    finished = (
        await session.execute(
            select(HotlineRequest.provider_id, HotlineRequest.done_at, HotlineRequest.completion_due_at).where(
                HotlineRequest.done_at >= start, HotlineRequest.done_at < end
            )
        )
    ).all()
    rated = (
        await session.execute(
            select(HotlineRequest.provider_id, HotlineRequest.rating).where(
                HotlineRequest.closed_at >= start, HotlineRequest.closed_at < end, HotlineRequest.rating.is_not(None)
            )
        )
    ).all()
    reopens = (
        await session.scalars(
            select(HotlineEvent.provider_id).where(
                HotlineEvent.kind == "reopened", HotlineEvent.at >= start, HotlineEvent.at < end
            )
        )
    ).all()
    rows = []
    for provider in await all_providers(session):
        mine = [outcome for provider_id, outcome in offers if provider_id == provider.id]
        done: list[tuple[datetime, datetime]] = [
            (at, due) for provider_id, at, due in finished if provider_id == provider.id and at is not None
        ]
        ratings: list[int] = [
            rating for provider_id, rating in rated if provider_id == provider.id and rating is not None
        ]
        rows.append(
            ProviderMonth(
                provider=provider,
                offers=len(mine),
                accepted=sum(1 for outcome in mine if outcome is OfferOutcome.accepted),
                done=len(done),
                on_time=sum(1 for at, due in done if at <= due),
                ratings=len(ratings),
                rating_total=sum(ratings),
                reopens=sum(1 for provider_id in reopens if provider_id == provider.id),
            )
        )
    return rows


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}"


def report_csv(rows: Sequence[ProviderMonth], month: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "month",
            "provider_code",
            "provider",
            "offers",
            "cases",
            "acceptance_rate_percent",
            "done",
            "on_time",
            "on_time_rate_percent",
            "ratings",
            "average_rating",
            "reopens",
        ]
    )
    for row in rows:
        average = row.average_rating
        writer.writerow(
            [
                month,
                row.provider.code,
                row.provider.name_zh,
                row.offers,
                row.accepted,
                _percent(row.acceptance_rate),
                row.done,
                row.on_time,
                _percent(row.on_time_rate),
                row.ratings,
                "" if average is None else f"{average:.1f}",
                row.reopens,
            ]
        )
    return out.getvalue()

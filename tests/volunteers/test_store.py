"""The volunteer rules on SQLite and PostgreSQL: atomic accepting under real concurrency, dispatch
ranking, declining, withdrawing, hours and the opt-in ranking."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from models.db import make_sessionmaker
from models.errors import DomainError
from models.people import Person
from models.places import Place, place_by_code
from models.volunteers.store import (
    DAYS,
    OfferStatus,
    TaskStatus,
    VolunteerOffer,
    VolunteerProfile,
    VolunteerStatus,
    VolunteerTask,
    add_offers,
    answer_offer,
    create_task,
    first_wave,
    hours_summary,
    monthly_ranking,
    public_ranking,
    rank_candidates,
    report_done,
    review_profile,
    second_wave,
    submit_profile,
    verify_hours,
    withdraw,
)

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # Monday 08:00 in Shanghai
START = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
WINDOW = timedelta(minutes=30)


async def _volunteer(
    session: AsyncSession,
    name: str,
    skills: list[str],
    area: str,
    *,
    days: list[str] | None = None,
    slots: list[str] | None = None,
    ranking: bool = False,
) -> VolunteerProfile:
    community = await place_by_code(session, "yuntang")
    place = await place_by_code(session, area)
    assert community is not None
    assert place is not None
    person = Person(display_name=name, community_id=community.id, consented_at=NOW)
    session.add(person)
    await session.flush()
    profile = await submit_profile(
        session,
        person,
        skills=skills,
        areas=[place.id],
        days=days or list(DAYS),
        slots=slots or ["am", "pm", "eve"],
        share_phone=False,
        in_ranking=ranking,
    )
    await review_profile(session, profile, person, approve=True, now=NOW)
    return profile


async def _task(
    session: AsyncSession, places: int = 1, skill: str = "meals", where: str = "yuntang-b3"
) -> VolunteerTask:
    community = await place_by_code(session, "yuntang")
    place = await place_by_code(session, where)
    assert community is not None
    return await create_task(
        session,
        community,
        title="送午饭",
        skill=skill,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        places_needed=places,
        estimated_minutes=60,
        now=NOW,
        place=place,
    )


@pytest.fixture
def maker(demo_db: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(demo_db)


async def test_accepting_never_overfills_under_concurrency(maker: async_sessionmaker[AsyncSession]) -> None:
    """Eight volunteers press "accept" at the same moment on a task with three places: three get it."""
    async with maker() as session, session.begin():
        profiles = [await _volunteer(session, f"志愿者{i}", ["meals"], "yuntang-g1") for i in range(8)]
        task = await _task(session, places=3)
        created = await add_offers(session, task, profiles, NOW, WINDOW)
        pairs = [(offer.id, profile.person_id) for offer, profile in zip(created, profiles, strict=True)]
        task_id = task.id
    start = asyncio.Event()

    async def press(offer_id: int, person_id: int) -> str:
        async with maker() as session:  # one session (connection) per volunteer, as in production
            await start.wait()
            try:
                async with session.begin():
                    await answer_offer(session, offer_id, person_id, accept=True, now=NOW + timedelta(minutes=1))
                return "accepted"
            except DomainError as refusal:
                return refusal.message_id

    presses = [asyncio.create_task(press(*pair)) for pair in pairs]
    await asyncio.sleep(0)
    start.set()
    results = await asyncio.gather(*presses)
    assert sorted(results) == ["accepted"] * 3 + ["volunteers-task-full"] * 5
    async with maker() as session:
        stored = await session.get(VolunteerTask, task_id)
        assert stored is not None
        assert (stored.places_taken, stored.status) == (3, TaskStatus.filled)
        rows = (await session.scalars(select(VolunteerOffer).where(VolunteerOffer.task_id == task_id))).all()
        assert sorted(o.status.value for o in rows) == ["accepted"] * 3 + ["expired"] * 5


async def test_dispatch_ranking(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session, session.begin():
        busy = await _volunteer(session, "忙碌", ["meals"], "yuntang-b3")
        fresh = await _volunteer(session, "空闲", ["meals"], "yuntang-g1")
        weekend = await _volunteer(session, "周末", ["meals"], "yuntang-g1", days=["sat", "sun"])
        elsewhere = await _volunteer(session, "别处", ["meals"], "yuntang-g3")
        other_skill = await _volunteer(session, "巡逻", ["patrol"], "yuntang-b3")
        evenings = await _volunteer(session, "晚上", ["meals"], "yuntang-b3", slots=["eve"])
        # "busy" took two tasks recently: the fresh volunteer comes first.
        for _ in range(2):
            done = await _task(session)
            (offer,) = await add_offers(session, done, [busy], NOW, WINDOW)
            await answer_offer(session, offer.id, busy.person_id, accept=True, now=NOW)
        task = await _task(session, places=1)
        candidates = await rank_candidates(session, task, TZ, NOW - timedelta(days=30))
        names = {
            p.id: n
            for p, n in [
                (busy, "忙碌"),
                (fresh, "空闲"),
                (weekend, "周末"),
                (elsewhere, "别处"),
                (other_skill, "巡逻"),
                (evenings, "晚上"),
            ]
        }
        ordered = [names[c.profile.id] for c in candidates]
        assert ordered == ["空闲", "忙碌", "周末", "晚上", "别处", "巡逻"]
        assert [names[p.id] for p in first_wave(candidates, 1, 2)] == ["空闲", "忙碌"]
        assert [names[p.id] for p in first_wave(candidates, 1, 1)] == ["空闲"]
        assert [names[p.id] for p in second_wave(candidates)] == ["空闲", "忙碌", "周末", "晚上", "别处"]


async def test_decline_withdraw_and_late_answers(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session, session.begin():
        a = await _volunteer(session, "甲", ["meals"], "yuntang-g1")
        b = await _volunteer(session, "乙", ["meals"], "yuntang-g1")
        task = await _task(session, places=1)
        offer_a, offer_b = await add_offers(session, task, [a, b], NOW, WINDOW)
        await answer_offer(session, offer_a.id, a.person_id, accept=False, now=NOW)
        with pytest.raises(DomainError) as refused:
            await answer_offer(session, offer_a.id, a.person_id, accept=False, now=NOW)
        assert refused.value.message_id == "volunteers-already-declined"
        # A declined volunteer is never a candidate for that task again.
        candidates = await rank_candidates(session, task, TZ, NOW)
        assert [c.profile.id for c in candidates if c.profile.id in (a.id, b.id)] == []
        with pytest.raises(DomainError) as other:  # someone else's offer
            await answer_offer(session, offer_b.id, a.person_id, accept=True, now=NOW)
        assert other.value.message_id == "volunteers-not-yours"
        await answer_offer(session, offer_b.id, b.person_id, accept=True, now=NOW)
        assert task.status is TaskStatus.filled
        reopened = await withdraw(session, offer_b, NOW + timedelta(hours=1))
        assert (reopened.places_taken, reopened.status, offer_b.status) == (0, TaskStatus.open, OfferStatus.withdrawn)
        with pytest.raises(DomainError):
            await answer_offer(session, offer_b.id, b.person_id, accept=True, now=NOW)  # withdrawn is final


async def test_hours_and_the_opt_in_ranking(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session, session.begin():
        shown = await _volunteer(session, "愿意上榜", ["meals"], "yuntang-g1", ranking=True)
        hidden = await _volunteer(session, "低调", ["meals"], "yuntang-g1", ranking=False)
        staff = await session.scalar(select(Person).where(Person.display_name == "周丽华"))
        assert staff is not None
        for profile, minutes in ((shown, 90), (hidden, 240), (shown, 60)):
            task = await _task(session)
            (offer,) = await add_offers(session, task, [profile], NOW, WINDOW)
            await answer_offer(session, offer.id, profile.person_id, accept=True, now=NOW)
            await report_done(session, offer, minutes=minutes, outcome="ok", now=START + timedelta(hours=1))
        await verify_hours(session, offer, staff, 30, START)  # the last 60 becomes 30
        summary = await hours_summary(session, shown.id, TZ)
        assert (summary.services, summary.minutes, summary.verified_minutes) == (2, 120, 30)
        assert summary.by_month == [("2026-06", 120)]
        assert summary.by_skill == [("meals", 120)]
        rows = await monthly_ranking(
            session, shown.community_id, datetime(2026, 5, 31, 16, tzinfo=UTC), datetime(2026, 6, 30, 16, tzinfo=UTC)
        )
        assert [(r.name, r.minutes) for r in rows] == [("低调", 240), ("愿意上榜", 120)]
        visible, others, others_minutes = public_ranking(rows)
        assert [r.name for r in visible] == ["愿意上榜"]
        assert (others, others_minutes) == (1, 240)
        earlier = await monthly_ranking(
            session, shown.community_id, datetime(2026, 4, 30, 16, tzinfo=UTC), datetime(2026, 5, 31, 16, tzinfo=UTC)
        )
        assert earlier == []


async def test_task_rules(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        qiaotou = await place_by_code(session, "qiaotou-b1")
        assert community is not None
        common = {"title": "x", "skill": "meals", "places_needed": 1, "estimated_minutes": 60, "now": NOW}
        with pytest.raises(DomainError, match="volunteers-task-past"):
            await create_task(session, community, starts_at=NOW, ends_at=NOW + timedelta(hours=1), **common)  # type: ignore[arg-type]
        with pytest.raises(DomainError, match="volunteers-task-bad-window"):
            await create_task(session, community, starts_at=START, ends_at=START, **common)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="outside"):
            await create_task(
                session,
                community,
                starts_at=START,
                ends_at=START + timedelta(hours=1),
                place=qiaotou,
                **common,  # type: ignore[arg-type]
            )
        profile = await _volunteer(session, "新人", ["meals"], "yuntang-g1")
        assert profile.status is VolunteerStatus.active
        place = await session.get(Place, profile.community_id)
        assert place is not None
        with pytest.raises(DomainError, match="volunteers-review-done"):
            await review_profile(session, profile, await session.get(Person, profile.person_id), approve=True, now=NOW)  # type: ignore[arg-type]

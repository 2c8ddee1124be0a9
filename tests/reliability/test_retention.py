"""Retention (PIPL's minimisation): photos and contact details of cases closed longer than the period, and
old sign-in records, are erased by housekeeping; open and recent ones are untouched. Both databases."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.housekeeping import housekeep_once, retention_once
from config.settings import Settings
from models.grid.store import CaseState, GridCase, GridCasePhoto, GridCategory
from models.hotline.cases import HotlineRequest, RequestStatus
from models.hotline.catalogue import HotlineCategory, HotlineService, PriceType
from models.media import MediaFile, save_media
from models.people import Person, Role
from models.places import Place, PlaceKind
from models.web import AuditEntry, CodePurpose, OneTimeCode, SignInAttempt, WebSession, digest

NOW = datetime(2027, 6, 1, 2, 0, tzinfo=UTC)
SETTINGS = Settings(retain_case_photos_days=180, retain_contact_days=90, retain_sign_ins_days=90)
OLD = NOW - timedelta(days=200)  # past every period
MIDDLE = NOW - timedelta(days=120)  # past the contact period, within the photo period
RECENT = NOW - timedelta(days=10)
PHONE = "13912345678"
Sessions = async_sessionmaker[AsyncSession]
T = TypeVar("T")


async def first(session: AsyncSession, model: type[T], *conditions: ColumnElement[bool]) -> T:
    found = await session.scalar(select(model).where(*conditions).limit(1))
    assert found is not None, model
    return found


async def grid_case(
    session: AsyncSession, state: CaseState, closed_at: datetime | None, photo: bytes, *, share: bool = True
) -> int:
    category = await first(session, GridCategory)
    grid = await first(session, Place, Place.kind == PlaceKind.grid)
    reporter = await first(session, Person)
    start = (closed_at or NOW) - timedelta(days=5)
    case = GridCase(
        category_id=category.id,
        reporter_id=reporter.id,
        description="楼道堆物",
        grid_id=grid.id,
        role=Role.grid_worker,
        state=state,
        share_contact=share,
        created_at=start,
        clock_started_at=start,
        assigned_at=start,
        accept_due_at=start,
        resolve_due_at=start,
        closed_at=closed_at,
    )
    session.add(case)
    await session.flush()
    media = await save_media(session, photo, "image/png", reporter.id)
    session.add(GridCasePhoto(case_id=case.id, media_id=media.id, created_at=start))
    await session.flush()
    return case.id


async def hotline_request(
    session: AsyncSession, status: RequestStatus, closed_at: datetime | None, photo: bytes, ticket: str
) -> int:
    service = await first(session, HotlineService)
    community = await first(session, Place, Place.kind == PlaceKind.community)
    requester = await first(session, Person)
    media = await save_media(session, photo, "image/jpeg", None)
    start = (closed_at or NOW) - timedelta(days=3)
    request = HotlineRequest(
        ticket=ticket,
        service_id=service.id,
        community_id=community.id,
        requester_id=requester.id,
        for_name="李奶奶",
        for_phone="13700000000",
        contact_phone=PHONE,
        address="格兰小镇3栋2单元301",
        status=status,
        created_at=start,
        response_due_at=start,
        completion_due_at=start,
        done_media_id=media.id,
        closed_at=closed_at,
    )
    session.add(request)
    await session.flush()
    return request.id


@pytest.fixture
async def world(sessionmaker: Sessions) -> None:
    """The least a case needs: a community with a grid, a resident, a grid category, a 12343 service."""
    async with sessionmaker() as session, session.begin():
        community = Place(kind=PlaceKind.community, code="c1", name_zh="云塘", name_en="Yuntang")
        session.add(community)
        await session.flush()
        session.add(Place(kind=PlaceKind.grid, code="g1", parent_id=community.id, name_zh="一网格", name_en="Grid 1"))
        session.add(Person(display_name="王秀英", phone=PHONE, community_id=community.id))
        session.add(GridCategory(code="clutter", name_zh="楼道堆物", name_en="Clutter"))
        category = HotlineCategory(code="home", name_zh="居家", name_en="Home")
        session.add(category)
        await session.flush()
        session.add(
            HotlineService(
                code="plumbing",
                category_id=category.id,
                name_zh="水管维修",
                name_en="Plumbing",
                price_type=PriceType.free,
            )
        )


@pytest.fixture
async def cases(world: None, sessionmaker: Sessions) -> dict[str, int]:
    async with sessionmaker() as session, session.begin():
        return {
            "grid_old": await grid_case(session, CaseState.closed, OLD, b"old-closed"),
            "grid_rejected_old": await grid_case(session, CaseState.rejected, OLD, b"old-rejected"),
            "grid_middle": await grid_case(session, CaseState.closed, MIDDLE, b"middle-closed"),
            "grid_recent": await grid_case(session, CaseState.closed, RECENT, b"recent-closed"),
            "grid_open": await grid_case(session, CaseState.in_progress, None, b"open"),
            "hotline_old": await hotline_request(session, RequestStatus.closed, OLD, b"job-old", "T-OLD"),
            "hotline_middle": await hotline_request(session, RequestStatus.cancelled, MIDDLE, b"job-mid", "T-MID"),
            "hotline_open": await hotline_request(session, RequestStatus.accepted, None, b"job-open", "T-OPEN"),
        }


async def photo_count(session: AsyncSession, case_id: int) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(GridCasePhoto).where(GridCasePhoto.case_id == case_id))
        or 0
    )


async def media_contents(session: AsyncSession) -> set[bytes]:
    rows = await session.execute(select(MediaFile.content))
    return {row[0] for row in rows}


async def test_photos_go_after_their_period_with_the_files(sessionmaker: Sessions, cases: dict[str, int]) -> None:
    erased = await retention_once(sessionmaker, NOW, SETTINGS)
    assert erased.photos == 3  # two old grid cases, one old hotline job
    async with sessionmaker() as session:
        assert [await photo_count(session, cases[name]) for name in ("grid_old", "grid_rejected_old")] == [0, 0]
        for name in ("grid_middle", "grid_recent", "grid_open"):
            assert await photo_count(session, cases[name]) == 1, name
        old = await session.get(HotlineRequest, cases["hotline_old"])
        middle = await session.get(HotlineRequest, cases["hotline_middle"])
        assert old is not None
        assert middle is not None
        assert old.done_media_id is None
        assert middle.done_media_id is not None
        contents = await media_contents(session)
    assert not {b"old-closed", b"old-rejected", b"job-old"} & contents  # the bytes are gone, not just the links
    assert {b"middle-closed", b"recent-closed", b"open", b"job-mid", b"job-open"} <= contents
    # Run again: nothing left to do.
    assert (await retention_once(sessionmaker, NOW, SETTINGS)).photos == 0


async def test_a_picture_still_used_elsewhere_is_kept(sessionmaker: Sessions, cases: dict[str, int]) -> None:
    """Identical files are stored once: an old case's picture that an open case or request also shows stays."""
    async with sessionmaker() as session, session.begin():
        shared = await grid_case(session, CaseState.accepted, None, b"old-closed")
        await hotline_request(session, RequestStatus.accepted, None, b"old-rejected", "T-SHARE")
    await retention_once(sessionmaker, NOW, SETTINGS)
    async with sessionmaker() as session:
        assert await photo_count(session, shared) == 1
        assert await photo_count(session, cases["grid_old"]) == 0
        assert await photo_count(session, cases["grid_rejected_old"]) == 0
        contents = await media_contents(session)
    assert {b"old-closed", b"old-rejected"} <= contents
    assert b"job-old" not in contents


async def test_contacts_are_blanked_after_their_period(sessionmaker: Sessions, cases: dict[str, int]) -> None:
    erased = await retention_once(sessionmaker, NOW, SETTINGS)
    # grid: old, rejected old, middle; hotline: old, middle (cancelled counts as finished).
    assert erased.contacts == 5
    async with sessionmaker() as session:
        for name in ("grid_old", "grid_rejected_old", "grid_middle"):
            case = await session.get(GridCase, cases[name])
            assert case is not None
            assert not case.share_contact, name
        for name in ("grid_recent", "grid_open"):
            case = await session.get(GridCase, cases[name])
            assert case is not None
            assert case.share_contact, name
        for name in ("hotline_old", "hotline_middle"):
            request = await session.get(HotlineRequest, cases[name])
            assert request is not None
            kept = (request.for_name, request.for_phone, request.contact_phone, request.address)
            assert kept == (None, None, None, ""), name
            assert request.status is RequestStatus(request.status)  # what the statistics need stays
        open_request = await session.get(HotlineRequest, cases["hotline_open"])
        assert open_request is not None
        assert (open_request.contact_phone, open_request.address) == (PHONE, "格兰小镇3栋2单元301")
    assert (await retention_once(sessionmaker, NOW, SETTINGS)).contacts == 0


async def test_sign_in_records_go_after_their_period(world: None, sessionmaker: Sessions) -> None:
    async with sessionmaker() as session, session.begin():
        person = await first(session, Person)
        for at in (OLD, RECENT):
            session.add(SignInAttempt(key="ip:10.0.0.1", at=at, succeeded=False))
            session.add(
                OneTimeCode(
                    person_id=person.id,
                    purpose=CodePurpose.console,
                    code_hash=digest(at.isoformat()),
                    created_at=at,
                    expires_at=at + timedelta(minutes=10),
                )
            )
            session.add(
                WebSession(
                    token_hash=digest(f"s{at}"),
                    person_id=person.id,
                    csrf_token="x",
                    created_at=at,
                    last_seen_at=at,
                    expires_at=at + timedelta(hours=12),
                )
            )
            session.add(AuditEntry(at=at, person_id=person.id, action="sign_in.code", detail={}))
            session.add(AuditEntry(at=at, person_id=person.id, action="sign_out", detail={}))
            session.add(AuditEntry(at=at, person_id=person.id, action="grid.accept", detail={}))
    erased = await retention_once(sessionmaker, NOW, SETTINGS)
    assert erased.sign_ins == 5  # attempt, code, session, sign-in and sign-out entries of long ago
    async with sessionmaker() as session:
        assert (await session.scalars(select(SignInAttempt.at))).all() == [RECENT]
        assert len((await session.scalars(select(OneTimeCode.id))).all()) == 1
        assert len((await session.scalars(select(WebSession.id))).all()) == 1
        left = sorted((entry.action, entry.at == OLD) for entry in (await session.scalars(select(AuditEntry))).all())
    # Staff actions stay however old: they are the accountability the log is for.
    assert left == [("grid.accept", False), ("grid.accept", True), ("sign_in.code", False), ("sign_out", False)]


async def test_housekeeping_logs_counts_and_no_personal_data(
    sessionmaker: Sessions, cases: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.housekeeping")
    await housekeep_once(sessionmaker, SETTINGS, NOW)
    lines = [record.getMessage() for record in caplog.records if record.name == "bot.housekeeping"]
    assert any(line.startswith("retention: erased 3 case photos, 5 cases' contact details") for line in lines), lines
    assert not any(PHONE in line or "格兰小镇" in line for line in lines)

"""The hotline's store rules on SQLite and PostgreSQL: the demo catalogue and its file round trip, search,
ticket numbers under concurrency, one provider per case even when two accept at once, dispatch order,
timeouts and the queue, deadline warnings, auto-close, the monthly evaluation, and bad requests."""

from __future__ import annotations

import asyncio
import tomllib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from config.demo import load_feature_demo
from handlers.hotline.demo import load_demo
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.hotline.cases import (
    CloseReason,
    HotlineOffer,
    HotlineRequest,
    NewRequest,
    OfferOutcome,
    RequestStatus,
    accept_offer,
    auto_close,
    confirm_request,
    create_request,
    decline_offer,
    dispatch,
    due_warnings,
    expire_offer,
    mark_done,
    next_ticket,
    next_warning_at,
    reopen_request,
)
from models.hotline.catalogue import (
    HotlineProvider,
    HotlineProviderStaff,
    HotlineService,
    PriceType,
    all_services,
    format_fen,
    parse_hours,
    parse_price,
    providers_serving,
    search_services,
)
from models.hotline.catalogue_file import export_catalogue, import_catalogue, to_json, to_toml
from models.hotline.report import provider_report, report_csv
from models.people import ChannelAccount, Person
from models.places import Place, place_by_code

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Changsha


@pytest.fixture
async def hotline_db(demo_db: AsyncEngine) -> AsyncEngine:
    async with make_sessionmaker(demo_db)() as session, session.begin():
        await load_demo(session)
    return demo_db


async def _person(session: AsyncSession, handle: str) -> Person:
    found = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == handle))
    assert found is not None
    return found


async def _service(session: AsyncSession, code: str) -> HotlineService:
    found = await session.scalar(select(HotlineService).where(HotlineService.code == code))
    assert found is not None
    return found


async def _provider(session: AsyncSession, code: str) -> HotlineProvider:
    found = await session.scalar(select(HotlineProvider).where(HotlineProvider.code == code))
    assert found is not None
    return found


async def _request(
    session: AsyncSession, code: str = "plumbing", now: datetime = NOW, **overrides: Any
) -> HotlineRequest:
    wang = await _person(session, "wang")
    community = await session.get(Place, wang.community_id)
    assert community is not None
    service = await _service(session, code)
    answers = {q["key"]: "x" for q in service.questions if q["required"]}
    values: dict[str, Any] = {
        "service": service,
        "community": community,
        "requester_id": wang.id,
        "address": "格兰小镇3栋2单元301",
        "contact_phone": wang.phone,
        "answers": answers,
        **overrides,
    }
    return await create_request(session, NewRequest(**values), now, TZ)


# --- the catalogue --------------------------------------------------------------------------------


async def test_demo_catalogue_and_its_file_round_trip(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        exported = await export_catalogue(session)
        assert len(exported["services"]) >= 30
        assert len(exported["providers"]) >= 10
        assert len({s["category"] for s in exported["services"]}) >= 9
        demo = load_feature_demo("hotline")
        assert [s["code"] for s in exported["services"]] == [s["code"] for s in demo["services"]]
        # TOML and JSON both read back to the same catalogue, and importing it changes nothing.
        for text, loads in ((to_toml(exported), tomllib.loads), (to_json(exported), __import__("json").loads)):
            again = loads(text)
            assert again == exported
            await import_catalogue(session, again)
            assert await export_catalogue(session) == exported
        # An edit in the file is an edit in the store.
        exported["services"][0]["price_type"] = "low_cost"
        exported["services"][0]["price_fen"] = 1990
        await import_catalogue(session, exported)
        first = await _service(session, exported["services"][0]["code"])
        assert (first.price_type, first.price_fen) == (PriceType.low_cost, 1990)


async def test_import_refuses_a_broken_catalogue(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        data = await export_catalogue(session)
        data["services"][0]["price_type"] = "low_cost"
        data["services"][0].pop("price_fen", None)
        with pytest.raises(ValueError, match="price_fen"):
            await import_catalogue(session, data)


async def test_search_by_words(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session:
        services = await all_services(session)
    assert search_services(services, "水管漏了")[0].service.code == "plumbing"
    assert search_services(services, "家里跳闸没电了")[0].service.code == "electrical"
    assert search_services(services, "帮我买菜")[0].service.code == "shopping"
    assert search_services(services, "my kitchen pipe is leaking")[0].service.code == "plumbing"
    assert search_services(services, "想找个律师")[0].service.code == "legal_advice"
    assert search_services(services, "zzzz") == []


def test_prices_and_hours_parse() -> None:
    assert parse_price("免费") == (PriceType.free, None)
    assert parse_price("低偿 12.5元") == (PriceType.low_cost, 1250)
    assert parse_price("市场价 80") == (PriceType.market, 8000)
    assert parse_price("市场价") == (PriceType.market, None)
    for bad in ("低偿", "便宜", "20"):
        with pytest.raises(DomainError):
            parse_price(bad)
    assert parse_hours("24") == (0, 24)
    assert parse_hours("8:00-20:00") == (8, 20)
    with pytest.raises(DomainError):
        parse_hours("25-3")
    assert (format_fen(2000), format_fen(1250), format_fen(5)) == ("¥20", "¥12.50", "¥0.05")


async def test_providers_serve_by_area(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session:
        meals = await _service(session, "meal_delivery")
        yuntang, xiangyuan = await place_by_code(session, "yuntang"), await place_by_code(session, "xiangyuan")
        assert yuntang is not None
        assert xiangyuan is not None
        # 颐年 serves the Muyun street (so Yuntang), the Xiangyuan meal point only Qingyuan.
        assert [p.code for p in await providers_serving(session, meals.id, yuntang)] == ["yinian_canteen"]
        assert [p.code for p in await providers_serving(session, meals.id, xiangyuan)] == ["xiangyuan_meals"]


# --- receiving ------------------------------------------------------------------------------------


async def test_bad_requests_are_refused(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        with pytest.raises(DomainError) as missing:
            await _request(session, answers={})
        assert missing.value.message_id == "hotline-question-required"
        with pytest.raises(DomainError) as past:
            await _request(session, preferred_start=NOW - timedelta(hours=3), preferred_end=NOW - timedelta(hours=1))
        assert past.value.message_id == "hotline-time-past"
        service = await _service(session, "plumbing")
        service.is_open = False
        with pytest.raises(DomainError) as closed:
            await _request(session)
        assert closed.value.message_id == "hotline-service-closed"


async def test_ticket_numbers_per_day_unique_under_concurrency(db_url: str, hotline_db: AsyncEngine) -> None:
    engines = [make_engine(db_url) for _ in range(6)]
    try:

        async def take(engine: AsyncEngine) -> str:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await next_ticket(session, NOW, TZ)

        tickets = await asyncio.gather(*(take(engine) for engine in engines for _ in range(3)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(tickets) == [f"12343-20261123-{n:04d}" for n in range(1, 19)]
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        # 23:30 local on the same UTC day is already the next local day: a new sequence.
        assert await next_ticket(session, datetime(2026, 11, 23, 16, 30, tzinfo=UTC), TZ) == "12343-20261124-0001"


# --- dispatching ----------------------------------------------------------------------------------


async def test_dispatch_order_timeout_decline_and_queue(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        anju, kuaixiu = await _provider(session, "anju_repair"), await _provider(session, "kuaixiu")
        # Anju is busier (a case in hand): the first offer goes to Kuaixiu, the one with fewest open cases.
        busy = await _request(session)
        busy.status, busy.provider_id = RequestStatus.accepted, anju.id
        request = await _request(session)
        first = await dispatch(session, request, NOW, TZ)
        assert first is not None
        assert first.provider_id == kuaixiu.id
        assert first.expires_at == NOW + timedelta(minutes=20)  # the service's response window
        # No answer: expired, then the next provider.
        assert await expire_offer(session, first.id, NOW + timedelta(minutes=20)) is request
        second = await dispatch(session, request, NOW + timedelta(minutes=20), TZ)
        assert second is not None
        assert second.provider_id == anju.id
        assert await expire_offer(session, first.id, NOW + timedelta(minutes=21)) is None  # already moved on
        # A decline by a staff member of Anju: nobody is left, so the operators' queue.
        liu = await _person(session, "liushifu")
        await decline_offer(session, second.id, liu.id, NOW + timedelta(minutes=25))
        assert await dispatch(session, request, NOW + timedelta(minutes=25), TZ) is None
        assert request.status is RequestStatus.queued
        outcomes = (
            await session.scalars(select(HotlineOffer.outcome).where(HotlineOffer.request_id == request.id))
        ).all()
        assert sorted(outcomes) == sorted([OfferOutcome.expired, OfferOutcome.declined])


async def test_chosen_provider_first_and_closed_providers_last(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        anju, kuaixiu = await _provider(session, "anju_repair"), await _provider(session, "kuaixiu")
        chosen = await _request(session, chosen_provider_id=anju.id)
        offer = await dispatch(session, chosen, NOW, TZ)
        assert offer is not None
        assert offer.provider_id == anju.id
        # At 23:30 local Kuaixiu (7-22) is closed: Anju (24 h) comes first even with more open cases.
        night = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
        late = await _request(session, now=night)
        offer = await dispatch(session, late, night, TZ)
        assert offer is not None
        assert offer.provider_id == anju.id
        # Were Kuaixiu the only one left, its window would start when it opens at 7:00.
        await decline_offer(session, offer.id, (await _person(session, "liushifu")).id, night)
        offer = await dispatch(session, late, night, TZ)
        assert offer is not None
        assert offer.provider_id == kuaixiu.id
        assert offer.expires_at == datetime(2026, 11, 23, 23, 20, tzinfo=UTC)  # 7:20 local


async def test_two_accepts_at_the_same_moment_one_wins(db_url: str, hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        anju = await _provider(session, "anju_repair")
        # A second staff member of Anju, so two people can press "accept" on the same offer.
        wang2 = await _person(session, "li")
        session.add(HotlineProviderStaff(provider_id=anju.id, person_id=wang2.id))
        request = await _request(session, chosen_provider_id=anju.id)
        offer = await dispatch(session, request, NOW, TZ)
        assert offer is not None
        staff = [(await _person(session, "liushifu")).id, wang2.id]
        offer_id, request_id = offer.id, request.id
    engines = [make_engine(db_url), make_engine(db_url)]
    postgres = db_url.startswith("postgresql")
    ready = asyncio.Barrier(2)

    async def accept(engine: AsyncEngine, person_id: int) -> str:
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                if postgres:  # both transactions are open and have read the offer before either writes
                    await session.get(HotlineOffer, offer_id)
                    await ready.wait()
                await accept_offer(session, offer_id, person_id, NOW, None)
            return "won"
        except DomainError as refusal:
            return refusal.message_id

    try:
        results = await asyncio.gather(*(accept(e, p) for e, p in zip(engines, staff, strict=True)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(results) == ["hotline-offer-gone", "won"]
    async with make_sessionmaker(hotline_db)() as session:
        stored = await session.get(HotlineRequest, request_id)
        assert stored is not None
        assert stored.status is RequestStatus.accepted
        assert stored.provider_id == anju.id
        accepted = await session.scalar(
            select(func.count()).where(
                HotlineOffer.request_id == request_id, HotlineOffer.outcome == OfferOutcome.accepted
            )
        )
        assert accepted == 1


async def test_only_the_providers_staff_act_on_a_case(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        anju = await _provider(session, "anju_repair")
        request = await _request(session, chosen_provider_id=anju.id)
        offer = await dispatch(session, request, NOW, TZ)
        assert offer is not None
        wu = await _person(session, "wushifu")  # Kuaixiu's repairman
        for act in (
            accept_offer(session, offer.id, wu.id, NOW, None),
            decline_offer(session, offer.id, wu.id, NOW),
        ):
            with pytest.raises(DomainError) as refusal:
                await act
            assert refusal.value.message_id == "hotline-not-your-case"
        liu = await _person(session, "liushifu")
        await accept_offer(session, offer.id, liu.id, NOW, None)
        with pytest.raises(DomainError) as refusal:
            await mark_done(session, request.id, wu.id, NOW, "done", None)
        assert refusal.value.message_id == "hotline-not-your-case"


# --- supervising, closing, evaluating -------------------------------------------------------------


async def test_warnings_once_each_and_the_whole_cycle_evaluated(hotline_db: AsyncEngine) -> None:
    async with make_sessionmaker(hotline_db)() as session, session.begin():
        anju = await _provider(session, "anju_repair")
        liu = await _person(session, "liushifu")
        request = await _request(session, chosen_provider_id=anju.id)
        offer = await dispatch(session, request, NOW, TZ)
        assert offer is not None
        # Response window 20 minutes: yellow at 15, red at 20, each once.
        assert next_warning_at(request) == NOW + timedelta(minutes=15)
        assert due_warnings(request, NOW + timedelta(minutes=14)) == []
        assert [(w.deadline, w.level) for w in due_warnings(request, NOW + timedelta(minutes=15))] == [("response", 1)]
        assert due_warnings(request, NOW + timedelta(minutes=16)) == []
        assert [(w.deadline, w.level) for w in due_warnings(request, NOW + timedelta(minutes=20))] == [("response", 2)]
        await accept_offer(session, offer.id, liu.id, NOW + timedelta(minutes=21), None)
        await session.refresh(request)
        # Completion: 6 hours from the start; yellow at 4.5 h.
        assert next_warning_at(request) == NOW + timedelta(hours=4, minutes=30)
        await mark_done(session, request.id, liu.id, NOW + timedelta(hours=2), "换了接头", None)
        assert next_warning_at(request) is None
        # "Not done": back to Anju with a fresh deadline, counted as a reopen.
        await reopen_request(session, request, NOW + timedelta(hours=3), 6)
        assert request.status is RequestStatus.accepted
        assert request.reopen_count == 1
        await mark_done(session, request.id, liu.id, NOW + timedelta(hours=4), "再次检查", None)
        # A provider cannot close it; the resident does, or the clock does.
        assert request.status is RequestStatus.done
        assert await auto_close(session, request.id, NOW + timedelta(days=3, hours=4)) is request
        assert (request.status, request.close_reason, request.rating) == (
            RequestStatus.closed,
            CloseReason.unrated,
            None,
        )
        # A second one, rated.
        other = await _request(session, chosen_provider_id=anju.id)
        offer = await dispatch(session, other, NOW, TZ)
        assert offer is not None
        await accept_offer(session, offer.id, liu.id, NOW, None)
        await mark_done(session, other.id, liu.id, NOW + timedelta(hours=8), "ok", None)  # late: after 6 h
        await confirm_request(session, other, NOW + timedelta(hours=9), 4, "师傅很仔细")
        with pytest.raises(DomainError):
            await confirm_request(session, other, NOW + timedelta(hours=9), 5, None)  # closed already
        rows = {row.provider.code: row for row in await provider_report(session, "2026-11", TZ)}
    anju_row = rows["anju_repair"]
    assert (anju_row.offers, anju_row.accepted, anju_row.done, anju_row.on_time) == (2, 2, 2, 1)
    assert (anju_row.acceptance_rate, anju_row.on_time_rate, anju_row.average_rating, anju_row.reopens) == (
        1.0,
        0.5,
        4.0,
        1,
    )
    assert rows["kuaixiu"].offers == 0
    csv_text = report_csv(list(rows.values()), "2026-11")
    assert "2026-11,anju_repair,安居维修服务部,2,2,100,2,1,50,1,4.0,1" in csv_text.splitlines()

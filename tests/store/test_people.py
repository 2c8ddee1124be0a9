"""People: identity by channel account, roles per place (inherited downwards), forgetting a person."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import models.outbox as outbox
from models.conversation import ConversationState
from models.outbox import OutboxMessage
from models.pact.store import PactPledge, current_pact, pledge, pledge_count
from models.people import (
    COMMUNITY_MANAGERS,
    FORGOTTEN_NAME,
    ChannelAccount,
    Identity,
    Person,
    Role,
    RoleGrant,
    forget_person,
    grant_role,
    grants_of,
    has_role,
    identify,
    is_staff,
    revoke_role,
)
from models.places import Place, place_by_code


def _triple(found: Identity) -> tuple[Person, ChannelAccount, bool]:
    return found.person, found.account, found.is_new


async def _place(session: AsyncSession, code: str) -> Place:
    place = await place_by_code(session, code)
    assert place is not None, code
    return place


async def _count(session: AsyncSession, model: type[object], *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


async def test_identify_creates_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        person, account, is_new = _triple(await identify(session, "telegram", "42", "42", "王阿姨", "zh"))
        assert is_new is True
        assert (person.display_name, person.language, person.is_registered) == ("王阿姨", "zh", False)
        assert (account.channel, account.external_id, account.chat_id, account.person_id) == (
            "telegram",
            "42",
            "42",
            person.id,
        )
        first_id = person.id
    async with sessionmaker() as session, session.begin():
        again, account, is_new = _triple(await identify(session, "telegram", "42", "42", "别的名字", "en"))
        assert is_new is False
        assert again.id == first_id
        # What the platform says on later contact does not overwrite what the person chose.
        assert (again.display_name, again.language) == ("王阿姨", "zh")
        # The same external id on another channel is someone else.
        other, _, other_new = _triple(await identify(session, "terminal", "42", "42", "x", "zh"))
        assert other_new is True
        assert other.id != first_id
    async with sessionmaker() as session:
        assert await _count(session, Person) == 2
        assert await _count(session, ChannelAccount) == 2


async def test_identify_updates_chat_and_clears_unreachable(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _, account, _ = _triple(await identify(session, "telegram", "42", "chat-1", "A", "zh"))
        account.unreachable_at = datetime(2026, 1, 1, tzinfo=UTC)
    async with sessionmaker() as session, session.begin():
        _, account, is_new = _triple(await identify(session, "telegram", "42", "chat-2", "A", "zh"))
        assert is_new is False
    async with sessionmaker() as session:
        stored = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "42"))
        assert stored is not None
        assert stored.chat_id == "chat-2"
        assert stored.unreachable_at is None


async def test_roles_are_inherited_downwards(
    demo_db: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session, session.begin():
        muyun, yuntang, qiaotou, xiangyuan = [
            await _place(session, code) for code in ("muyun", "yuntang", "qiaotou", "xiangyuan")
        ]
        grid, building = await _place(session, "yuntang-g1"), await _place(session, "yuntang-b3")
        person, _, _ = _triple(await identify(session, "telegram", "7", "7", "街道", "zh"))
        await grant_role(session, person, Role.street_admin, muyun)
        for place in (muyun, yuntang, qiaotou, grid, building):
            assert await has_role(session, person.id, COMMUNITY_MANAGERS, place), place.code
        assert not await has_role(session, person.id, COMMUNITY_MANAGERS, xiangyuan)
        district = await _place(session, "tianxin")
        assert not await has_role(session, person.id, COMMUNITY_MANAGERS, district)  # not upwards
        assert not await has_role(session, person.id, {Role.community_staff}, yuntang)  # not another role
        assert await is_staff(session, person.id)

        worker, _, _ = _triple(await identify(session, "telegram", "8", "8", "网格员", "zh"))
        await grant_role(session, worker, Role.grid_worker, grid)
        assert await has_role(session, worker.id, {Role.grid_worker}, building)
        assert not await has_role(session, worker.id, {Role.grid_worker}, yuntang)
        assert not await has_role(session, worker.id, {Role.grid_worker}, await _place(session, "yuntang-b5"))

        volunteer, _, _ = _triple(await identify(session, "telegram", "9", "9", "志愿者", "zh"))
        await grant_role(session, volunteer, Role.volunteer, yuntang)
        assert not await is_staff(session, volunteer.id)


async def test_grant_and_revoke_are_idempotent(
    demo_db: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session, session.begin():
        yuntang = await _place(session, "yuntang")
        person, _, _ = _triple(await identify(session, "telegram", "7", "7", "A", "zh"))
        first = await grant_role(session, person, Role.volunteer, yuntang)
        second = await grant_role(session, person, Role.volunteer, yuntang)
        assert second.id == first.id
        assert [(g.role, p.code) for g, p in await grants_of(session, person.id)] == [(Role.volunteer, "yuntang")]
        assert await revoke_role(session, person, Role.volunteer, yuntang) is True
        assert await revoke_role(session, person, Role.volunteer, yuntang) is False
        assert await grants_of(session, person.id) == []
        assert not await has_role(session, person.id, {Role.volunteer}, yuntang)


async def test_forget_person(demo_db: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        yuntang = await _place(session, "yuntang")
        building = await _place(session, "yuntang-b3")
        person, _, _ = _triple(await identify(session, "telegram", "77", "77", "王阿姨", "zh"))
        person.phone, person.unit = "13800001234", "2单元301"
        person.community_id, person.building_id = yuntang.id, building.id
        person.consented_at = datetime(2026, 1, 1, tzinfo=UTC)
        await identify(session, "terminal", "wang2", "wang2", "王阿姨", "zh")  # someone else, untouched
        session.add(ChannelAccount(person_id=person.id, channel="terminal", external_id="w77", chat_id="w77"))
        await grant_role(session, person, Role.volunteer, yuntang)
        version = await current_pact(session, yuntang.id)
        assert version is not None
        assert await pledge(session, person, version)
        for channel, chat in (("telegram", "77"), ("terminal", "w77"), ("terminal", "wang2")):
            session.add(
                ConversationState(
                    channel=channel, chat_id=chat, flow="f", step="s", data={}, nonce="ab", expires_at=datetime.now(UTC)
                )
            )
        outbox.enqueue(session, channel="telegram", chat_id="77", person_id=person.id, kind="k", payload={"text": "x"})
        count_before = await pledge_count(session, version.id)
        person_id, version_id = person.id, version.id

    async with sessionmaker() as session, session.begin():
        target = await session.get(Person, person_id)
        assert target is not None
        await forget_person(session, target)

    async with sessionmaker() as session:
        forgotten = await session.get(Person, person_id)
        assert forgotten is not None
        assert forgotten.display_name == FORGOTTEN_NAME
        assert (forgotten.phone, forgotten.unit, forgotten.community_id, forgotten.building_id) == (None,) * 4
        assert forgotten.consented_at is None
        assert forgotten.forgotten_at is not None
        assert not forgotten.is_registered
        assert await _count(session, ChannelAccount, ChannelAccount.person_id == person_id) == 0
        assert await _count(session, RoleGrant, RoleGrant.person_id == person_id) == 0
        assert await _count(session, OutboxMessage, OutboxMessage.person_id == person_id) == 0
        remaining_states = (await session.scalars(select(ConversationState.chat_id))).all()
        assert remaining_states == ["wang2"]
        # The pledge still counts, anonymously.
        assert await _count(session, PactPledge, PactPledge.person_id == person_id) == 1
        assert await pledge_count(session, version_id) == count_before
        # The next message from the same account meets a stranger.
        again, _, is_new = _triple(await identify(session, "telegram", "77", "77", "王阿姨", "zh"))
        assert is_new is True
        assert again.id != person_id

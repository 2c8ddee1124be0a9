"""The residents' pact: versions, what changed between them, pledges and who to invite again."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.errors import DomainError
from models.pact.store import (
    ArticleText,
    PactChanges,
    PactVersion,
    current_pact,
    earlier_pledgers,
    has_pledged,
    latest_pledge,
    pact_articles,
    pledge,
    pledge_count,
    publish_pact,
)
from models.people import ChannelAccount, Identity, Person, forget_person, identify
from models.places import Place, PlaceKind, add_place

V1 = [ArticleText("第一条", "One"), ArticleText("第二条", "Two"), ArticleText("第三条", "Three")]


def _triple(found: Identity) -> tuple[Person, ChannelAccount, bool]:
    return found.person, found.account, found.is_new


async def _communities(session: AsyncSession) -> tuple[Place, Place]:
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    one = await add_place(session, PlaceKind.community, "c1", "社区一", "C1", street, 0)
    two = await add_place(session, PlaceKind.community, "c2", "社区二", "C2", street, 1)
    return one, two


async def _resident(session: AsyncSession, external_id: str, community: Place) -> Person:
    person, _, _ = _triple(await identify(session, "telegram", external_id, external_id, external_id, "zh"))
    person.community_id = community.id
    await session.flush()
    return person


async def test_publish_versions_and_compare(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, other = await _communities(session)
        v1, changes = await publish_pact(session, community, "公约", "Pact", V1)
        assert (v1.number, changes) == (1, PactChanges(added=[1, 2, 3]))

        v2_articles = [
            ArticleText("第一条", "One"),
            ArticleText("第二条改", "Two"),
            ArticleText("第三条", "Three!"),
            ArticleText("第四条", "Four"),
        ]
        v2, changes = await publish_pact(session, community, "公约", "Pact", v2_articles)
        assert v2.number == 2
        assert changes == PactChanges(added=[4], changed=[2, 3], removed=[])

        v3, changes = await publish_pact(session, community, "公约", "Pact", [ArticleText(" 第一条 ", "One")])
        assert v3.number == 3
        assert changes == PactChanges(added=[], changed=[], removed=[2, 3, 4])

        # Another community numbers its own versions.
        first_other, _ = await publish_pact(session, other, "公约", "Pact", V1)
        assert first_other.number == 1

        assert (await current_pact(session, community.id)) is v3
        assert [(a.number, a.text_zh, a.text_en) for a in await pact_articles(session, v3.id)] == [(1, "第一条", "One")]
        assert [a.text_zh for a in await pact_articles(session, v2.id)] == ["第一条", "第二条改", "第三条", "第四条"]


async def test_unchanged_publish_is_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _ = await _communities(session)
        await publish_pact(session, community, "公约", "Pact", V1)
        with pytest.raises(DomainError) as refused:
            await publish_pact(session, community, "公约", "Pact", [ArticleText(a.zh + " ", a.en) for a in V1])
        assert refused.value.message_id == "pact-publish-unchanged"
        # A new title alone is a change worth a version.
        retitled, changes = await publish_pact(session, community, "新公约", "Pact", V1)
        assert retitled.number == 2
        assert changes.is_empty
        with pytest.raises(DomainError) as empty:
            await publish_pact(session, community, "公约", "Pact", [])
        assert empty.value.message_id == "pact-publish-empty"
        current = await current_pact(session, community.id)
        assert current is not None
        assert current.number == 2


async def test_pledge_rules(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, other = await _communities(session)
        v1, _ = await publish_pact(session, community, "公约", "Pact", V1)
        other_pact, _ = await publish_pact(session, other, "公约", "Pact", V1)
        alice = await _resident(session, "alice", community)
        bob = await _resident(session, "bob", community)

        assert await pledge_count(session, v1.id) == 0
        assert await pledge(session, alice, v1) is True
        assert await pledge(session, alice, v1) is False
        assert await pledge_count(session, v1.id) == 1
        assert await has_pledged(session, alice.id, v1.id)
        assert not await has_pledged(session, bob.id, v1.id)

        with pytest.raises(DomainError) as foreign:
            await pledge(session, bob, other_pact)
        assert foreign.value.message_id == "pact-not-your-community"

        v2, _ = await publish_pact(session, community, "公约", "Pact", [*V1, ArticleText("第四条")])
        with pytest.raises(DomainError) as outdated:
            await pledge(session, bob, v1)
        assert outdated.value.message_id == "pact-outdated"
        assert await pledge_count(session, v1.id) == 1

        assert await pledge(session, alice, v2) is True
        assert (await pledge_count(session, v1.id), await pledge_count(session, v2.id)) == (1, 1)
        latest = await latest_pledge(session, alice.id)
        assert latest is not None
        assert latest[1].id == v2.id
        assert await latest_pledge(session, bob.id) is None


async def test_earlier_pledgers(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, other = await _communities(session)
        v1, _ = await publish_pact(session, community, "公约", "Pact", V1)
        other_v1, _ = await publish_pact(session, other, "公约", "Pact", V1)
        people = {name: await _resident(session, name, community) for name in ("ann", "ben", "cat", "dan", "eve")}
        outsider = await _resident(session, "out", other)
        for name in ("ann", "ben", "cat", "dan"):
            assert await pledge(session, people[name], v1)
        assert await pledge(session, outsider, other_v1)

        v2, _ = await publish_pact(session, community, "公约", "Pact", [*V1, ArticleText("第四条")])
        assert await pledge(session, people["ben"], v2)  # already pledged the new one
        await forget_person(session, people["cat"])  # gone
        # eve never pledged; dan pledged v1 only.
        assert [p.display_name for p in await earlier_pledgers(session, v2)] == ["ann", "dan"]
        assert await earlier_pledgers(session, v1) == []  # nothing older than the first

        v3, _ = await publish_pact(session, community, "公约", "Pact", [*V1, ArticleText("第四条改")])
        assert [p.display_name for p in await earlier_pledgers(session, v3)] == ["ann", "ben", "dan"]
        assert isinstance(v3, PactVersion)

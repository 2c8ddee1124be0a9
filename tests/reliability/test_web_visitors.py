"""Web visitors: new ones per address per hour are limited (a script making cookies must not fill the
database), and stand-ins of visitors who never came back are removed; registered people never are."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer, make_mocked_request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.webchat import WebChat
from bot.channels.webchat.channel import CHANNEL, COOKIE, client_address
from bot.housekeeping import expire_visitors_once
from config.settings import Settings
from models.booking.store import Suspension
from models.conversation import ConversationState
from models.outbox import OutboxMessage
from models.people import FORGOTTEN_NAME, ChannelAccount, Person
from models.places import Place, PlaceKind
from models.webchat import WebVisitor, address_key, admit_visitor, blank_old_addresses, expire_visitors
from tests.channels.webchat.conftest import Site
from tests.harness import AppFactory, t

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
LIMIT = 3


@pytest.fixture
async def limited(make_app: AppFactory) -> AsyncIterator[Site]:
    """The web chat with a small allowance of new visitors per address."""
    linli = await make_app(web_new_visitors_per_hour=LIMIT)
    chat = WebChat(linli)
    app = web.Application()
    chat.setup(app)
    async with TestClient(TestServer(app)) as client:
        yield Site(linli, chat, client)


async def count(sessionmaker: async_sessionmaker[AsyncSession], model: type[object]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


# --- the limit, through the real web chat -----------------------------------------------------------------


async def test_a_script_making_cookies_gets_429_and_no_rows(limited: Site) -> None:
    app = limited.linli
    first = await limited.open_tab()  # a real visitor: kept, and welcome back later
    await first.close()
    for _ in range(LIMIT - 1):
        limited.new_visitor()
        tab = await limited.open_tab()
        await tab.close()
    people = await count(app.sessionmaker, Person)

    limited.new_visitor()
    with pytest.raises(WSServerHandshakeError) as refused:
        await limited.client.ws_connect("/chat/ws")
    assert refused.value.status == 429
    page = await limited.client.get("/", headers={"Accept-Language": "zh-CN"})
    assert page.status == 429
    assert await page.text() == t(app, "zh", "webchat-too-many-visitors")
    assert page.headers["Retry-After"] == "3600"
    english = await limited.client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert await english.text() == t(app, "en", "webchat-too-many-visitors")
    # Fifty more tries make nothing in the database.
    for _ in range(50):
        limited.new_visitor()
        assert (await limited.client.get("/")).status == 429
    assert await count(app.sessionmaker, Person) == people
    assert await count(app.sessionmaker, WebVisitor) == LIMIT


async def test_a_known_visitor_is_always_let_in(limited: Site) -> None:
    tab = await limited.open_tab()
    await tab.close()
    token = next(cookie.value for cookie in limited.client.session.cookie_jar if cookie.key == COOKIE)
    for _ in range(LIMIT - 1):
        limited.new_visitor()
        await (await limited.open_tab()).close()
    limited.new_visitor()
    assert (await limited.client.get("/")).status == 429  # a newcomer is over the limit
    limited.new_visitor()
    back = {"Cookie": f"{COOKIE}={token}"}
    assert (await limited.client.get("/", headers=back)).status == 200
    again = await limited.open_tab(fresh=False, headers=back)  # the first visitor, back: let in
    await again.close()


async def test_behind_a_local_proxy_each_client_address_has_its_own_allowance(limited: Site) -> None:
    """The test client connects from 127.0.0.1, as a reverse proxy on the same host does."""
    for _ in range(LIMIT):
        limited.new_visitor()
        await (await limited.open_tab(headers={"X-Forwarded-For": "203.0.113.7"})).close()
    limited.new_visitor()
    assert (await limited.client.get("/", headers={"X-Forwarded-For": "203.0.113.7"})).status == 429
    # A forged first entry changes nothing: the proxy's own (last) entry is the address.
    forged = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    assert (await limited.client.get("/", headers=forged)).status == 429
    other = {"X-Forwarded-For": "203.0.113.8"}
    assert (await limited.client.get("/", headers=other)).status == 200
    await (await limited.open_tab(headers=other)).close()


def test_the_forwarded_address_counts_only_from_a_local_proxy() -> None:
    def request(peer: str, forwarded: str | None) -> web.Request:
        headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
        made = make_mocked_request("GET", "/", headers=headers)
        made._transport_peername = (peer, 40000)  # what request.remote reads
        return made

    assert client_address(request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_address(request("::1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request("192.0.2.5", "203.0.113.7")) == "192.0.2.5"  # not from a local proxy
    assert client_address(request("127.0.0.1", None)) == "127.0.0.1"


# --- the store: both databases ------------------------------------------------------------------------------


async def test_admit_counts_per_address_per_hour(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        for index in range(2):
            assert await admit_visitor(session, CHANNEL, f"v{index}", "10.0.0.1", NOW, 2)
        assert not await admit_visitor(session, CHANNEL, "v2", "10.0.0.1", NOW, 2)
        assert not await admit_visitor(session, CHANNEL, "v2", "10.0.0.1", NOW, 2, record=False)
        assert await admit_visitor(session, CHANNEL, "v2", "10.0.0.2", NOW, 2)  # another address
        assert await admit_visitor(session, CHANNEL, "v0", "10.0.0.1", NOW, 2)  # known: always
        assert await admit_visitor(session, CHANNEL, "v3", "10.0.0.1", NOW + timedelta(minutes=61), 2)
        assert await admit_visitor(session, CHANNEL, "v4", "10.0.0.1", NOW, 0)  # 0: no limit
        stored = (await session.scalars(select(WebVisitor.address_key))).all()
    assert "10.0.0.1" not in stored  # a digest, not the address
    assert address_key("10.0.0.1") in stored


async def test_a_visitor_from_before_the_limit_is_known(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        assert await admit_visitor(session, CHANNEL, "a", "10.0.0.9", NOW, 1)
        person = Person(display_name="old")
        session.add(person)
        await session.flush()
        session.add(ChannelAccount(person_id=person.id, channel=CHANNEL, external_id="old", chat_id="old"))
        await session.flush()
        assert await admit_visitor(session, CHANNEL, "old", "10.0.0.9", NOW, 1)
        assert await session.get(WebVisitor, "old") is not None


async def test_addresses_are_blanked_after_a_day(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        assert await admit_visitor(session, CHANNEL, "old", "10.0.0.1", NOW - timedelta(days=2), 5)
        assert await admit_visitor(session, CHANNEL, "new", "10.0.0.1", NOW, 5)
        assert await blank_old_addresses(session, NOW) == 1
        rows = (await session.execute(select(WebVisitor.chat_id, WebVisitor.address_key))).all()
    keys = {chat_id: key for chat_id, key in rows}
    assert keys == {"old": None, "new": address_key("10.0.0.1")}


async def make_visitor(
    session: AsyncSession, chat_id: str, last_seen: datetime, *, registered: bool = False, channel: str = CHANNEL
) -> Person:
    """A person with a web account, a conversation state and a queued message, last seen at ``last_seen``."""
    person = Person(display_name=f"visitor {chat_id}", created_at=last_seen)
    if registered:
        community = await session.scalar(select(Place).where(Place.kind == PlaceKind.community))
        if community is None:
            community = Place(kind=PlaceKind.community, code=f"c-{chat_id}", name_zh="社区", name_en="Community")
            session.add(community)
            await session.flush()
        person.community_id, person.consented_at = community.id, last_seen
    session.add(person)
    await session.flush()
    session.add(ChannelAccount(person_id=person.id, channel=channel, external_id=chat_id, chat_id=chat_id))
    session.add(
        ConversationState(channel=channel, chat_id=chat_id, flow="x", step="y", data={}, nonce="ab", expires_at=NOW)
    )
    session.add(
        OutboxMessage(
            channel=channel, chat_id=chat_id, person_id=person.id, kind="notice", payload={}, created_at=last_seen
        )
    )
    if channel == CHANNEL:
        session.add(WebVisitor(chat_id=chat_id, first_seen_at=last_seen, last_seen_at=last_seen))
    await session.flush()
    return person


async def test_stand_ins_unseen_for_the_period_go_with_their_rows(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    long_ago, lately = NOW - timedelta(days=31), NOW - timedelta(days=29)
    async with sessionmaker() as session, session.begin():
        gone = (await make_visitor(session, "gone", long_ago)).id
        recent = (await make_visitor(session, "recent", lately)).id
        resident = (await make_visitor(session, "resident", long_ago, registered=True)).id
        telegram = (await make_visitor(session, "tg", long_ago, channel="telegram")).id
        linked = await make_visitor(session, "linked", long_ago)  # also has a Telegram account: a real person
        session.add(ChannelAccount(person_id=linked.id, channel="telegram", external_id="linked", chat_id="linked"))
    async with sessionmaker() as session, session.begin():
        assert await expire_visitors(session, CHANNEL, NOW, 30) == 1
    async with sessionmaker() as session:
        people = set((await session.scalars(select(Person.id))).all())
        assert gone not in people
        assert {recent, resident, telegram, linked.id} <= people
        accounts = set((await session.scalars(select(ChannelAccount.external_id))).all())
        assert accounts == {"recent", "resident", "tg", "linked"}
        states = set((await session.scalars(select(ConversationState.chat_id))).all())
        assert states == {"recent", "resident", "tg", "linked"}
        assert await session.get(WebVisitor, "gone") is None
        # Web messages that waited a month for a page are dropped, the registered resident's too;
        # Telegram's are not this module's business.
        queued = set((await session.scalars(select(OutboxMessage.chat_id))).all())
        assert queued == {"recent", "tg"}


async def test_a_stand_in_others_point_to_is_kept_anonymous(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        person = await make_visitor(session, "kept", NOW - timedelta(days=40))
        person_id = person.id
        # A record pointing at the person without ON DELETE CASCADE: the row must stay for it.
        session.add(Suspension(person_id=person_id, starts_at=NOW, ends_at=NOW, no_shows=3))
    async with sessionmaker() as session, session.begin():
        assert await expire_visitors(session, CHANNEL, NOW, 30) == 1
    async with sessionmaker() as session:
        kept = await session.get(Person, person_id)
        accounts = (await session.scalars(select(ChannelAccount).where(ChannelAccount.person_id == person_id))).all()
    assert kept is not None
    assert kept.forgotten_at is not None
    assert kept.display_name == FORGOTTEN_NAME
    assert accounts == []


async def test_visitor_rows_without_an_account_go_too(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """After /forget the account is gone but the visitor row was left: it goes once unseen for the period."""
    async with sessionmaker() as session, session.begin():
        session.add(WebVisitor(chat_id="forgot", first_seen_at=NOW, last_seen_at=NOW - timedelta(days=31)))
        session.add(WebVisitor(chat_id="lately", first_seen_at=NOW, last_seen_at=NOW - timedelta(days=1)))
    async with sessionmaker() as session, session.begin():
        await expire_visitors(session, CHANNEL, NOW, 30)
    async with sessionmaker() as session:
        assert (await session.scalars(select(WebVisitor.chat_id))).all() == ["lately"]


async def test_housekeeping_expires_visitors_by_the_setting(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await make_visitor(session, "ten-days", NOW - timedelta(days=10))
    assert await expire_visitors_once(sessionmaker, NOW, Settings(web_visitor_days=30)) == 0
    assert await expire_visitors_once(sessionmaker, NOW, Settings(web_visitor_days=7)) == 1
    assert await count(sessionmaker, ChannelAccount) == 0
    assert await count(sessionmaker, OutboxMessage) == 0

"""/link: a resident joins their Telegram account and their web chat with a one-time code, both ways."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bot.app import Linli
from bot.channels.webchat.channel import CHANNEL
from handlers.core.messages import Reply
from models.link import move_account
from models.outbox import OutboxMessage
from models.people import ChannelAccount, Person
from tests.channels.webchat.conftest import Site, Tab
from tests.channels.webchat.test_socket import onboard as onboard_on_web
from tests.harness import ChatDriver, onboard, t


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found is not None, text
    return found.group(1)


async def person_of(app: Linli, channel: str, external_id: str) -> Person | None:
    async with app.sessionmaker() as session:
        return await session.scalar(
            select(Person)
            .join(ChannelAccount, ChannelAccount.person_id == Person.id)
            .where(ChannelAccount.channel == channel, ChannelAccount.external_id == external_id)
        )


async def people_count(app: Linli) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Person)) or 0)


async def queued_for(app: Linli, channel: str, chat_id: str, kind: str) -> list[Reply]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.channel == channel, OutboxMessage.chat_id == chat_id, OutboxMessage.kind == kind
            )
        )
        return [Reply.from_payload(row.payload) for row in rows]


async def test_code_from_telegram_redeemed_on_the_web(site: Site) -> None:
    app = site.linli
    wang = ChatDriver(app, user_id="7001", name="王阿姨")
    await onboard(wang)
    await wang.send("/link")
    code = code_in(wang.text)
    assert t(app, "zh", "link-code", code=code, minutes=app.settings.console_code_minutes) == wang.text

    tab = await site.open_tab()  # a newcomer on the web: a stand-in person is made at once
    before = await people_count(app)
    await tab.say(f"/link {code}")
    assert tab.batch[-1]["text"] == t(app, "zh", "link-done")
    assert t(app, "zh", "menu-book") in tab.labels()  # the resident's menu: they are registered here now

    telegram_person = await person_of(app, "telegram", "7001")
    web_person = await person_of(app, CHANNEL, site.chat_id())
    assert telegram_person is not None
    assert web_person is not None
    assert web_person.id == telegram_person.id
    assert await people_count(app) == before - 1  # the stand-in is gone
    # Telegram is told at once, in case the code was passed on by mistake.
    (notice,) = await queued_for(app, "telegram", "7001", "link")
    assert notice.text == t(app, "zh", "link-joined-notice", channel=t(app, "zh", "channel-web"))
    # The code was used up.
    site.new_visitor()
    other = await site.open_tab()
    await other.say(f"/link {code}")
    assert other.text == t(app, "zh", "link-wrong", left=4)


async def test_code_from_the_web_redeemed_on_telegram(site: Site) -> None:
    app = site.linli
    await onboard_on_web(site)
    tab = await site.open_tab()
    await tab.say("/link")
    code = code_in(tab.text)
    emma = ChatDriver(app, user_id="7002", name="Emma", language_code="en")
    await emma.send("/start")  # a newcomer on Telegram
    await emma.send(f"/link {code}")
    # The web person's language (zh) wins: it is that person now.
    assert emma.batch[-1].text == t(app, "zh", "link-done")
    web_person = await person_of(app, CHANNEL, site.chat_id())
    telegram_person = await person_of(app, "telegram", "7002")
    assert web_person is not None
    assert telegram_person is not None
    assert web_person.id == telegram_person.id
    # The open page hears of it through the outbox.
    site.chat.wake()
    frames = await tab.until("message")
    assert frames[-1]["text"] == t(app, "zh", "link-joined-notice", channel="Telegram")
    assert frames[-1]["queued"] is True


async def test_the_onboarding_button_explains_linking(site: Site) -> None:
    app = site.linli
    tab = await site.open_tab()
    await tab.press(t(app, "zh", "link-onboarding-button"))
    assert tab.text == t(app, "zh", "link-how")
    await tab.press(t(app, "zh", "button-join"))  # changed their mind: join here instead
    assert tab.text == t(app, "zh", "onboard-welcome")
    # Telegram is where the code comes from: the button is not offered there.
    wang = ChatDriver(app, user_id="7003")
    await wang.send("/start")
    assert wang.labels() == ["中文", "English"]


async def test_wrong_codes_are_counted_and_limited(site: Site) -> None:
    app = site.linli
    wang = ChatDriver(app, user_id="7004")
    await onboard(wang)
    await wang.send("/link")
    code = code_in(wang.text)
    wrong = "000000" if code != "000000" else "111111"
    tab = await site.open_tab()
    await tab.say("/link 12345")  # a slip of the finger is not a guess
    assert tab.text == t(app, "zh", "link-bad-format")
    await tab.say("/link abcdef")
    assert tab.text == t(app, "zh", "link-bad-format")
    for left in (4, 3, 2, 1, 0):
        await tab.say(f"/link {wrong}")
        assert tab.text == t(app, "zh", "link-wrong", left=left)
    await tab.say(f"/link {code}")  # even the right code, now
    assert tab.text == t(app, "zh", "link-too-many", minutes=15)
    # A quarter of an hour later the account may try again (with a new code: the first has expired).
    later = app.services.clock() + timedelta(minutes=15, seconds=1)
    app.set_clock(lambda: later)
    await tab.say(f"/link {code}")
    assert tab.text == t(app, "zh", "link-wrong", left=4)
    await wang.send("/link")
    code = code_in(wang.text)
    await tab.say(f"/link {code[:3]} {code[3:]}")  # as read out over the phone
    assert tab.batch[-1]["text"] == t(app, "zh", "link-done")


async def test_an_expired_code_is_refused(site: Site) -> None:
    app = site.linli
    wang = ChatDriver(app, user_id="7005")
    await onboard(wang)
    await wang.send("/link")
    code = code_in(wang.text)
    later = app.services.clock() + timedelta(minutes=app.settings.console_code_minutes, seconds=1)
    app.set_clock(lambda: later)
    tab = await site.open_tab()
    await tab.say(f"/link {code}")
    assert tab.text == t(app, "zh", "link-wrong", left=4)


async def test_only_the_newest_code_works(site: Site) -> None:
    app = site.linli
    wang = ChatDriver(app, user_id="7006")
    await onboard(wang)
    await wang.send("/link")
    old = code_in(wang.text)
    await wang.send("/link")
    new = code_in(wang.text)
    tab = await site.open_tab()
    if old != new:
        await tab.say(f"/link {old}")
        assert tab.text == t(app, "zh", "link-wrong", left=4)
    await tab.say(f"/link {new}")
    assert tab.batch[-1]["text"] == t(app, "zh", "link-done")


async def test_refusals_keep_the_code(site: Site) -> None:
    app = site.linli
    wang = ChatDriver(app, user_id="7007")
    await onboard(wang)
    await wang.send("/link")
    code = code_in(wang.text)
    # Typed in the same chat it came from.
    await wang.send(f"/link {code}")
    assert wang.text == t(app, "zh", "link-same-account")
    # Typed in a chat that has its own registration: it would strand that registration.
    await onboard_on_web(site)
    registered: Tab = await site.open_tab()
    await registered.say(f"/link {code}")
    assert registered.text == t(app, "zh", "link-registered-here")
    # Neither used the code up: a new visitor can still join with it.
    site.new_visitor()
    newcomer = await site.open_tab()
    await newcomer.say(f"/link {code}")
    assert newcomer.batch[-1]["text"] == t(app, "zh", "link-done")


async def test_link_before_joining_explains_where_the_code_comes_from(site: Site) -> None:
    tab = await site.open_tab()
    await tab.say("/link")
    assert tab.text == t(site.linli, "zh", "link-how")
    wang = ChatDriver(site.linli, user_id="7008", language_code="en")
    await wang.send("/link")
    assert wang.text == t(site.linli, "en", "link-how")


async def test_a_stand_in_with_records_is_kept_anonymous(app: Linli) -> None:
    """The person an account leaves is deleted only if nothing points to it; otherwise it is forgotten."""
    from models.booking.store import Suspension

    async with app.sessionmaker() as session, session.begin():
        target = Person(display_name="Target", language="zh")
        stand_in = Person(display_name="Stand-in", language="zh", phone="13800000000")
        shared = Person(display_name="Shared", language="zh")
        session.add_all([target, stand_in, shared])
        await session.flush()
        moved = ChannelAccount(person_id=stand_in.id, channel="web", external_id="a", chat_id="a")
        first = ChannelAccount(person_id=shared.id, channel="web", external_id="b", chat_id="b")
        second = ChannelAccount(person_id=shared.id, channel="telegram", external_id="c", chat_id="c")
        session.add_all([moved, first, second])
        now = app.services.clock()
        session.add(Suspension(person_id=stand_in.id, starts_at=now, ends_at=now, no_shows=3))
        await session.flush()
        left = await move_account(session, moved, target)
        assert left is not None  # a suspension points to it
        assert left.phone is None
        assert left.forgotten_at is not None
        # A person with another account keeps it, untouched.
        kept = await move_account(session, first, target)
        assert kept is not None
        assert kept.forgotten_at is None
        assert kept.display_name == "Shared"

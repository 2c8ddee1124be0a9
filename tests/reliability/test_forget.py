"""/forget erases everything /me lists, on every channel account of the person (Telegram, web, WeChat),
and a `linli backup` made afterwards holds none of it: not in a table, not in a freed page of the file."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import select

from bot.app import Linli
from bot.cli.backup import cmd_backup
from models.conversation import ConversationState
from models.link import move_account
from models.outbox import OutboxMessage, enqueue
from models.people import FORGOTTEN_NAME, ChannelAccount, Person
from tests.harness import AppFactory, ChatDriver, onboard, t

NAME = "柳青梅"  # unique in the demo, so finding it in the file means it was kept
PHONE = "13987654321"
UNIT = "7单元707"
WEB_CHAT = "c0ffee" * 5 + "ab"  # a web visitor's chat id (a digest of their cookie)
OPENID = "oWx7-openid-of-liu-qingmei"


async def linked_person(app: Linli) -> tuple[dict[str, ChatDriver], int]:
    """One resident on Telegram, with a phone and a pledge, whose web chat and WeChat are linked to her."""
    telegram = ChatDriver(app, user_id="7788", name=NAME)
    await onboard(telegram, unit=UNIT)
    await telegram.send("/pact")
    await telegram.press("我承诺遵守")
    await telegram.send("/me")
    await telegram.press("修改电话")
    await telegram.send(PHONE)
    person = await telegram.person()
    assert person is not None
    drivers = {
        "telegram": telegram,
        "web": ChatDriver(app, user_id=WEB_CHAT, name="", channel="web"),
        "wechat": ChatDriver(app, user_id=OPENID, name=f"{NAME}的微信", channel="wechat"),
    }
    for channel in ("web", "wechat"):
        await drivers[channel].send("/start")  # a stand-in person is made on first contact…
        async with app.sessionmaker() as session, session.begin():
            account = await session.scalar(
                select(ChannelAccount).where(
                    ChannelAccount.channel == channel, ChannelAccount.external_id == drivers[channel].chat_id
                )
            )
            target = await session.get(Person, person.id)
            assert account is not None
            assert target is not None
            await move_account(session, account, target)  # …and joined to her, as /link does
    async with app.sessionmaker() as session, session.begin():
        for channel, driver in drivers.items():
            enqueue(
                session,
                channel=channel,
                chat_id=driver.chat_id,
                person_id=person.id,
                kind="notice",
                payload={"text": f"给{NAME}的通知", "buttons": []},
            )
    return drivers, person.id


async def test_forget_erases_what_me_lists_on_every_account_and_in_a_later_backup(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = await make_app()
    drivers, person_id = await linked_person(app)
    for channel, driver in drivers.items():
        await driver.send("/me")  # every account shows the same person
        assert NAME in driver.text, channel
        assert PHONE in driver.text, channel
        assert UNIT in driver.text, channel
        assert "已承诺" in driver.text, channel
        assert t(app, "zh", f"channel-{channel}") in driver.text

    web = drivers["web"]
    await web.send("/forget")  # from any one of them
    await web.press("确认删除")
    assert web.texts() == [t(app, "zh", "forget-done")]

    async with app.sessionmaker() as session:
        erased = await session.get(Person, person_id)
        assert erased is not None  # kept anonymous: the pact's pledge count still includes her
        listed = (
            erased.display_name,
            erased.phone,
            erased.community_id,
            erased.building_id,
            erased.unit,
            erased.consented_at,
        )
        assert listed == (FORGOTTEN_NAME, None, None, None, None, None)
        assert erased.forgotten_at is not None
        assert (await session.scalars(select(ChannelAccount).where(ChannelAccount.person_id == person_id))).all() == []
        chats = [driver.chat_id for driver in drivers.values()]
        states = await session.scalars(select(ConversationState).where(ConversationState.chat_id.in_(chats)))
        assert states.all() == []
        assert (await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == person_id))).all() == []

    copy = tmp_path / "after-forget.db"
    assert await cmd_backup(app.settings, argparse.Namespace(file=copy)) == 0
    raw = copy.read_bytes()
    for kept in (NAME, PHONE, UNIT, OPENID, WEB_CHAT, f"给{NAME}的通知"):
        assert kept.encode() not in raw, kept

    for channel, driver in drivers.items():  # each account is a stranger now, with nothing of hers
        await driver.send("/me")
        # (Telegram tells us the account's name again with every message: that is the platform's, not kept.)
        for kept in (PHONE, UNIT, "已承诺", "云塘"):
            assert kept not in driver.text, (channel, kept)
        stranger = await driver.person()
        assert stranger is not None
        assert stranger.id != person_id


async def test_deleted_rows_are_overwritten_in_the_file(make_app: AppFactory) -> None:
    """What makes the backup clean on every SQLite build, not only Debian's (built with SECURE_DELETE)."""
    app = await make_app()
    async with app.engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1

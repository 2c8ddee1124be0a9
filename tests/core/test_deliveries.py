"""A delivery handled once (models.inbound): a copy of it — Telegram's redelivery, a replay after a crash,
a second process — changes nothing, and gets the first handling's answers only while they were never
marked sent."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from bot.app import Linli
from handlers.core.messages import Incoming, Sender
from models.inbound import InboundUpdate, journal, mark_replied, unhandled
from models.talk.store import Matter
from tests.harness import t


def text(body: str, delivery: str) -> Incoming:
    return replace(Incoming.from_text("terminal", "wang", Sender("wang", "王秀英", None), body), delivery=delivery)


async def test_a_copy_changes_nothing_and_gets_the_unsent_answers_again(app: Linli) -> None:
    steps = ["/talknew", "希望小区增加快递柜", "快递经常丢"]  # raise a matter: title, then a few lines
    first = [await app.core.handle(text(body, f"9{n}")) for n, body in enumerate(steps)]
    assert "请再多说几句" in first[1].replies[-1].text
    # The second step comes again (Telegram did not get our 200 in time): handled before, so nothing moves
    # on — the flow is still at the photo question — and its answers, never marked sent, come again.
    copy = await app.core.handle(text("希望小区增加快递柜", "91"))
    assert [r.text for r in copy.replies] == [r.text for r in first[1].replies]
    async with app.sessionmaker() as session:
        kept = await session.scalar(select(func.count()).select_from(InboundUpdate))
    assert kept == 3
    photo_question = t(app, "zh", "talk-ask-photo")
    assert photo_question in first[2].replies[-1].text
    # Once marked sent, a copy is answered with nothing at all.
    async with app.sessionmaker() as session, session.begin():
        await mark_replied(session, "terminal", ["91"], app.services.clock())
    assert (await app.core.handle(text("希望小区增加快递柜", "91"))).replies == []
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Matter).where(Matter.title.like("%快递柜%"))) == 0


async def test_what_was_kept_but_not_answered_is_found_for_the_replay(app: Linli) -> None:
    now = app.services.clock()
    async with app.sessionmaker() as session, session.begin():
        await journal(session, "telegram", [("501", {"update_id": 501}), ("502", {"update_id": 502})], now)
        await journal(session, "telegram", [("501", {"update_id": 501})], now)  # a copy: kept once
    await app.core.handle(replace(text("/help", "501"), channel="telegram"))  # handled, not yet marked sent
    async with app.sessionmaker() as session, session.begin():
        assert [row.key for row in await unhandled(session, "telegram", now)] == ["501", "502"]
        await mark_replied(session, "telegram", ["501"], now)
    async with app.sessionmaker() as session:
        assert [row.key for row in await unhandled(session, "telegram", now)] == ["502"]


async def test_an_update_handled_before_it_was_kept_can_still_be_handed_on(app: Linli) -> None:
    """The journal runs beside the handling: a fast handling may write the row first."""
    now = app.services.clock()
    await app.core.handle(replace(text("/help", "601"), channel="telegram"))
    async with app.sessionmaker() as session, session.begin():
        await journal(session, "telegram", [("601", {"update_id": 601})], now)
    async with app.sessionmaker() as session:
        [row] = await unhandled(session, "telegram", now)
        assert row.body == {"update_id": 601}
        assert row.handled_at is not None

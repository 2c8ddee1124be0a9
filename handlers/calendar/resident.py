"""/calendar: give, renew or stop the person's calendar address."""

from __future__ import annotations

from handlers.calendar.buttons import CalendarNewAddress, CalendarStop
from handlers.calendar.feed import feed_url, webcal_url
from handlers.core.buttons import MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Feature
from handlers.core.menu import menu_button
from models.calendar.store import feed_of, new_feed, stop_feed


async def run_calendar(ctx: Ctx) -> None:
    feed = await feed_of(ctx.session, ctx.person.id)
    if feed is None:
        await _give_address(ctx, renewed=False)
        return
    # The address itself is not kept (only its digest): it can be replaced, not shown again.
    ctx.say(
        "calendar-have-one",
        [
            [ctx.button("calendar-new-address", CalendarNewAddress(1))],
            [ctx.button("calendar-stop", CalendarStop(0))],
            menu_button(ctx),
        ],
        since=ctx.when(feed.created_at),
    )


async def _give_address(ctx: Ctx, *, renewed: bool) -> None:
    token = await new_feed(ctx.session, ctx.person.id, ctx.now)
    ctx.say(
        "calendar-address",
        [[ctx.button("booking-mine-button", MenuAction("mybookings"))], menu_button(ctx)],
        url=feed_url(ctx.services, token),
        webcal=webcal_url(ctx.services, token),
        renewed="yes" if renewed else "no",
    )


async def on_new_address(ctx: Ctx, item: CalendarNewAddress) -> None:
    renewing = await feed_of(ctx.session, ctx.person.id) is not None
    await _give_address(ctx, renewed=renewing and bool(item.renew))


async def on_stop(ctx: Ctx, item: CalendarStop) -> None:
    if not item.confirmed:
        ctx.say(
            "calendar-stop-ask",
            [
                [ctx.button("calendar-stop-yes", CalendarStop(1))],
                [ctx.button("calendar-stop-keep", MenuAction("calendar"))],
            ],
        )
        return
    await stop_feed(ctx.session, ctx.person.id)
    ctx.say("calendar-stopped", [[ctx.button("calendar-new-address", CalendarNewAddress(0))], menu_button(ctx)])


BUTTONS: dict[type[Payload], ButtonFn] = {CalendarNewAddress: on_new_address, CalendarStop: on_stop}

FEATURE = Feature(
    name="calendar",
    commands=[
        Command(
            "calendar",
            run_calendar,
            "cmd-calendar",
            audience=Audience.residents,
            keywords=("日历", "订阅日历", "calendar"),
        )
    ],
    buttons=BUTTONS,
)

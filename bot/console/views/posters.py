"""QR posters (二维码海报): staff choose a building, a community or a whole street and the channel, and get a
printable PDF, a page per building (bot/posters)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.console.app import SECURITY_HEADERS
from bot.console.page import BadForm, NotFound, Page, Routes, Section, render
from bot.console.staff import Staff
from bot.posters.links import NoChannel
from bot.posters.make import place_posters
from config.fonts import NoChineseFont
from models.people import COMMUNITY_MANAGERS
from models.places import Place, PlaceKind, tree_sorted

PATH = "/console/posters"
KINDS = (PlaceKind.street, PlaceKind.community, PlaceKind.building)


def may_print(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


def channels(page: Page) -> list[str]:
    """The channels this installation has, the residents' own app first."""
    settings = page.services.settings
    found = ["wechat"] if settings.wechat_enabled else []
    if settings.telegram_token is not None:
        found.append("telegram")
    return [*found, "web"]


async def places(page: Page) -> list[Place]:
    result = await page.session.scalars(
        select(Place).where(Place.kind.in_(KINDS), page.staff.place_filter(Place.path, COMMUNITY_MANAGERS))
    )
    return await tree_sorted(page.session, result.all())


async def index(page: Page) -> web.StreamResponse:
    return render(page, "posters/index.html", places=await places(page), channels=channels(page), error=None)


async def pdf(page: Page) -> web.StreamResponse:
    raw = page.query.get("place", "")
    place = await page.session.get(Place, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if place is None or place.kind not in KINDS or not page.staff.covers(place, COMMUNITY_MANAGERS):
        raise NotFound()
    channel = page.query.get("channel", "")
    if channel not in channels(page):
        raise BadForm("console-posters-bad-channel")
    try:
        content, pages = await place_posters(page.linli, place, channel, page.session)
    except (NoChannel, NoChineseFont, ConnectionError) as error:
        return render(
            page, "posters/index.html", status=503, places=await places(page), channels=channels(page), error=str(error)
        )
    await page.audit("posters.make", object_type="place", object_id=place.id, place_id=place.id)
    if not pages:
        return render(
            page,
            "posters/index.html",
            status=404,
            places=await places(page),
            channels=channels(page),
            error=page.t("console-posters-no-buildings", place=place.name(page.language)),
        )
    return web.Response(
        body=content,
        content_type="application/pdf",
        headers={
            **SECURITY_HEADERS,
            "Content-Disposition": f'attachment; filename="posters-{place.code}-{channel}.pdf"',
        },
    )


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + ".pdf", pdf)


SECTION = Section("posters", "console-posters-nav", PATH, 55, may_print, routes)

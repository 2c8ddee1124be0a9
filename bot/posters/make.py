"""Posters for a place: one per building in it (a building, a community, or a whole street)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.posters.links import Links
from bot.posters.pdf import Poster, posters_pdf
from config.fonts import cjk_font
from models.places import Place, buildings_of_community, community_of

if TYPE_CHECKING:
    from bot.app import Linli

MAX_BUILDINGS = 500  # a street's worth; a district is several files


async def buildings_in(session: AsyncSession, place: Place) -> list[tuple[Place, Place]]:
    """(building, its community) for every building in ``place``, in the order staff read them."""
    found = []
    for building in list(await buildings_of_community(session, place))[:MAX_BUILDINGS]:
        community = await community_of(session, building)
        if community is not None:
            found.append((building, community))
    return found


def _steps(linli: Linli, language: str, channel: str) -> list[str]:
    text = linli.services.catalog.t(language, "poster-steps", {"channel": channel})
    return [line.strip() for line in text.splitlines() if line.strip()]


async def place_posters(
    linli: Linli, place: Place, channel: str, session: AsyncSession | None = None
) -> tuple[bytes, int]:
    """The PDF and how many pages (buildings) it has. Raises NoChannel, NoChineseFont. ``session``: the
    caller's (a console page holds the embedded database's only connection), else one of our own."""
    if session is None:
        async with linli.sessionmaker() as own, own.begin():
            return await place_posters(linli, place, channel, own)
    font = cjk_font(linli.settings.cjk_font)
    links = Links(linli, channel, session)
    catalog = linli.services.catalog
    try:
        posters = []
        for building, community in await buildings_in(session, place):
            link = await links.link(building)
            posters.append(
                Poster(
                    community_zh=community.name("zh"),
                    community_en=community.name("en"),
                    building_zh=building.name("zh"),
                    building_en=building.name("en"),
                    link=link,
                    steps_zh=_steps(linli, "zh", channel),
                    steps_en=_steps(linli, "en", channel),
                    title_zh=catalog.t("zh", "poster-title"),
                    title_en=catalog.t("en", "poster-title"),
                    footer=catalog.t("zh", "poster-footer", {"community": community.name("zh"), "link": link}),
                )
            )
    finally:
        await links.close()
    return posters_pdf(posters, font), len(posters)

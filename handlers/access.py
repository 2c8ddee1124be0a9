"""Who may do what, as the flows ask it. The rules themselves live in models.people."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.feature import Audience
from models.people import COMMUNITY_MANAGERS, has_role
from models.places import Place


async def home_community(ctx: Ctx) -> Place | None:
    if ctx.person.community_id is None:
        return None
    return await ctx.session.get(Place, ctx.person.community_id)


async def is_manager(ctx: Ctx) -> bool:
    """May speak for their own community: its staff, or an admin of its street or district."""
    community = await home_community(ctx)
    if community is None or not ctx.person.is_registered:
        return False
    return await has_role(ctx.session, ctx.person.id, COMMUNITY_MANAGERS, community)


async def admits(ctx: Ctx, audience: Audience) -> bool:
    if audience is Audience.everyone:
        return True
    if audience is Audience.guests:
        return not ctx.person.is_registered
    if audience is Audience.residents:
        return ctx.person.is_registered
    return await is_manager(ctx)

"""Who may do what, as the flows ask it. The rules themselves live in models.people."""

from __future__ import annotations

from sqlalchemy import exists, select

from handlers.core.context import Ctx
from handlers.core.feature import Audience
from models.hotline.catalogue import HotlineProviderStaff
from models.people import COMMUNITY_MANAGERS, Role, RoleGrant, has_role
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


async def has_work(ctx: Ctx) -> bool:
    """Holds a role beyond volunteering (grid worker, staff, admin, mediator, operator…) or works for a 12343
    provider: the one query that spares everyone else the checks of each "My work" entry."""
    if not ctx.person.is_registered:
        return False
    person_id = ctx.person.id
    role = exists().where(RoleGrant.person_id == person_id, RoleGrant.role != Role.volunteer)
    provider = exists().where(HotlineProviderStaff.person_id == person_id)
    return bool(await ctx.session.scalar(select(role | provider)))

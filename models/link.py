"""Joining a channel account to another person: the web chat of someone who already uses Telegram.

The account is re-pointed, not copied: the person it leaves behind was made for that account on first
contact and is removed when nothing else holds on to it. A person other records point to (a booking, a
report) is kept, anonymised, so those records stay whole.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import ChannelAccount, Person, forget_person


async def move_account(session: AsyncSession, account: ChannelAccount, person: Person) -> Person | None:
    """Give ``account`` to ``person``. Returns the person it left if that one is still stored (it had
    other accounts, or records that point to it), None if it was deleted."""
    left = await session.get(Person, account.person_id)
    account.person_id = person.id
    await session.flush()
    if left is None or left.id == person.id:
        return None
    others = await session.scalar(
        select(func.count()).select_from(ChannelAccount).where(ChannelAccount.person_id == left.id)
    )
    if others:
        return left
    if await delete_if_unreferenced(session, left):
        return None
    await forget_person(session, left)
    return left


async def delete_if_unreferenced(session: AsyncSession, person: Person) -> bool:
    """Delete the person unless a record without ON DELETE CASCADE points to it (the database says so:
    a savepoint absorbs the refusal, so the list of tables that refer to people is never out of date)."""
    try:
        async with session.begin_nested():
            await session.execute(
                delete(Person).where(Person.id == person.id).execution_options(synchronize_session=False)
            )
    except IntegrityError:
        return False
    session.expunge(person)
    return True

"""What the web needs to remember: one-time codes, console sessions, sign-in attempts, the audit log.

Secrets (codes, session tokens) are kept only as SHA-256 digests: someone who reads the database (a backup,
a support dump) cannot sign in with what they find. Codes are single-use and short-lived; sessions slide
forward while used and end at a hard limit. Everything is in the database, not in process memory, so several
web processes behind one address agree on who is signed in and how many attempts someone has had.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.booking.store import Room
from models.hotline.catalogue import HotlineProviderStaff
from models.people import Role, RoleGrant


class CodePurpose(enum.StrEnum):
    console = "console"  # a code or link that signs a staff member in to the console
    link = "link"  # a code that joins a web chat to the person's existing (Telegram) account


CODE_DIGITS = 6
LINK_TOKEN_BYTES = 24  # a login link carries a long token; a typed code is short and rate-limited


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class OneTimeCode(Base):
    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[CodePurpose] = mapped_column(Enum(CodePurpose, native_enum=False, length=16))
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


async def _issue(
    session: AsyncSession, person_id: int, purpose: CodePurpose, secret: str, now: datetime, ttl: timedelta
) -> None:
    session.add(
        OneTimeCode(
            person_id=person_id, purpose=purpose, code_hash=digest(secret), created_at=now, expires_at=now + ttl
        )
    )
    await session.flush()


async def issue_code(session: AsyncSession, person_id: int, purpose: CodePurpose, now: datetime, ttl: timedelta) -> str:
    """A fresh 6-digit code; earlier unused codes of this person and purpose stop working (only the
    newest one a person was sent is valid, so an old message lying around is harmless)."""
    await revoke_codes(session, person_id, purpose, now)
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        # Codes of one purpose are redeemed by the code alone (link), so two live ones must differ.
        clash = await session.scalar(
            select(OneTimeCode.id).where(
                OneTimeCode.purpose == purpose,
                OneTimeCode.code_hash == digest(code),
                OneTimeCode.used_at.is_(None),
                OneTimeCode.expires_at > now,
            )
        )
        if clash is None:
            break
    await _issue(session, person_id, purpose, code, now, ttl)
    return code


async def issue_link_token(
    session: AsyncSession, person_id: int, purpose: CodePurpose, now: datetime, ttl: timedelta
) -> str:
    """A long random token for a link (``/console/login?token=…``); it does not revoke the typed code
    sent in the same message, so either works once."""
    token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
    await _issue(session, person_id, purpose, token, now, ttl)
    return token


async def revoke_codes(session: AsyncSession, person_id: int, purpose: CodePurpose, now: datetime) -> None:
    await session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.person_id == person_id, OneTimeCode.purpose == purpose, OneTimeCode.used_at.is_(None))
        .values(used_at=now)
    )


async def redeem_code(
    session: AsyncSession, purpose: CodePurpose, secret: str, now: datetime, *, person_id: int | None = None
) -> int | None:
    """The person a live code belongs to, marking it used; None if it is wrong, used or expired.

    One conditional UPDATE: two tabs redeeming the same code at once cannot both succeed."""
    conditions = [
        OneTimeCode.purpose == purpose,
        OneTimeCode.code_hash == digest(secret.strip()),
        OneTimeCode.used_at.is_(None),
        OneTimeCode.expires_at > now,
    ]
    if person_id is not None:
        conditions.append(OneTimeCode.person_id == person_id)
    code_id = await session.scalar(select(OneTimeCode.id).where(*conditions).order_by(OneTimeCode.id.desc()))
    if code_id is None:
        return None
    result = await session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == code_id, OneTimeCode.used_at.is_(None))
        .values(used_at=now)
        .returning(OneTimeCode.person_id)
    )
    return result.scalar_one_or_none()


# --- console sessions ---------------------------------------------------------------------------


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Sent in every form and checked on every POST; a per-session secret, so it is kept as is.
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # hard limit, whatever the activity


async def start_web_session(
    session: AsyncSession, person_id: int, now: datetime, lifetime: timedelta
) -> tuple[str, WebSession]:
    """A new session: the cookie's token (returned once, stored hashed) and its row."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=digest(token),
        person_id=person_id,
        csrf_token=secrets.token_urlsafe(24),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    await session.flush()
    return token, row


async def find_web_session(session: AsyncSession, token: str, now: datetime, idle: timedelta) -> WebSession | None:
    """The live session for a cookie: not past its hard limit and used within ``idle``."""
    row = await session.scalar(select(WebSession).where(WebSession.token_hash == digest(token)))
    if row is None or row.expires_at <= now or row.last_seen_at + idle <= now:
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # don't write on every click
        row.last_seen_at = now
    return row


async def end_web_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))


async def end_sessions_of(session: AsyncSession, person_id: int) -> None:
    """Sign a person out everywhere (their roles were revoked, or they asked)."""
    await session.execute(delete(WebSession).where(WebSession.person_id == person_id))


# --- sign-in attempts -----------------------------------------------------------------------------


class SignInAttempt(Base):
    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "ip:<address>" or "who:<person id or typed name>": limited by both, so neither spraying one
    # account from many addresses nor many accounts from one address gets far.
    key: Mapped[str] = mapped_column(String(120), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)


async def failures_since(session: AsyncSession, key: str, since: datetime) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(SignInAttempt)
            .where(SignInAttempt.key == key, SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False))
        )
        or 0
    )


async def record_attempt(session: AsyncSession, keys: list[str], now: datetime, *, succeeded: bool) -> None:
    session.add_all(SignInAttempt(key=key[:120], at=now, succeeded=succeeded) for key in keys)
    await session.flush()


async def prune_attempts(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(SignInAttempt).where(SignInAttempt.at < before))


# --- staff passwords (optional; set from the CLI) ----------------------------------------------------


class ConsolePassword(Base):
    """A password for the console, for staff who cannot receive a code in chat. scrypt, per-row salt."""

    __tablename__ = "console_passwords"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(128))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MIN_PASSWORD_CHARS = 10


def _scrypt(password: str, salt: str) -> str:
    return hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **SCRYPT).hex()


async def set_password(session: AsyncSession, person_id: int, password: str, now: datetime) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"a console password needs at least {MIN_PASSWORD_CHARS} characters")
    salt = secrets.token_hex(16)
    row = await session.get(ConsolePassword, person_id)
    if row is None:
        row = ConsolePassword(person_id=person_id, salt=salt, password_hash="", set_at=now)
        session.add(row)
    row.salt, row.password_hash, row.set_at = salt, _scrypt(password, salt), now
    await session.flush()


async def check_password(session: AsyncSession, person_id: int, password: str) -> bool:
    row = await session.get(ConsolePassword, person_id)
    if row is None:
        return False
    return secrets.compare_digest(_scrypt(password, row.salt), row.password_hash)


# --- audit log ------------------------------------------------------------------------------------


class AuditEntry(Base):
    """One staff action taken in the console (and sign-ins): who, what, on which object, where."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60))  # "grid.accept", "notice.send", "sign_in.code"…
    object_type: Mapped[str] = mapped_column(String(30), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    # The place the action concerned, so an admin sees the log of their own place and beneath.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # never personal data


async def record_audit(
    session: AsyncSession,
    person_id: int | None,
    action: str,
    now: datetime,
    *,
    object_type: str = "",
    object_id: str | int = "",
    place_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=now,
        person_id=person_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        place_id=place_id,
        detail=detail or {},
    )
    session.add(entry)
    await session.flush()
    return entry


# --- who may use the console ------------------------------------------------------------------------


async def is_console_user(session: AsyncSession, person_id: int) -> bool:
    """Holds something the console serves: a role other than volunteer, a 12343 provider, a room."""
    checks = (
        select(RoleGrant.id).where(RoleGrant.person_id == person_id, RoleGrant.role != Role.volunteer),
        select(HotlineProviderStaff.id).where(HotlineProviderStaff.person_id == person_id),
        select(Room.id).where(Room.manager_id == person_id),
    )
    for check in checks:
        if await session.scalar(check.limit(1)) is not None:
            return True
    return False

"""Staff notices: the list with delivery counts, a notice with its ledger (and the ledger as CSV), composing
with a preview that gives the exact number of recipients, cancelling.

Whoever may send notices in chat may use this (``models.notices.store.notice_scopes``: a grid worker their grid,
community staff their community, admins their street or district), and sees the notices of those places.
A notice is stored and queued exactly as the chat's ``/notice`` does it (the ``notices.queue`` timer writes
its audience into the outbox in chunks, ``notices.watch`` reports back), so the outbox and the ledger work
the same whichever way it was sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField
from sqlalchemy import select

import handlers.notices.staff as notices_staff
import models.timers as timers
from bot.cli.notices import ledger_csv
from bot.console.app import SECURITY_HEADERS
from bot.console.page import NotFound, Page, Refused, Routes, Section, redirect, render
from bot.console.staff import Staff
from bot.console.xlsx import MAX_ROWS, download, workbook
from handlers.core.scope import after_quiet_hours
from handlers.notices.staff import MAX_SCHEDULE_AHEAD, NARROWER
from handlers.notices.text import notice_reply
from models.errors import DomainError
from models.media import MAX_MEDIA_BYTES, MediaFile, load_media, save_media
from models.notices.store import (
    MAX_NOTICE_CHARS,
    NOTICE_SENDERS,
    QUEUE_TIMER,
    AudienceRole,
    Notice,
    NoticeStatus,
    Topic,
    Urgency,
    audience_of,
    count_audience,
    ledger,
    ledger_rows,
    may_manage,
    notice_scopes,
    notices_of_places,
)
from models.people import Person
from models.places import Place, tree_sorted
from models.wechat import WAITING_FOR_WINDOW

CHANNEL_NAMES = ("telegram", "terminal", "web", "wechat")  # the channel-* catalog ids

PATH = "/console/notices"
MAX_LISTED = 50
MAX_LEDGER_ROWS = 200
MAX_NARROWER = 200
CSV_CHUNK = 64 * 1024
LANGUAGES = ("zh", "en")
# Sniffed from the bytes, not taken from the browser's word: what residents' phones will be sent.
IMAGE_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def may_notify(staff: Staff) -> bool:
    return staff.has(NOTICE_SENDERS)


# --- scope ------------------------------------------------------------------------------------------


def notice_id_in_path(page: Page) -> int:
    return page.path_id("notice_id")


async def managed_notice(page: Page) -> Notice:
    """A notice the person may manage (its author, or a sender for its place or one above): as in chat."""
    notice = await page.session.get(Notice, notice_id_in_path(page))
    if notice is None or not await may_manage(page.session, page.staff.person.id, notice):
        raise NotFound()
    return notice


async def place_names(page: Page, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    places = await page.session.scalars(select(Place).where(Place.id.in_(ids)))
    return {place.id: place.name(page.language) for place in places}


# --- the list and one notice ---------------------------------------------------------------------------


def first_line(notice: Notice, language: str, limit: int = 60) -> str:
    text = notice.text(language).strip()
    return text.splitlines()[0][:limit] if text else ""


async def index(page: Page) -> web.StreamResponse:
    scopes = await notice_scopes(page.session, page.staff.person.id)
    notices = await notices_of_places(page.session, scopes, limit=MAX_LISTED)
    names = await place_names(page, {notice.scope_place_id for notice in notices})
    rows = [
        (notice, await ledger(page.session, notice.id), names.get(notice.scope_place_id, "—")) for notice in notices
    ]
    return render(page, "notices/index.html", rows=rows, first_line=first_line, labels=Labels(page))


class Labels:
    """Translated names of a notice's enumerations (the catalog ids are listed in tests/test_i18n.py)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def status(self, status: NoticeStatus) -> str:
        return self.page.t(f"notices-status-{status.value}")

    def urgency(self, urgency: Urgency | str) -> str:
        return self.page.t(f"notices-urgency-{Urgency(urgency).value}")

    def topic(self, topic: Topic | str) -> str:
        return self.page.t(f"notices-topic-{Topic(topic).value}")

    def role(self, role: AudienceRole | str) -> str:
        return self.page.t(f"notices-role-{AudienceRole(role).value}")

    def language(self, language: str) -> str:
        return self.page.t(f"notices-language-{language}")


async def audience_text(page: Page, scope: Place, spec: dict[str, Any]) -> str:
    """Whom a notice is for, in words (the same words as the chat's preview)."""
    labels = Labels(page)
    separator = page.t("list-separator")
    if spec.get("roles"):
        roles = separator.join(labels.role(role) for role in spec["roles"])
        who = page.t("notices-summary-roles", roles=roles, place=scope.name(page.language))
    elif spec.get("places"):
        names = await place_names(page, set(spec["places"]))
        who = separator.join(names[place_id] for place_id in spec["places"] if place_id in names)
    else:
        who = scope.name(page.language)
    if spec.get("language"):
        who = page.t("notices-summary-language", who=who, language=labels.language(spec["language"]))
    return who


async def notice_page(page: Page) -> web.StreamResponse:
    notice = await managed_notice(page)
    scope = await page.session.get(Place, notice.scope_place_id)
    assert scope is not None
    rows = (await page.session.execute(ledger_rows(notice.id).limit(MAX_LEDGER_ROWS))).all()
    author = await page.session.get(Person, notice.author_id) if notice.author_id else None
    return render(
        page,
        "notices/notice.html",
        notice=notice,
        scope=scope,
        author=author.display_name if author else "—",
        who=await audience_text(page, scope, notice.audience),
        counts=await ledger(page.session, notice.id),
        rows=rows,
        shown=MAX_LEDGER_ROWS,
        labels=Labels(page),
        waiting_for_window=WAITING_FOR_WINDOW,
    )


async def ledger_workbook(page: Page) -> web.StreamResponse:
    """The ledger as an Excel workbook: a row per message, statuses in words, times local."""
    notice = await managed_notice(page)
    await page.audit("notice.ledger_export", object_type="notice", object_id=notice.id, place_id=notice.scope_place_id)
    t, zone = page.t, page.services.settings.timezone
    headers = [
        t("console-notices-name"),
        t("console-notices-language"),
        t("console-notices-channel"),
        t("console-notices-state"),
        t("console-notices-delivered-as"),
        t("console-notices-attempts"),
        t("console-export-time-column", column=t("console-notices-sent-at"), zone=zone),
        t("console-export-time-column", column=t("console-notices-acknowledged"), zone=zone),
    ]
    rows = []
    for row in (await page.session.execute(ledger_rows(notice.id).limit(MAX_ROWS))).all():
        how = ""
        if row.delivered_as == "template":
            how = t("console-notices-as-template")
        elif row.last_error == WAITING_FOR_WINDOW:
            how = t("console-notices-waiting-window")
        rows.append(
            [
                row.display_name or "",
                row.language or "",
                t(f"channel-{row.channel}") if row.channel in CHANNEL_NAMES else row.channel,
                t("console-notices-message-status", status=row.status.value),
                how,
                row.attempts,
                row.sent_at,
                row.acknowledged_at,
            ]
        )
    content = workbook(t("console-notices-ledger-sheet", id=notice.id), headers, rows, page.services.settings.tz)
    return download(content, f"notice-{notice.id}-ledger.xlsx", SECURITY_HEADERS)


async def ledger_download(page: Page) -> web.StreamResponse:
    notice = await managed_notice(page)
    await page.audit("notice.ledger_export", object_type="notice", object_id=notice.id, place_id=notice.scope_place_id)
    response = web.StreamResponse(
        headers={
            **SECURITY_HEADERS,  # set before the body starts: the middleware cannot add them afterwards
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="notice-{notice.id}-ledger.csv"',
        }
    )
    await response.prepare(page.request)
    # A byte-order mark, so that spreadsheet programs read the Chinese names as UTF-8.
    chunk = "\ufeff"
    async for line in ledger_csv(page.session, notice.id):
        chunk += line
        if len(chunk) >= CSV_CHUNK:
            await response.write(chunk.encode("utf-8"))
            chunk = ""
    await response.write(chunk.encode("utf-8"))
    await response.write_eof()
    return response


async def photo(page: Page) -> web.StreamResponse:
    notice = await managed_notice(page)
    media = await load_media(page.session, notice.media_id) if notice.media_id is not None else None
    if media is None:
        raise NotFound()
    return web.Response(body=media.content, content_type=media.mime_type)


async def cancel(page: Page) -> web.StreamResponse:
    notice = await managed_notice(page)
    if not notice.is_open:
        raise Refused("notices-not-open")
    withdrawn, sent = await notices_staff.cancel(page, notice=notice)
    await page.audit("notice.cancel", object_type="notice", object_id=notice.id, place_id=notice.scope_place_id)
    flash = page.t("notices-cancelled", withdrawn=withdrawn, sent=sent)
    return redirect(page, f"{PATH}/{notice.id}", flash=flash)


# --- composing -----------------------------------------------------------------------------------------


@dataclass
class Draft:
    """What the compose form holds, as typed (strings), so a form with a mistake comes back as it was."""

    scope: str = ""
    audience: str = "all"  # all / places / roles
    places: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    language: str = "all"
    text_zh: str = ""
    text_en: str = ""
    media: str = ""  # a kept photo's id, with its signature
    media_sig: str = ""
    urgency: str = Urgency.normal.value
    topic: str = Topic.general.value
    when: str = "now"  # now / at
    send_at: str = ""  # local "YYYY-MM-DDTHH:MM"


@dataclass
class Checked:
    scope: Place
    spec: dict[str, Any]
    send_at: datetime | None  # None: now
    media_id: int | None


class DraftError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def posted_draft(page: Page) -> Draft:
    form = page.form
    if form is None:
        return Draft()

    def text(name: str) -> str:
        value = form.get(name, "")
        return value if isinstance(value, str) else ""

    return Draft(
        scope=text("scope").strip(),
        audience=text("audience").strip() or "all",
        places=[v for v in form.getall("places", []) if isinstance(v, str)],
        roles=[v for v in form.getall("roles", []) if isinstance(v, str)],
        language=text("language").strip() or "all",
        text_zh=text("text_zh").replace("\r\n", "\n").strip(),
        text_en=text("text_en").replace("\r\n", "\n").strip(),
        media=text("media").strip(),
        media_sig=text("media_sig").strip(),
        urgency=text("urgency").strip(),
        topic=text("topic").strip(),
        when=text("when").strip() or "now",
        send_at=text("send_at").strip(),
    )


def media_signature(page: Page, media_id: int) -> str:
    """Binds a kept photo to this staff member: a forged id cannot attach someone else's picture."""
    message = f"console-notice-media:{page.staff.person.id}:{media_id}".encode()
    return hmac.new(page.services.button_key, message, hashlib.sha256).hexdigest()[:32]


async def narrower_places(page: Page, scopes: list[Place]) -> dict[int, list[Place]]:
    """Per scope, the places a notice can be narrowed to (as in chat: one and two levels down)."""
    found: dict[int, list[Place]] = {}
    for scope in scopes:
        kinds = NARROWER.get(scope.kind, ())
        if not kinds:
            found[scope.id] = []
            continue
        result = await page.session.scalars(
            select(Place)
            .where(Place.path.startswith(scope.path), Place.kind.in_(kinds))
            .order_by(Place.path, Place.sort_order)
            .limit(MAX_NARROWER)
        )
        found[scope.id] = await tree_sorted(page.session, result.all())
    return found


def parse_local(page: Page, raw: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return None
    return moment.replace(tzinfo=page.services.settings.tz)


async def check_draft(page: Page, draft: Draft, scopes: list[Place], *, sending: bool) -> Checked:
    """Everything the chat's steps check, at once; DraftError names the first problem."""
    scope = next((place for place in scopes if str(place.id) == draft.scope), None)
    if scope is None:
        raise DraftError(page.t("console-notices-pick-scope"))
    spec: dict[str, Any] = {"places": [], "roles": [], "language": None}
    if draft.audience == "places":
        allowed = {str(place.id): place.id for place in (await narrower_places(page, [scope]))[scope.id]}
        if not draft.places:
            raise DraftError(page.t("console-notices-pick-places"))
        if any(value not in allowed for value in draft.places):
            raise DraftError(page.t("console-notices-place-outside", place=scope.name(page.language)))
        spec["places"] = sorted({allowed[value] for value in draft.places})
    elif draft.audience == "roles":
        known = {role.value for role in AudienceRole}
        if not draft.roles or any(role not in known for role in draft.roles):
            raise DraftError(page.t("console-notices-pick-roles"))
        spec["roles"] = sorted(set(draft.roles))
    elif draft.audience != "all":
        raise DraftError(page.t("console-notices-pick-audience"))
    if draft.language not in ("all", *LANGUAGES):
        raise DraftError(page.t("console-notices-pick-language"))
    spec["language"] = None if draft.language == "all" else draft.language
    if not draft.text_zh:
        raise DraftError(page.t("console-notices-need-text"))
    for text in (draft.text_zh, draft.text_en):
        if len(text) > MAX_NOTICE_CHARS:
            raise DraftError(page.t("console-error-field-too-long", limit=MAX_NOTICE_CHARS))
    if draft.urgency not in {urgency.value for urgency in Urgency}:
        raise DraftError(page.t("console-notices-pick-urgency"))
    if draft.topic not in {topic.value for topic in Topic}:
        raise DraftError(page.t("console-notices-pick-topic"))
    send_at = None
    if draft.when == "at":
        send_at = parse_local(page, draft.send_at) if len(draft.send_at) <= 25 else None
        if send_at is None:
            raise DraftError(page.t("console-notices-bad-time"))
        # Sending a preview someone read for a minute past its time is what chat allows too.
        if send_at <= page.now - (timedelta(minutes=1) if sending else timedelta()):
            raise DraftError(page.t("notices-time-past", time=page.when(send_at)))
        if send_at - page.now > MAX_SCHEDULE_AHEAD:
            raise DraftError(page.t("notices-time-too-far", days=MAX_SCHEDULE_AHEAD.days))
    elif draft.when != "now":
        raise DraftError(page.t("console-notices-bad-time"))
    media_id = None
    if draft.media:
        if not draft.media.isdigit() or not hmac.compare_digest(
            draft.media_sig, media_signature(page, int(draft.media))
        ):
            raise DraftError(page.t("console-notices-photo-lost"))
        media_id = int(draft.media)
    return Checked(scope, spec, send_at, media_id)


def sniffed_image_type(content: bytes) -> str | None:
    for signature, mime_type in IMAGE_SIGNATURES:
        if content.startswith(signature):
            return mime_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


async def keep_upload(page: Page, draft: Draft) -> None:
    """A photo sent with the form is kept now (the preview shows it, the notice sends it)."""
    upload = page.form.get("photo") if page.form is not None else None
    if not isinstance(upload, FileField):
        return
    content = upload.file.read(MAX_MEDIA_BYTES + 1)
    if not content:
        return  # the file input left empty
    mime_type = sniffed_image_type(content)
    if mime_type is None:
        raise DraftError(page.t("console-notices-photo-type"))
    try:
        media = await save_media(page.session, content, mime_type, page.staff.person.id)
    except DomainError as refusal:
        raise DraftError(page.t("media-too-large", max_mb=MAX_MEDIA_BYTES // (1024 * 1024))) from refusal
    draft.media, draft.media_sig = str(media.id), media_signature(page, media.id)


def draft_notice(page: Page, draft: Draft, checked: Checked) -> Notice:
    """The notice as the chat's confirm step builds it (not yet added to the session)."""
    urgency = Urgency(draft.urgency)
    return Notice(
        author_id=page.staff.person.id,
        scope_place_id=checked.scope.id,
        audience=checked.spec,
        text_zh=draft.text_zh,
        text_en=draft.text_en,
        media_id=checked.media_id,
        urgency=urgency,
        topic=Topic(draft.topic),
        status=NoticeStatus.scheduled,
        send_at=checked.send_at or page.now,
        created_at=page.now,
        recipients=0,
        queue_cursor=0,
        remind_hours=page.services.settings.notices_remind_hours if urgency is Urgency.critical else 0,
    )


async def show_compose(
    page: Page, draft: Draft, scopes: list[Place], *, error: str = "", status: int = 200
) -> web.Response:
    local_now = page.now.astimezone(page.services.settings.tz)
    return render(
        page,
        "notices/compose.html",
        status=status,
        draft=draft,
        scopes=scopes,
        narrower=await narrower_places(page, scopes),
        error=error,
        roles=[role.value for role in AudienceRole],
        urgencies=[urgency.value for urgency in Urgency],
        topics=[topic.value for topic in Topic],
        languages=LANGUAGES,
        labels=Labels(page),
        max_chars=MAX_NOTICE_CHARS,
        max_mb=MAX_MEDIA_BYTES // (1024 * 1024),
        earliest=local_now.strftime("%Y-%m-%dT%H:%M"),
        latest=(local_now + MAX_SCHEDULE_AHEAD).strftime("%Y-%m-%dT%H:%M"),
        kept_photo=bool(draft.media),
    )


async def compose(page: Page) -> web.StreamResponse:
    scopes = await notice_scopes(page.session, page.staff.person.id)
    draft = Draft(scope=str(scopes[0].id) if scopes else "")
    return await show_compose(page, draft, scopes)


def data_url(media: MediaFile | None) -> str:
    if media is None:
        return ""
    return f"data:{media.mime_type};base64,{base64.b64encode(media.content).decode()}"


async def show_preview(
    page: Page, draft: Draft, checked: Checked, *, error: str = "", status: int = 200
) -> web.Response:
    notice = draft_notice(page, draft, checked)
    count = await count_audience(page.session, await audience_of(page.session, notice))
    held = notice.urgency is Urgency.normal and after_quiet_hours(notice.send_at, page.services.settings)
    media = await load_media(page.session, checked.media_id) if checked.media_id is not None else None
    versions = [
        (language, notice_reply(page.services, notice, checked.scope.name(language), language).text)
        for language in LANGUAGES
        if language == "zh" or notice.text_en
    ]
    return render(
        page,
        "notices/preview.html",
        status=status,
        draft=draft,
        error=error or ("" if count else page.t("notices-nobody")),
        count=count,
        who=await audience_text(page, checked.scope, checked.spec),
        notice=notice,
        labels=Labels(page),
        held_until=page.when(held) if held else "",
        versions=versions,
        photo=data_url(media),
    )


async def compose_post(page: Page) -> web.StreamResponse:
    scopes = await notice_scopes(page.session, page.staff.person.id)
    draft = posted_draft(page)
    action = page.field("action", max_chars=20)
    if action == "edit":
        return await show_compose(page, draft, scopes)
    if action not in ("preview", "send"):
        raise NotFound()
    try:
        checked = await check_draft(page, draft, scopes, sending=action == "send")
        if action == "preview":
            await keep_upload(page, draft)
            checked = await check_draft(page, draft, scopes, sending=False)
    except DraftError as problem:
        return await show_compose(page, draft, scopes, error=problem.message, status=400)
    if action == "preview":
        return await show_preview(page, draft, checked)
    notice = draft_notice(page, draft, checked)
    count = await count_audience(page.session, await audience_of(page.session, notice))
    if count == 0:
        return await show_preview(page, draft, checked, status=400)
    page.session.add(notice)
    await page.session.flush()
    # The chat's way: the queue timer writes the audience into the outbox in chunks, from now or its time.
    await timers.schedule(page.session, QUEUE_TIMER, notice.id, max(notice.send_at, page.now))
    page.notified += 1
    scheduled = checked.send_at is not None
    await page.audit(
        "notice.send",
        object_type="notice",
        object_id=notice.id,
        place_id=notice.scope_place_id,
        detail={
            "recipients": count,
            "urgency": notice.urgency.value,
            "topic": notice.topic.value,
            "scheduled": scheduled,
            "photo": notice.media_id is not None,
        },
    )
    flash = page.t(
        "console-notices-scheduled" if scheduled else "console-notices-sending",
        count=count,
        time=page.when(notice.send_at),
    )
    return redirect(page, f"{PATH}/{notice.id}", flash=flash)


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/new", compose)
    r.post(PATH + "/new", compose_post)
    r.get(PATH + "/{notice_id}", notice_page)
    r.get(PATH + "/{notice_id}/ledger.csv", ledger_download)
    r.get(PATH + "/{notice_id}/ledger.xlsx", ledger_workbook)
    r.get(PATH + "/{notice_id}/photo", photo)
    r.post(PATH + "/{notice_id}/cancel", cancel)


SECTION = Section("notices", "console-notices-nav", PATH, 60, may_notify, routes)

"""The notices section: the list with ledger counts, a notice with its ledger and CSV, composing with an exact
preview, photos, scheduling and cancelling; queued by the chat's own timer into the outbox; scope and bad
input."""

from __future__ import annotations

import argparse
import csv
import html as entities
import io
import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import FormData, web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import Linli
from bot.cli.notices import CSV_COLUMNS, cmd_ledger
from handlers.notices.jobs import QUEUE_TIMER
from models.notices.store import Notice, NoticeStatus, audience_of, count_audience
from models.outbox import OutboxMessage, OutboxStatus
from models.places import place_by_code
from models.timers import Timer
from models.web import AuditEntry
from tests.console.conftest import SignIn, demo_person

Client = TestClient[web.Request, web.Application]
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def tiny_png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


async def place_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        return place.id


def form_of(csrf: str, scope: int, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf": csrf,
        "scope": str(scope),
        "audience": "all",
        "language": "all",
        "text_zh": "明天上午停电检修,请提前做好准备。",
        "text_en": "Power cut for repairs tomorrow morning.",
        "urgency": "urgent",
        "topic": "outages",
        "when": "now",
        "send_at": "",
        "action": "preview",
    }
    form.update(changes)
    return form


def multipart(form: dict[str, Any], photo: tuple[str, bytes, str] | None = None) -> FormData:
    data = FormData()
    for name, value in form.items():
        for item in value if isinstance(value, list) else [value]:
            data.add_field(name, item)
    if photo is not None:
        filename, content, content_type = photo
        data.add_field("photo", content, filename=filename, content_type=content_type)
    return data


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return [(name, entities.unescape(value)) for name, value in HIDDEN.findall(html)]


async def send_from_preview(console: Client, html: str) -> Any:
    data = FormData()
    for name, value in hidden_fields(html):
        data.add_field(name, value)
    data.add_field("action", "send")
    return await console.post("/console/notices/new", data=data, allow_redirects=False)


async def notices_now(app: Linli) -> list[Notice]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(Notice).order_by(Notice.id))).all())


async def audit(app: Linli, action: str) -> list[AuditEntry]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())


async def expected_count(app: Linli, notice: Notice) -> int:
    async with app.sessionmaker() as session:
        return await count_audience(session, await audience_of(session, notice))


async def demo_notice(app: Linli, place: str) -> Notice:
    scope = await place_id(app, place)
    return next(notice for notice in await notices_now(app) if notice.scope_place_id == scope)


# --- who gets in ---------------------------------------------------------------------------------------


async def test_signed_out_and_non_senders_do_not_get_in(console: Client, sign_in: SignIn) -> None:
    response = await console.get("/console/notices", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")
    await sign_in(console, "hotline")  # a hotline operator sends no notices in chat either
    assert (await console.get("/console/notices")).status == 403
    assert (await console.get("/console/notices/new")).status == 403


async def test_the_list_shows_the_notices_of_ones_places(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "li")  # grid worker of Yuntang grid 1
    html = await (await console.get("/console/notices")).text()
    assert "格兰小镇1-4栋停水" in html  # his grid's notice
    assert "义诊" not in html  # the community's notice is zhou's
    community_notice = await demo_notice(app, "yuntang")
    assert (await console.get(f"/console/notices/{community_notice.id}")).status == 404


async def test_another_communitys_notice_is_not_found(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "tang")  # Qiaotou staff
    notice = await demo_notice(app, "yuntang")
    for url in (f"/console/notices/{notice.id}", f"/console/notices/{notice.id}/ledger.csv"):
        assert (await console.get(url)).status == 404, url
    assert (await console.get(f"/console/notices/{notice.id}/photo")).status == 404
    assert (await console.post(f"/console/notices/{notice.id}/cancel", data={"csrf": csrf})).status == 404
    assert (await console.get("/console/notices/999999")).status == 404
    assert (await console.get("/console/notices/x1")).status == 404
    html = await (await console.get("/console/notices")).text()
    assert "义诊" not in html
    assert "停水" not in html
    # Composing for Yuntang (not a scope of tang's) is refused, nothing stored.
    yuntang = await place_id(app, "yuntang")
    response = await console.post("/console/notices/new", data=multipart(form_of(csrf, yuntang, action="send")))
    assert response.status == 400
    assert "以哪里的名义" in await response.text()
    assert len(await notices_now(app)) == 2


# --- composing and sending -----------------------------------------------------------------------------


async def test_compose_preview_send_queue_and_ledger(app: Linli, console: Client, sign_in: SignIn) -> None:
    woken: list[bool] = []
    app.outbox_listeners.append(lambda: woken.append(True))
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    page = await console.get("/console/notices/new")
    assert page.status == 200
    assert 'enctype="multipart/form-data"' in await page.text()
    preview = await console.post("/console/notices/new", data=multipart(form_of(csrf, yuntang)))
    html = await preview.text()
    assert preview.status == 200, html
    assert await notices_now(app)
    assert len(await notices_now(app)) == 2
    expected = await expected_count(
        app, Notice(scope_place_id=yuntang, audience={"places": [], "roles": [], "language": None}, topic="outages")
    )
    assert expected > 3
    assert f"{expected} 人" in html
    assert f"发送给 {expected} 人" in html
    assert "明天上午停电检修" in html
    assert "Power cut for repairs" in html
    response = await send_from_preview(console, html)
    assert response.status == 303, await response.text()
    notice = (await notices_now(app))[-1]
    assert response.headers["Location"] == f"/console/notices/{notice.id}"
    assert notice.author_id == (await demo_person(app, "zhou")).id
    assert notice.status is NoticeStatus.scheduled
    assert notice.urgency.value == "urgent"
    assert notice.audience == {"places": [], "roles": [], "language": None}
    assert woken, "the outbox was woken"
    async with app.sessionmaker() as session:
        timer = await session.scalar(select(Timer).where(Timer.kind == QUEUE_TIMER, Timer.ref == str(notice.id)))
    assert timer is not None
    [entry] = await audit(app, "notice.send")
    assert entry.object_id == str(notice.id)
    assert entry.detail["recipients"] == expected
    # The chat's timer queues it into the outbox, exactly as for /notice.
    await app.timers.run_due()
    wang = await demo_person(app, "wang")
    async with app.sessionmaker() as session:
        people = await session.scalar(
            select(func.count(func.distinct(OutboxMessage.person_id))).where(OutboxMessage.notice_id == notice.id)
        )
        row = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.notice_id == notice.id, OutboxMessage.person_id == wang.id)
        )
    assert people == expected
    assert row is not None
    assert "停电检修" in row.payload["text"]
    shown = await (await console.get(response.headers["Location"])).text()
    assert f"正在发送给 {expected} 人" in shown  # the flash
    assert f"对象人数: <strong>{expected}</strong>" in shown
    assert "王秀英" in shown
    listing = await (await console.get("/console/notices")).text()
    assert f'href="/console/notices/{notice.id}"' in listing


async def test_the_ledger_csv_is_the_clis(app: Linli, console: Client, sign_in: SignIn, tmp_path: Path) -> None:
    csrf = await sign_in(console, "zhou")
    grid = await place_id(app, "yuntang-g1")
    yuntang = await place_id(app, "yuntang")
    preview = await console.post(
        "/console/notices/new", data=multipart(form_of(csrf, yuntang, audience="places", places=[str(grid)]))
    )
    await send_from_preview(console, await preview.text())
    notice = (await notices_now(app))[-1]
    assert notice.audience["places"] == [grid]
    await app.timers.run_due()
    async with app.sessionmaker() as session, session.begin():
        first = await session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id).limit(1))
        assert first is not None
        first.status = OutboxStatus.failed
        first.last_error = "blocked"
    response = await console.get(f"/console/notices/{notice.id}/ledger.csv")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"notice-{notice.id}-ledger.csv" in response.headers["Content-Disposition"]
    assert "Content-Security-Policy" in response.headers
    body = (await response.read()).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) - 1 == await expected_count(app, notice)
    assert any(row[6] == "failed" and row[9] == "blocked" for row in rows[1:])
    out = tmp_path / "ledger.csv"
    assert await cmd_ledger(app.settings, argparse.Namespace(notice_id=notice.id, file=out)) == 0
    assert out.read_bytes().decode("utf-8") == body.removeprefix("\ufeff")
    [entry] = await audit(app, "notice.ledger_export")
    assert entry.object_id == str(notice.id)


async def test_a_photo_goes_with_the_notice(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    png = tiny_png()
    preview = await console.post(
        "/console/notices/new", data=multipart(form_of(csrf, yuntang), photo=("outage.png", png, "image/png"))
    )
    html = await preview.text()
    assert preview.status == 200
    assert 'src="data:image/png;base64,' in html
    response = await send_from_preview(console, html)
    assert response.status == 303
    notice = (await notices_now(app))[-1]
    assert notice.media_id is not None
    picture = await console.get(f"/console/notices/{notice.id}/photo")
    assert picture.status == 200
    assert picture.content_type == "image/png"
    assert await picture.read() == png
    await app.timers.run_due()
    async with app.sessionmaker() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id).limit(1))
    assert row is not None
    assert row.payload["media"]["id"] == notice.media_id


async def test_bad_photos_are_refused_and_the_text_kept(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    fake = await console.post(
        "/console/notices/new",
        data=multipart(form_of(csrf, yuntang), photo=("x.png", b"<script>alert(1)</script>", "image/png")),
    )
    html = await fake.text()
    assert fake.status == 400
    assert "只能上传图片" in html
    assert "明天上午停电检修" in html
    # A kept photo whose signature does not match (someone else's media id) is not attached.
    forged = await console.post(
        "/console/notices/new", data=multipart(form_of(csrf, yuntang, media="1", media_sig="0" * 32, action="send"))
    )
    assert forged.status == 400
    assert "图片未能保留" in await forged.text()
    assert len(await notices_now(app)) == 2


async def test_bad_forms_are_answered_and_keep_what_was_typed(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    qiaotou_grid = await place_id(app, "qiaotou-g1")
    local = app.services.clock().astimezone(app.services.settings.tz)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"text_zh": " "}, "请填写中文内容"),
        ({"text_zh": "长" * 2001}, "最多 2,000"),
        ({"text_en": "x" * 2001}, "最多 2,000"),
        ({"audience": "places"}, "请至少勾选一个地方"),
        ({"audience": "places", "places": [str(qiaotou_grid)]}, "不都在"),
        ({"audience": "roles", "roles": ["mayors"]}, "请至少勾选一种身份"),
        ({"audience": "everybody"}, "请选择发给谁"),
        ({"language": "fr"}, "请选择语言"),
        ({"urgency": "panic"}, "请选择紧急程度"),
        ({"topic": "gossip"}, "请选择类别"),
        ({"when": "at", "send_at": "tomorrow"}, "定时"),
        ({"when": "at", "send_at": (local - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}, "已经过去了"),
        ({"when": "at", "send_at": (local + timedelta(days=61)).strftime("%Y-%m-%dT%H:%M")}, "最多只能提前 60 天"),
        ({"scope": "abc"}, "以哪里的名义"),
    ]
    for change, expected in cases:
        for action in ("preview", "send"):
            keep = "text_zh" not in change
            response = await console.post(
                "/console/notices/new", data=multipart({**form_of(csrf, yuntang, action=action), **change})
            )
            html = await response.text()
            assert response.status == 400, (change, action)
            assert expected in html, (change, action, html[-1500:])
            assert "<textarea" in html
            assert not keep or "明天上午停电检修" in html
    assert len(await notices_now(app)) == 2
    assert await audit(app, "notice.send") == []


async def test_nobody_to_send_to_shows_no_send_button(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "li")
    grid = await place_id(app, "yuntang-g1")
    form = form_of(csrf, grid, audience="roles", roles=["staff"], language="en")
    preview = await console.post("/console/notices/new", data=multipart(form))
    html = await preview.text()
    assert preview.status == 200
    assert "0 人" in html
    assert "没有人会收到" in html
    assert 'value="send"' not in html
    response = await console.post("/console/notices/new", data=multipart({**form, "action": "send"}))
    assert response.status == 400
    assert len(await notices_now(app)) == 2


async def test_a_scheduled_notice_waits_and_can_be_cancelled(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    at = (
        (app.services.clock() + timedelta(days=1))
        .astimezone(app.services.settings.tz)
        .replace(hour=10, minute=30, second=0, microsecond=0)
    )
    form = form_of(
        csrf, yuntang, urgency="normal", topic="activities", when="at", send_at=at.strftime("%Y-%m-%dT%H:%M")
    )
    preview = await console.post("/console/notices/new", data=multipart(form))
    assert preview.status == 200
    response = await send_from_preview(console, await preview.text())
    notice = (await notices_now(app))[-1]
    assert notice.send_at == at.astimezone(notice.send_at.tzinfo)
    assert "已定于" in await (await console.get(response.headers["Location"])).text()
    await app.timers.run_due()  # not due yet
    async with app.sessionmaker() as session:
        queued = await session.scalar(select(func.count()).where(OutboxMessage.notice_id == notice.id))
    assert queued == 0
    cancelled = await console.post(f"/console/notices/{notice.id}/cancel", data={"csrf": csrf}, allow_redirects=False)
    assert cancelled.status == 303
    async with app.sessionmaker() as session:
        stored = await session.get(Notice, notice.id)
        timer = await session.scalar(select(Timer).where(Timer.kind == QUEUE_TIMER, Timer.ref == str(notice.id)))
    assert stored is not None
    assert stored.status is NoticeStatus.cancelled
    assert timer is None  # the queue timer is gone
    page = await (await console.get(cancelled.headers["Location"])).text()
    assert "已取消" in page
    assert f"/console/notices/{notice.id}/cancel" not in page
    again = await console.post(f"/console/notices/{notice.id}/cancel", data={"csrf": csrf})
    assert again.status == 409
    assert "不能再取消" in await again.text()
    assert len(await audit(app, "notice.cancel")) == 1


async def test_sending_needs_the_csrf_token(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    form = form_of(csrf, yuntang, action="send")
    del form["csrf"]
    response = await console.post("/console/notices/new", data=multipart(form))
    assert response.status == 403
    assert len(await notices_now(app)) == 2

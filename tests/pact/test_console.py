"""The pact section: versions with pledges, a version, a diff, the editor that publishes through
publish_and_notify (earlier pledgers are told); scope and bad input."""

from __future__ import annotations

import html as entities
import re

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import Linli
from models.pact.store import PactVersion, current_pact, pact_articles, pledge_count
from models.places import place_by_code
from models.web import AuditEntry
from tests.console.conftest import SignIn
from tests.volunteers.helpers import sent_to

Client = TestClient[web.Request, web.Application]
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


async def community_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        return place.id


async def pledges_now(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        version = await current_pact(session, place.id)
        assert version is not None
        return await pledge_count(session, version.id)


async def articles_now(app: Linli, code: str) -> tuple[int, list[tuple[str, str]]]:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        version = await current_pact(session, place.id)
        assert version is not None
        return version.number, [(a.text_zh, a.text_en) for a in await pact_articles(session, version.id)]


def numbered(texts: list[str]) -> str:
    return "\n\n".join(f"{n}. {text}" for n, text in enumerate(texts, start=1))


async def editor_form(console: Client, community: int) -> dict[str, str]:
    html = await (await console.get(f"/console/pact/{community}/edit")).text()
    form = hidden_fields(html)
    for name in ("title_zh", "title_en"):
        found = re.search(rf'name="{name}" value="([^"]*)"', html)
        assert found is not None
        form[name] = entities.unescape(found.group(1))
    for name in ("text_zh", "text_en"):
        found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
        assert found is not None
        form[name] = entities.unescape(found.group(1))
    return form


def hidden_fields(html: str) -> dict[str, str]:
    return {name: entities.unescape(value) for name, value in HIDDEN.findall(html)}


async def test_signed_out_and_grid_workers_do_not_get_in(console: Client, sign_in: SignIn) -> None:
    response = await console.get("/console/pact", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")
    await sign_in(console, "li")
    assert (await console.get("/console/pact")).status == 403


async def test_versions_with_pledges_and_a_version_in_full(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    index = await (await console.get("/console/pact")).text()
    assert "云塘社区" in index
    assert "桥头社区" not in index
    yuntang = await community_id(app, "yuntang")
    page = await (await console.get(f"/console/pact/{yuntang}")).text()
    assert "第 1 版" in page
    assert "云塘社区居民公约" in page
    row = page.split("第 1 版", 1)[1].split("</tr>", 1)[0]
    pledges = await pledges_now(app, "yuntang")
    assert pledges >= 1  # wang among them
    assert '"条数">10</td>' in row  # each cell names its column (data-label): a card on a phone
    assert f'"承诺人数">{pledges}</td>' in row
    version = await (await console.get(f"/console/pact/{yuntang}/versions/1")).text()
    assert "云塘本是一个家" in version
    assert "Yuntang is one big family" in version
    assert (await console.get(f"/console/pact/{yuntang}/versions/9")).status == 404


async def test_another_communitys_pact_is_not_found(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "tang")  # Qiaotou staff
    yuntang = await community_id(app, "yuntang")
    for url in (
        f"/console/pact/{yuntang}",
        f"/console/pact/{yuntang}/versions/1",
        f"/console/pact/{yuntang}/diff?from=1&to=1",
        f"/console/pact/{yuntang}/edit",
        "/console/pact/999999",
        "/console/pact/abc",
    ):
        assert (await console.get(url)).status == 404, url
    form = {"csrf": csrf, "action": "publish", "base": "1", "title_zh": "x", "title_en": "", "text_zh": "一条"}
    assert (await console.post(f"/console/pact/{yuntang}/edit", data={**form, "text_en": ""})).status == 404
    assert (await articles_now(app, "yuntang"))[0] == 1
    qiaotou = await community_id(app, "qiaotou")
    assert (await console.get(f"/console/pact/{qiaotou}")).status == 200


async def test_publishing_a_new_version_tells_earlier_pledgers(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    _number, before = await articles_now(app, "yuntang")
    pledgers = await pledges_now(app, "yuntang")
    form = await editor_form(console, yuntang)
    assert form["base"] == "1"
    assert "云塘本是一个家" in form["text_zh"]
    assert "Yuntang is one big family" in form["text_en"]
    chinese = [zh for zh, _en in before]
    english = [en for _zh, en in before]
    chinese[2] = "远亲不如近邻好,见面微笑问声早。邻里互助一家亲。"
    english[2] = "A good neighbour nearby is better than relatives far away; neighbours help each other."
    chinese.append("节约用水人人有责。")
    english.append("Saving water is everyone's job.")
    form.update(csrf=csrf, text_zh=numbered(chinese), text_en=numbered(english))
    preview = await console.post(f"/console/pact/{yuntang}/edit", data={**form, "action": "preview"})
    html = await preview.text()
    assert preview.status == 200
    assert "修改了第3条;新增第11条" in html
    assert f"{pledgers} 位居民" in html
    assert (await articles_now(app, "yuntang"))[0] == 1  # the preview published nothing
    assert await sent_to(app, "wang", "pact-updated") == []
    # Publish from the preview's own form (its hidden fields carry the draft).
    posted = hidden_fields(html)
    assert posted["text_zh"].count("节约用水") == 1
    response = await console.post(
        f"/console/pact/{yuntang}/edit", data={**posted, "action": "publish"}, allow_redirects=False
    )
    assert response.status == 303, await response.text()
    assert response.headers["Location"] == f"/console/pact/{yuntang}/versions/2"
    number, after = await articles_now(app, "yuntang")
    assert number == 2
    assert len(after) == 11
    assert after[2][0] == chinese[2]
    assert after[10][1] == english[10]
    [told] = await sent_to(app, "wang", "pact-updated")
    assert "修改了第3条" in told.text
    shown = await (await console.get(response.headers["Location"])).text()
    assert f"第2版已发布。已通知 {pledgers} 位" in shown  # the flash: what chat says
    async with app.sessionmaker() as session:
        [entry] = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "pact.publish"))).all()
        version = await session.scalar(select(PactVersion).where(PactVersion.number == 2))
    assert version is not None
    assert entry.object_id == str(version.id)
    assert entry.place_id == yuntang
    assert entry.detail["told"] == pledgers
    assert entry.detail["changed"] == [3]
    assert entry.detail["added"] == [11]
    diff = await (await console.get(f"/console/pact/{yuntang}/diff?from=1&to=2")).text()
    assert "邻里互助一家亲" in diff
    assert "互帮互助乐陶陶" in diff
    assert "新增" in diff
    # The same draft again: its base is stale now.
    again = await console.post(f"/console/pact/{yuntang}/edit", data={**posted, "action": "publish"})
    assert again.status == 409
    assert "第 2 版" in await again.text()
    assert (await articles_now(app, "yuntang"))[0] == 2


async def test_without_english_unchanged_articles_keep_theirs(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    form = await editor_form(console, yuntang)
    _number, before = await articles_now(app, "yuntang")
    chinese = [zh for zh, _en in before]
    chinese[0] = "云塘是个大家庭。"
    form.update(csrf=csrf, text_zh="\n".join(chinese), text_en="", action="publish")  # one article per line
    response = await console.post(f"/console/pact/{yuntang}/edit", data=form, allow_redirects=False)
    assert response.status == 303
    _number, after = await articles_now(app, "yuntang")
    assert after[0] == ("云塘是个大家庭。", "")
    assert after[1] == before[1]


async def test_bad_drafts_are_answered_and_keep_the_text(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    form = await editor_form(console, yuntang)
    form["csrf"] = csrf
    cases = [
        ({"text_zh": "   "}, "不能为空"),
        ({"text_en": "1. only one\n\n2. and two"}, "英文"),
        ({}, "没有"),  # exactly the current version: nothing to publish
        ({"title_zh": ""}, "中文标题"),
        ({"text_zh": "长" * 4001}, "最多 4,000"),
        ({"text_zh": "\n\n".join(f"第{n}条" + "好" * 5 for n in range(1, 32)), "text_en": ""}, "公约最多 30 条"),
        ({"text_zh": "好" * 501, "text_en": ""}, "500"),
        ({"base": "0"}, "第 1 版"),
    ]
    for change, expected in cases:
        for action in ("preview", "publish"):
            response = await console.post(f"/console/pact/{yuntang}/edit", data={**form, **change, "action": action})
            html = await response.text()
            # A stale base is a conflict (published meanwhile); the rest is the draft's own fault.
            assert response.status == (409 if "base" in change else 400), (change, action)
            assert expected in html, (change, action, html[-1500:])
            assert "<textarea" in html  # the editor again, with the text
    assert (await articles_now(app, "yuntang"))[0] == 1
    assert await sent_to(app, "wang", "pact-updated") == []
    unknown = await console.post(f"/console/pact/{yuntang}/edit", data={**form, "action": "burn"})
    assert unknown.status == 404


async def test_back_to_the_editor_keeps_the_draft(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    form = await editor_form(console, yuntang)
    form.update(csrf=csrf, text_zh=form["text_zh"] + "\n\n11. 新的一条。", text_en="", action="edit")
    response = await console.post(f"/console/pact/{yuntang}/edit", data=form)
    assert response.status == 200
    assert "新的一条。" in await response.text()


async def test_publishing_needs_the_csrf_token(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    form = await editor_form(console, yuntang)
    form.update(text_zh=form["text_zh"] + "\n\n11. 新的一条。", text_en="", action="publish")
    del form["csrf"]
    response = await console.post(f"/console/pact/{yuntang}/edit", data=form)
    assert response.status == 403
    assert (await articles_now(app, "yuntang"))[0] == 1

"""QR posters: a page per building whose code (read back from the rendered page) opens joining that
building, on the web chat, Telegram or WeChat; from the command line and the console; and joining from
such a code skips the community and building questions."""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import Linli
from bot.channels.webchat.protocol import Hello, parse_frame
from bot.cli.qr import cmd_qr
from bot.posters.links import Links
from bot.posters.make import place_posters
from handlers.core.messages import Sender
from models.people import ChannelAccount, Person
from models.places import buildings_of_community, place_by_code
from tests.console.conftest import SignIn, console, sign_in  # noqa: F401  (the console fixtures, by name)
from tests.e2e.wechat_bot import wechat_settings
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.wechat_api import FakeWeChat
from tests.harness import AppFactory, ChatDriver, place, t

ARTIFACTS = Path(__file__).resolve().parent.parent / "output" / "posters"
Client = TestClient[web.Request, web.Application]


def codes_of(content: bytes) -> list[str]:
    """What a phone reads from each page: the page rendered at print-ish resolution, its QR code decoded."""
    document = pdfium.PdfDocument(content)
    found = []
    for page in document:
        image = page.render(scale=2).to_pil()
        results = zxingcpp.read_barcodes(image)
        assert len(results) == 1, "one readable QR code per page"
        found.append(results[0].text)
    return found


async def test_a_community_gets_a_page_per_building_each_opening_its_own(app: Linli, tmp_path: Path) -> None:
    yuntang = await place(app, "yuntang")
    async with app.sessionmaker() as session:
        buildings = list(await buildings_of_community(session, yuntang))
    content, pages = await place_posters(app, yuntang, "web")
    assert pages == len(buildings) > 1
    assert codes_of(content) == [f"{app.settings.base_url}/?start=b-{building.code}" for building in buildings]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # kept for people to look at (tests/output is not in git)
    (ARTIFACTS / "posters-yuntang-web.pdf").write_bytes(content)
    pdfium.PdfDocument(content)[0].render(scale=1.5).to_pil().save(ARTIFACTS / "poster-yuntang-first-page.png")


async def test_the_command_writes_one_buildings_poster(
    app: Linli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b3.pdf"
    args = argparse.Namespace(place="yuntang-b3", channel="web", out=out)
    assert await cmd_qr(app.settings, args) == 0
    assert codes_of(out.read_bytes()) == [f"{app.settings.base_url}/?start=b-yuntang-b3"]
    assert "1 posters (web)" in capsys.readouterr().out
    unknown = argparse.Namespace(place="nowhere", channel="web", out=out)
    assert await cmd_qr(app.settings, unknown) == 2
    no_token = argparse.Namespace(place="yuntang-b3", channel="telegram", out=out)
    assert await cmd_qr(app.settings, no_token) == 2  # no Telegram here: said so, nothing written over
    assert "LINLI_TELEGRAM_TOKEN" in capsys.readouterr().err


async def test_telegram_and_wechat_codes(make_app: AppFactory, tmp_path: Path) -> None:
    async with FakeBotAPI("123:TEST") as telegram, FakeWeChat() as wechat:
        settings = wechat_settings(wechat, tmp_path / "w")
        app = await make_app(
            **{
                name: getattr(settings, name)
                for name in ("wechat_app_id", "wechat_app_secret", "wechat_token", "wechat_api_url")
            },
            telegram_token="123:TEST",
            telegram_api_url=telegram.base_url,
        )
        b3 = await place(app, "yuntang-b3")
        content, _pages = await place_posters(app, b3, "telegram")
        assert codes_of(content) == ["https://t.me/linli_test_bot?start=b-yuntang-b3"]
        content, _pages = await place_posters(app, b3, "wechat")
        [scanned] = codes_of(content)
        assert scanned.startswith("http://weixin.qq.com/q/")
        assert list(wechat.qrcodes.values()) == ["b-yuntang-b3"]  # following by it starts joining b3
        links = Links(app, "wechat")
        await links.close()


async def test_joining_from_a_buildings_code_skips_community_and_building(app: Linli) -> None:
    newcomer = ChatDriver(app, user_id="o-scan", channel="terminal")
    await newcomer.send("/start b-yuntang-b3")
    await newcomer.press("中文")
    assert "格兰小镇3栋" in newcomer.text
    assert "门牌号" in newcomer.text  # straight to the flat number
    await newcomer.send("2单元301")
    await newcomer.press("✅ 同意")
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "o-scan"))
        b3 = await place_by_code(session, "yuntang-b3")
    assert person is not None
    assert b3 is not None
    assert person.building_id == b3.id
    stray = ChatDriver(app, user_id="o-stray", channel="terminal")
    await stray.send("/start b-yuntang")  # a community's code where a building's belongs
    assert t(app, "zh", "onboard-unknown-link") in stray.text


def test_the_web_chat_passes_only_a_deep_link_on() -> None:
    sender = Sender("v")
    assert parse_frame('{"type": "hello", "fresh": true, "start": "b-yuntang-b3"}', "c", sender) == Hello(
        True, "b-yuntang-b3"
    )
    for odd in ('"/forget"', '"b-../../x"', "42", '"c-' + "x" * 40 + '"'):
        assert parse_frame(f'{{"type": "hello", "fresh": true, "start": {odd}}}', "c", sender) == Hello(True, "")


async def test_the_console_page_makes_posters_within_ones_places(
    app: Linli,
    console: Client,  # noqa: F811
    sign_in: SignIn,  # noqa: F811
) -> None:
    await sign_in(console, "zhou")  # 云塘 community staff
    page = await console.get("/console/posters")
    assert page.status == 200
    assert "格兰小镇3栋" in await page.text()
    b3 = await place(app, "yuntang-b3")
    response = await console.get(f"/console/posters.pdf?place={b3.id}&channel=web")
    assert response.status == 200
    assert response.content_type == "application/pdf"
    assert codes_of(await response.read()) == [f"{app.settings.base_url}/?start=b-yuntang-b3"]
    qiaotou = await place(app, "qiaotou")
    assert (await console.get(f"/console/posters.pdf?place={qiaotou.id}&channel=web")).status == 404
    assert (await console.get(f"/console/posters.pdf?place={b3.id}&channel=telegram")).status == 400


async def test_without_a_chinese_font_the_operator_is_told_which_to_install(
    app: Linli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("config.fonts.CANDIDATES", (str(tmp_path / "missing.ttc"),))
    out = tmp_path / "none.pdf"
    assert await cmd_qr(app.settings, argparse.Namespace(place="yuntang", channel="web", out=out)) == 2
    assert "fonts-wqy-zenhei" in capsys.readouterr().err
    assert not out.exists()

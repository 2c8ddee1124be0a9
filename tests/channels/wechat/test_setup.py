"""`linli wechat menu` and `linli wechat qrcode` against the fake WeChat API, and the menu's shape."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Linli
from bot.channels.wechat.menu import MAX_ENTRIES, MAX_SUB_BYTES, MAX_TOP_BYTES, build_menu, plain_name
from bot.cli.main import parser
from tests.conftest import DB_FILE
from tests.e2e.wechat_bot import wechat_settings
from tests.fakes.wechat_api import PNG, FakeWeChat


@pytest.fixture
async def fake() -> AsyncIterator[FakeWeChat]:
    async with FakeWeChat() as api:
        yield api


@pytest.fixture
def data_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A data dir with the demo's database, as `linli run` leaves it (the commands do not migrate)."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copyfile(demo_template / DB_FILE, directory / DB_FILE)
    return directory


async def test_the_menu_holds_the_residents_entries_in_three_columns(
    fake: FakeWeChat, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = wechat_settings(fake, data_dir)
    args = parser().parse_args(["wechat", "menu"])
    assert await args.run(settings, args) == 0
    assert "menu registered: 办事:" in capsys.readouterr().out
    [menu] = fake.menus
    columns = {column["name"]: column["sub_button"] for column in menu["button"]}
    assert list(columns) == ["办事", "我的", "更多"]
    assert [entry["name"] for entry in columns["办事"]] == [
        "居民公约",
        "12343 便民服务",
        "反映问题",
        "预约活动室",
        "志愿服务",
    ]
    assert [entry["key"] for entry in columns["我的"]] == [
        "cmd:mycases",
        "cmd:mybookings",
        "cmd:notices",
        "cmd:me",
        "cmd:link",
    ]
    more = columns["更多"]
    assert [entry["name"] for entry in more] == ["主菜单", "居民说事", "网页版", "English", "帮助"]  # a sixth service
    web_chat = more[2]
    assert web_chat["type"] == "view"
    assert web_chat["url"].startswith(fake.base_url + "/connect/oauth2/authorize?")
    assert "scope=snsapi_base" in web_chat["url"]


def test_menu_names_keep_to_wechats_sizes(app: Linli) -> None:
    menu = build_menu(app.services.menu, app.services.catalog, "en", "https://example.org/")
    for column in menu["button"]:
        assert len(column["name"].encode()) <= MAX_TOP_BYTES
        assert 1 <= len(column["sub_button"]) <= MAX_ENTRIES
        for entry in column["sub_button"]:
            assert len(entry["name"].encode()) <= MAX_SUB_BYTES
            assert entry["name"] == entry["name"].strip()
            assert entry["name"][0].isalnum()  # no leading emoji
    assert plain_name("🛎 12343 便民服务", 60) == "12343 便民服务"
    assert plain_name("很长的名字" * 10, 16) == "很长的名字"  # cut between characters, within 16 bytes


async def test_wechat_refusing_the_menu_is_reported(
    fake: FakeWeChat, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = wechat_settings(fake, data_dir, wechat_app_secret="wrong-secret")
    args = parser().parse_args(["wechat", "menu"])
    assert await args.run(settings, args) == 1
    assert "40125" in capsys.readouterr().err
    assert fake.menus == []


async def test_a_qr_code_for_a_community_is_saved(
    fake: FakeWeChat, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = wechat_settings(fake, data_dir)
    target = data_dir / "yuntang.jpg"
    args = parser().parse_args(["wechat", "qrcode", "c-yuntang", "--save", str(target)])
    assert await args.run(settings, args) == 0
    assert list(fake.qrcodes.values()) == ["c-yuntang"]
    assert target.read_bytes() == PNG
    assert "http://weixin.qq.com/q/" in capsys.readouterr().out


async def test_a_qr_code_needs_a_community_link(fake: FakeWeChat, data_dir: Path) -> None:
    settings = wechat_settings(fake, data_dir)
    args = parser().parse_args(["wechat", "qrcode", "yuntang"])
    assert await args.run(settings, args) == 2
    assert fake.qrcodes == {}

"""Joining a community: /start -> language -> community -> building -> unit -> consent -> menu."""

from __future__ import annotations

from bot.app import Linli
from config.i18n import format_datetime
from tests.harness import GUEST_MENU, RESIDENT_MENU, AppFactory, ChatDriver, menu_labels, onboard, place, t

YUNTANG_BUILDINGS = [
    *(f"格兰小镇{n}栋" for n in range(1, 9)),
    *(f"龙湾苑{n}栋" for n in range(1, 4)),
    "橘香园1栋",
    "橘香园2栋",
    *(f"金桂苑{n}栋" for n in range(1, 4)),
]


async def test_full_onboarding(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("/start")
    assert wang.texts() == [t(app, "zh", "onboard-welcome")]
    assert wang.labels() == ["中文", "English"]
    assert await wang.flow_step() == ("onboarding", "language")

    await wang.press("中文")
    assert wang.texts() == [t(app, "zh", "onboard-community")]
    assert wang.labels() == ["云塘社区", "桥头社区", "湘园社区"]

    await wang.press("云塘社区")
    assert wang.texts() == [t(app, "zh", "onboard-building")]
    assert wang.labels() == [*YUNTANG_BUILDINGS, "列表里没有 / 不方便说"]
    # "龙湾苑1栋" does not fit a third of a phone's row: two to a row, so no name breaks over two lines.
    assert {len(row) for row in wang.keyboard.buttons[:-1]} == {2}

    await wang.press("格兰小镇3栋")
    assert wang.texts() == [t(app, "zh", "onboard-unit")]
    assert wang.labels() == ["跳过"]

    await wang.send("2单元301")
    assert wang.texts() == [t(app, "zh", "onboard-privacy")]
    assert wang.labels() == ["✅ 同意", "✖ 不同意"]
    # Nothing personal on the record before consent: the answers wait in the conversation state.
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.building_id, person.unit, person.consented_at) == (None, None, None, None)
    yuntang, building = await place(app, "yuntang"), await place(app, "yuntang-b3")
    state = await wang.state()
    assert state is not None
    assert state.data == {"community": yuntang.id, "building": building.id, "unit": "2单元301", "editing": False}

    await wang.press("✅ 同意")
    assert wang.texts() == [t(app, "zh", "onboard-done", community="云塘社区")]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.building_id, person.unit) == (yuntang.id, building.id, "2单元301")
    assert person.consented_at is not None
    assert person.is_registered
    assert (person.display_name, person.language) == ("王阿姨", "zh")
    assert await wang.state() is None  # the flow is over, its state row gone


async def test_decline_keeps_nothing(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("/start")
    await wang.press("中文")
    await wang.press("云塘社区")
    await wang.press("格兰小镇3栋")
    await wang.send("2单元301")
    await wang.press("✖ 不同意")
    assert wang.texts() == [t(app, "zh", "onboard-declined")]
    assert wang.labels() == ["🔄 重新开始"]
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.building_id, person.unit, person.consented_at) == (None, None, None, None)
    assert await wang.state() is None
    await wang.press("🔄 重新开始")
    assert wang.texts() == [t(app, "zh", "onboard-welcome")]


async def test_skips_building_and_unit(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang, community="湘园社区", building=None, unit=None)
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.building_id, person.unit) == ((await place(app, "xiangyuan")).id, None, None)


async def test_deep_link_skips_the_community_question(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("/start c-qiaotou")
    assert wang.texts() == [t(app, "zh", "onboard-welcome")]
    await wang.press("中文")
    assert wang.texts() == [
        t(app, "zh", "onboard-community-from-link", community="桥头社区"),
        t(app, "zh", "onboard-building"),
    ]
    assert wang.labels()[:2] == ["海棠苑1栋", "海棠苑2栋"]
    await wang.press("海棠苑2栋")
    await wang.press("跳过")
    await wang.press("✅ 同意")
    assert wang.texts() == [t(app, "zh", "onboard-done", community="桥头社区")]
    person = await wang.person()
    assert person is not None
    assert person.community_id == (await place(app, "qiaotou")).id
    assert person.building_id == (await place(app, "qiaotou-b2")).id


async def test_unknown_deep_link_says_so_and_asks_the_community(app: Linli) -> None:
    for link in ("c-nowhere", "c-muyun"):  # no such place; a street is not a community
        driver = ChatDriver(app, user_id=f"u-{link}")
        await driver.send(f"/start {link}")
        assert driver.texts() == [t(app, "zh", "onboard-unknown-link"), t(app, "zh", "onboard-welcome")]
        await driver.press("中文")
        assert driver.texts() == [t(app, "zh", "onboard-community")]


async def test_building_typed_as_text(app: Linli) -> None:
    he = ChatDriver(app)
    await he.send("/start c-xiangyuan")
    await he.press("中文")
    await he.send("3栋")  # exactly one building of 湘园 is called "3栋"
    assert he.texts() == [t(app, "zh", "onboard-unit")]
    state = await he.state()
    assert state is not None
    assert state.data["building"] == (await place(app, "xiangyuan-b10")).id


async def test_building_text_must_name_exactly_one(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("/start c-yuntang")
    await wang.press("中文")
    # 云塘 has 格兰小镇3栋, 龙湾苑3栋 and 金桂苑3栋, none called just "3栋".
    await wang.send("3栋")
    assert wang.texts() == [t(app, "zh", "hint-use-buttons"), t(app, "zh", "onboard-building")]
    assert await wang.flow_step() == ("onboarding", "building")
    await wang.send("gelan town building 6")  # the English name, any case and spacing
    assert wang.texts() == [t(app, "zh", "onboard-unit")]
    state = await wang.state()
    assert state is not None
    assert state.data["building"] == (await place(app, "yuntang-b6")).id


async def test_start_when_registered_says_welcome_back(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/start")
    assert wang.texts() == [t(app, "zh", "welcome-back", name="王阿姨", named="yes")]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)
    assert await wang.state() is None


async def test_guest_menu(app: Linli) -> None:
    guest = ChatDriver(app)
    await guest.send("/menu")
    assert guest.texts() == [t(app, "zh", "menu-title")]
    assert guest.labels() == menu_labels(app, "zh", *GUEST_MENU)
    await guest.press("加入我的社区")
    assert guest.texts() == [t(app, "zh", "onboard-welcome")]


async def test_consent_time_is_the_clock(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    person = await wang.person()
    assert person is not None
    assert person.consented_at is not None
    await wang.send("/me")
    assert format_datetime(person.consented_at, "zh", app.settings.tz) in wang.text


async def test_fresh_build_loads_the_demo(make_app: AppFactory) -> None:
    """The template the other flow tests copy is what a first start builds: check one from nothing."""
    fresh = await make_app(fresh=True)
    zhou = ChatDriver(fresh, user_id="zhou", name="周丽华", language_code=None, channel="terminal")
    await zhou.send("/start")
    assert zhou.texts() == [t(fresh, "zh", "welcome-back", name="周丽华", named="yes")]

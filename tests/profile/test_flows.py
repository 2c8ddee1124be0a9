"""/me: what is kept and changing it; /forget: erasing it."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import Linli
from config.i18n import format_datetime
from models.pact.store import PactPledge
from models.people import FORGOTTEN_NAME, ChannelAccount, Person
from tests.harness import GUEST_MENU, RESIDENT_MENU, ChatDriver, current_version, menu_labels, onboard, place, t

PROFILE_BUTTONS = ["🏠 修改住址", "📞 修改电话", "✏ 修改称呼", "🗑 删除我的信息", "🏠 主菜单"]


async def _person(driver: ChatDriver) -> Person:
    person = await driver.person()
    assert person is not None
    return person


async def test_me_shows_what_is_kept(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    person = await _person(wang)
    assert person.consented_at is not None
    await wang.send("/me")
    assert wang.texts() == [
        t(
            app,
            "zh",
            "profile-summary",
            name="王阿姨",
            language="中文",
            community="云塘社区",
            building="格兰小镇3栋",
            unit="2单元301",
            phone="未填写",
            consent=format_datetime(person.consented_at, "zh", app.settings.tz),
            roles="居民",
            pledge="尚未承诺",
            channel="Telegram",
        )
    ]
    assert wang.labels() == PROFILE_BUTTONS


async def test_me_of_staff_shows_roles_and_pledge(app: Linli) -> None:
    zhou = ChatDriver(app, user_id="zhou", language_code=None, channel="terminal")
    await zhou.send("/me")
    assert "身份:社区工作人员(云塘社区)" in zhou.text
    assert "公约:已承诺《云塘社区居民公约》第1版" in zhou.text
    assert "电话:13800000004" in zhou.text
    assert "聊天账号:终端演示" in zhou.text


async def test_me_of_a_guest(app: Linli) -> None:
    guest = ChatDriver(app, language_code="en")
    await guest.send("/me")
    assert "Community: not given" in guest.text
    assert "Agreed to privacy notice: not agreed" in guest.text
    await guest.press("Change phone")
    assert guest.texts() == [t(app, "en", "need-registration")]


async def test_phone_is_validated_and_normalised(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/me")
    await wang.press("修改电话")
    assert wang.texts() == [t(app, "zh", "profile-phone-ask")]
    assert wang.last.buttons == ()  # nothing to remove yet
    for bad in ("12345", "23800001234", "138000012345", "电话13800001234"):
        await wang.send(bad)
        assert wang.texts() == [t(app, "zh", "profile-phone-invalid"), t(app, "zh", "profile-phone-ask")]
        assert await wang.flow_step() == ("profile", "phone")
        assert (await _person(wang)).phone is None
    await wang.send("+86 138-0000-1234")
    assert wang.texts() == [t(app, "zh", "profile-saved")]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)
    assert (await _person(wang)).phone == "13800001234"
    assert await wang.state() is None

    await wang.send("/me")
    assert "电话:13800001234" in wang.text
    await wang.press("修改电话")
    await wang.press("删除电话号码")
    assert wang.texts() == [t(app, "zh", "profile-saved")]
    assert (await _person(wang)).phone is None


async def test_name_edit(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/me")
    await wang.press("修改称呼")
    assert wang.texts() == [t(app, "zh", "profile-name-ask", max=30)]
    await wang.send("王" * 31)
    assert wang.texts() == [t(app, "zh", "text-too-long", length=31, max=30), t(app, "zh", "profile-name-ask", max=30)]
    await wang.send("  王   秀英 ")
    assert wang.texts() == [t(app, "zh", "profile-saved")]
    assert (await _person(wang)).display_name == "王 秀英"
    await wang.send("/start")
    assert wang.texts() == [t(app, "zh", "welcome-back", name="王 秀英", named="yes")]


async def test_address_change_keeps_consent(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    consented_at = (await _person(wang)).consented_at
    await wang.send("/me")
    await wang.press("修改住址")
    assert wang.texts() == [t(app, "zh", "onboard-community")]  # no language question
    await wang.press("桥头社区")
    await wang.press("海棠苑2栋")
    await wang.press("跳过")
    assert wang.texts() == [t(app, "zh", "profile-address-saved")]  # no second consent
    person = await _person(wang)
    assert (person.community_id, person.building_id, person.unit) == (
        (await place(app, "qiaotou")).id,
        (await place(app, "qiaotou-b2")).id,
        None,
    )
    assert person.consented_at == consented_at
    assert await wang.state() is None


async def test_forget(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/pact")
    await wang.press("我承诺遵守")
    await wang.send("/me")
    await wang.press("修改电话")
    await wang.send("13800001234")
    old = await _person(wang)

    await wang.send("/forget")
    assert wang.texts() == [t(app, "zh", "forget-confirm")]
    assert wang.labels() == ["🗑 确认删除", "↩ 不删除,保留"]
    await wang.press("确认删除")
    assert wang.texts() == [t(app, "zh", "forget-done")]
    assert wang.last.buttons == ()
    assert await wang.person() is None  # no account links to anyone now
    assert await wang.state() is None
    version = await current_version(app, "yuntang")
    async with app.sessionmaker() as session:
        erased = await session.get(Person, old.id)
        assert erased is not None
        assert (erased.display_name, erased.phone, erased.community_id, erased.building_id, erased.unit) == (
            FORGOTTEN_NAME,
            None,
            None,
            None,
            None,
        )
        assert erased.consented_at is None
        assert erased.forgotten_at is not None
        accounts = await session.scalar(
            select(func.count()).select_from(ChannelAccount).where(ChannelAccount.person_id == old.id)
        )
        assert accounts == 0
        # The pledge still counts, though it names no one any more.
        pledges = await session.scalar(
            select(func.count()).select_from(PactPledge).where(PactPledge.version_id == version.id)
        )
        assert pledges == 5

    await wang.send("/start")
    assert wang.texts() == [t(app, "zh", "onboard-welcome")]  # a stranger again
    stranger = await _person(wang)
    assert stranger.id != old.id
    assert not stranger.is_registered
    await wang.send("/menu")
    assert wang.labels() == menu_labels(app, "zh", *GUEST_MENU)


async def test_forget_from_me_then_keep(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    before = await _person(wang)
    await wang.send("/me")
    await wang.press("删除我的信息")
    assert wang.texts() == [t(app, "zh", "forget-confirm")]
    await wang.press("不删除")
    assert wang.texts() == [t(app, "zh", "forget-kept")]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)
    after = await _person(wang)
    assert (after.id, after.display_name, after.community_id, after.building_id, after.unit, after.consented_at) == (
        before.id,
        before.display_name,
        before.community_id,
        before.building_id,
        before.unit,
        before.consented_at,
    )
    assert after.forgotten_at is None
    assert await wang.state() is None

"""What people (and forgers) send that the flows did not ask for: always a polite answer, never a crash."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime, timedelta

import pytest

import handlers.onboarding.resident as onboarding
from bot.app import Linli
from handlers.core.buttons import MenuAction, Pick, _sign, pack
from handlers.core.context import Ctx
from handlers.core.feature import Command
from models.conversation import ConversationState
from models.errors import DomainError
from tests.harness import GUEST_MENU, RESIDENT_MENU, AppFactory, ChatDriver, menu_labels, onboard, t


def _snapshot(state: ConversationState | None) -> tuple[object, ...]:
    assert state is not None
    return (state.flow, state.step, state.nonce, state.data, state.expires_at)


async def _at_unit_step(app: Linli) -> ChatDriver:
    wang = ChatDriver(app)
    await wang.send("/start")
    await wang.press("中文")
    await wang.press("云塘社区")
    await wang.press("格兰小镇3栋")
    assert await wang.flow_step() == ("onboarding", "unit")
    return wang


async def test_text_where_a_button_was_expected(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("/start")
    await wang.press("中文")
    community_question = wang.last
    before = _snapshot(await wang.state())
    await wang.send("我住云塘")
    assert wang.texts() == [t(app, "zh", "hint-use-buttons"), t(app, "zh", "onboard-community")]
    assert _snapshot(await wang.state()) == before
    # The buttons asked before still work: the question is the same one.
    await wang.press_data(wang.find_button("云塘社区", community_question).data)
    assert wang.texts() == [t(app, "zh", "onboard-building")]


async def test_text_with_no_flow(app: Linli) -> None:
    wang = ChatDriver(app)
    await wang.send("你好")
    assert wang.texts() == [t(app, "zh", "hint-no-flow")]
    assert wang.labels() == menu_labels(app, "zh", *GUEST_MENU)


async def test_over_long_text(app: Linli) -> None:
    wang = await _at_unit_step(app)
    data_before = (await wang.state() or pytest.fail("no state")).data
    await wang.send("2" * 5000)
    assert wang.texts() == [t(app, "zh", "text-too-long", length=5000, max=40), t(app, "zh", "onboard-unit")]
    state = await wang.state()
    assert state is not None
    assert (state.flow, state.step, state.data) == ("onboarding", "unit", data_before)
    await wang.send("2单元301")
    assert wang.texts() == [t(app, "zh", "onboard-privacy")]
    await wang.press("✅ 同意")
    person = await wang.person()
    assert person is not None
    assert person.unit == "2单元301"


async def test_stale_button(app: Linli) -> None:
    wang = await _at_unit_step(app)
    language_question = wang.replies[0]
    data_before = _snapshot(await wang.state())
    await wang.press_data(wang.find_button("English", language_question).data)
    # Expired, and the current question again: the answers given so far are kept.
    assert wang.texts() == [t(app, "zh", "button-expired"), t(app, "zh", "onboard-unit")]
    assert _snapshot(await wang.state()) == data_before
    person = await wang.person()
    assert person is not None
    assert person.language == "zh"  # the stale choice did nothing


def _forgeries(app: Linli, real: str) -> dict[str, str]:
    key = app.services.button_key
    body, _, signature = real.rpartition("~")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "wrong signature": f"{body}~{flipped}",
        "signed with another key": pack(MenuAction("start"), b"another key"),
        "unknown prefix": f"zz:start~{_sign(key, 'zz:start')}",
        "non-numeric int field": f"pa:x:1~{_sign(key, 'pa:x:1')}",
        "wrong field count": f"pa:1~{_sign(key, 'pa:1')}",
        "over 64 bytes": f"k:{'a' * 60}~{_sign(key, 'k:' + 'a' * 60)}",
        "non-ascii": f"m:开始~{signature}",
        "no signature": "m:start",
        "empty": "",
    }


FORGERIES = [
    "wrong signature",
    "signed with another key",
    "unknown prefix",
    "non-numeric int field",
    "wrong field count",
    "over 64 bytes",
    "non-ascii",
    "no signature",
    "empty",
]


@pytest.mark.parametrize("forgery", FORGERIES)
async def test_forged_payload(app: Linli, forgery: str) -> None:
    wang = await _at_unit_step(app)
    data = _forgeries(app, wang.find_button("跳过").data)[forgery]
    before_state = _snapshot(await wang.state())
    before_person = await wang.person()
    await wang.press_data(data)
    assert wang.texts() == [t(app, "zh", "button-expired"), t(app, "zh", "onboard-unit")]
    assert wang.labels() == ["跳过"]
    assert _snapshot(await wang.state()) == before_state
    after_person = await wang.person()
    assert before_person is not None
    assert after_person is not None
    assert (after_person.language, after_person.community_id, after_person.unit) == (
        before_person.language,
        before_person.community_id,
        before_person.unit,
    )


def test_forgeries_cover_the_list(app: Linli) -> None:
    assert sorted(_forgeries(app, "m:menu~AAAAAAAA")) == sorted(FORGERIES)


async def test_well_signed_but_meaningless_pick(app: Linli) -> None:
    """A pick with the current nonce but a value no button offered just asks again."""
    wang = await _at_unit_step(app)
    wang_state = await wang.state()
    assert wang_state is not None
    await wang.press_data(pack(Pick(wang_state.nonce, "bogus"), app.services.button_key))
    assert wang.texts() == [t(app, "zh", "onboard-unit")]
    assert await wang.flow_step() == ("onboarding", "unit")


@pytest.mark.parametrize(
    ("typed", "language", "first_question"),
    [
        ("我想订个房间", "zh", "booking-ask-centre"),
        ("楼道的灯坏了", "zh", "grid-ask-category"),
        ("我的预约", "zh", None),  # the longer keyword wins over "预约": the list, not a new booking
        ("I want to book a room", "en", "booking-ask-centre"),
    ],
)
async def test_words_at_the_menu_open_what_they_name(
    make_app: AppFactory, typed: str, language: str, first_question: str | None
) -> None:
    """Many residents type rather than press: plain words at the menu go to the feature they name."""
    app = await make_app()
    wang = ChatDriver(app)
    await onboard(wang)
    if language == "en":
        await wang.send("/lang")
        await wang.press("English")
    await wang.send(typed)
    if first_question is not None:
        assert t(app, language, first_question) in wang.text
    else:
        assert await wang.flow_step() == (None, None)
        assert t(app, language, "hint-no-flow") not in wang.text
    # Words that name nothing, or two things equally, get the menu and one line of help.
    await wang.send("/menu")
    await wang.send("你好" if language == "zh" else "hello")
    assert wang.texts() == [t(app, language, "hint-no-flow")]


async def test_unknown_command(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/frobnicate now")
    assert wang.texts() == [t(app, "zh", "unknown-command", command="/frobnicate")]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)


async def test_publishpact_is_for_staff_only(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    guest = ChatDriver(app, user_id="2")
    volunteer = ChatDriver(app, user_id="chen", channel="terminal", language_code=None)  # a volunteer is not staff
    for driver in (wang, guest, volunteer):
        await driver.send("/publishpact")
        assert driver.texts() == [t(app, "zh", "staff-only")]
        assert driver.labels() == ["🏠 主菜单"]
        assert await driver.state() is None
    # A street admin may speak for the communities of the street.
    admin = ChatDriver(app, user_id="admin", channel="terminal", language_code=None)
    await admin.send("/publishpact")
    assert admin.texts() == [t(app, "zh", "pact-publish-ask-zh", max=4000)]


async def test_conversation_state_expires(make_app: AppFactory) -> None:
    app = await make_app(state_ttl_minutes=1)
    now = datetime.now(UTC)
    app.core.services = dataclasses.replace(app.core.services, clock=lambda: now)
    wang = ChatDriver(app)
    await wang.send("/start")
    await wang.press("中文")
    community_question = wang.last

    now += timedelta(seconds=50)  # each answer gives another minute
    await wang.press("云塘社区")
    assert wang.texts() == [t(app, "zh", "onboard-building")]
    state = await wang.state()
    assert state is not None
    assert state.expires_at == now + timedelta(minutes=1)

    now += timedelta(seconds=61)
    await wang.press("格兰小镇3栋")
    assert wang.texts() == [t(app, "zh", "button-expired")]
    assert wang.labels() == menu_labels(app, "zh", *GUEST_MENU)
    assert await wang.state() is None
    await wang.send("2单元301")
    assert wang.texts() == [t(app, "zh", "hint-no-flow")]
    await wang.press_data(wang.find_button("云塘社区", community_question).data)
    assert wang.texts() == [t(app, "zh", "button-expired")]
    person = await wang.person()
    assert person is not None
    assert person.community_id is None


async def test_handler_crash_apologises_and_rolls_back(
    app: Linli, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    wang = await _at_unit_step(app)
    await wang.send("2单元301")
    consent_buttons = wang.last
    before = _snapshot(await wang.state())

    async def crash(ctx: Ctx, value: str) -> None:
        await onboarding._save_residence(ctx)
        ctx.person.consented_at = ctx.now
        ctx.person.phone = "13800009999"
        ctx.leave()
        await ctx.session.flush()
        raise RuntimeError("boom")

    original = onboarding.STEPS["consent"]
    monkeypatch.setitem(onboarding.STEPS, "consent", dataclasses.replace(original, on_pick=crash))
    with caplog.at_level(logging.ERROR, logger="handlers.core.router"):
        await wang.press("✅ 同意")
    assert wang.texts() == [t(app, "zh", "error-unexpected")]
    assert wang.labels() == [t(app, "zh", "button-menu")]  # the way home the message points to
    assert [r.getMessage() for r in caplog.records] == ["handling failed: channel=telegram kind=button command=None"]
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.consented_at, person.phone) == (None, None, None)
    assert _snapshot(await wang.state()) == before

    # Once the step works again, the same button does.
    monkeypatch.setitem(onboarding.STEPS, "consent", original)
    await wang.press_data(wang.find_button("✅ 同意", consent_buttons).data)
    assert wang.texts() == [t(app, "zh", "onboard-done", community="云塘社区")]


async def test_command_crash_apologises_in_the_platform_language(app: Linli, monkeypatch: pytest.MonkeyPatch) -> None:
    async def crash(ctx: Ctx) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(app.core.commands, "help", Command("help", crash))
    driver = ChatDriver(app, language_code="en")
    await driver.send("/help")
    assert driver.texts() == [t(app, "en", "error-unexpected")]
    assert await driver.person() is None  # even the first contact was rolled back


@pytest.mark.parametrize("flush", [True, False], ids=["flushed", "unflushed"])
async def test_domain_refusal_rolls_back_the_step(app: Linli, monkeypatch: pytest.MonkeyPatch, flush: bool) -> None:
    wang = await _at_unit_step(app)
    await wang.send("2单元301")
    before = _snapshot(await wang.state())

    async def refuse(ctx: Ctx, value: str) -> None:
        await onboarding._save_residence(ctx)
        ctx.person.consented_at = ctx.now
        ctx.leave()
        if flush:
            await ctx.session.flush()
        raise DomainError("pact-publish-article-too-long", number=3, max=500)

    monkeypatch.setitem(onboarding.STEPS, "consent", dataclasses.replace(onboarding.STEPS["consent"], on_pick=refuse))
    await wang.press("✅ 同意")
    assert wang.texts() == [t(app, "zh", "pact-publish-article-too-long", number=3, max=500)]
    assert wang.labels() == ["🏠 主菜单"]
    person = await wang.person()
    assert person is not None
    assert (person.community_id, person.building_id, person.unit, person.consented_at) == (None, None, None, None)
    assert _snapshot(await wang.state()) == before

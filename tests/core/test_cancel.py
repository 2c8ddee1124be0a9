"""/cancel and /menu leave any flow, from any step, and nothing half-done is kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import pytest

from bot.app import Linli
from tests.harness import GUEST_MENU, MANAGER_MENU, RESIDENT_MENU, ChatDriver, menu_labels, onboard, t

Setup = Callable[[Linli], Awaitable[ChatDriver]]


async def _onboarding(app: Linli, presses: Sequence[str], sends: Sequence[str] = ()) -> ChatDriver:
    driver = ChatDriver(app)
    await driver.send("/start")
    for label in presses:
        await driver.press(label)
    for text in sends:
        await driver.send(text)
    return driver


async def _resident(app: Linli, *presses: str) -> ChatDriver:
    driver = ChatDriver(app)
    await onboard(driver)
    await driver.send("/me")
    for label in presses:
        await driver.press(label)
    return driver


async def _staff(app: Linli, *sends: str) -> ChatDriver:
    driver = ChatDriver(app, user_id="zhou", language_code=None, channel="terminal")
    await driver.send("/publishpact")
    for text in sends:
        await driver.send(text)
    return driver


async def _forget(app: Linli) -> ChatDriver:
    driver = ChatDriver(app)
    await onboard(driver)
    await driver.send("/forget")
    return driver


# (flow, step) -> how to get a chat there, and the menu it then sees.
STEPS: dict[tuple[str, str], tuple[Setup, tuple[str, ...]]] = {
    ("onboarding", "language"): (lambda app: _onboarding(app, []), GUEST_MENU),
    ("onboarding", "community"): (lambda app: _onboarding(app, ["中文"]), GUEST_MENU),
    ("onboarding", "building"): (lambda app: _onboarding(app, ["中文", "云塘社区"]), GUEST_MENU),
    ("onboarding", "unit"): (lambda app: _onboarding(app, ["中文", "云塘社区", "格兰小镇3栋"]), GUEST_MENU),
    ("onboarding", "consent"): (
        lambda app: _onboarding(app, ["中文", "云塘社区", "格兰小镇3栋"], ["2单元301"]),
        GUEST_MENU,
    ),
    ("onboarding", "community (address change)"): (lambda app: _resident(app, "修改住址"), RESIDENT_MENU),
    ("profile", "phone"): (lambda app: _resident(app, "修改电话"), RESIDENT_MENU),
    ("profile", "name"): (lambda app: _resident(app, "修改称呼"), RESIDENT_MENU),
    ("forget", "confirm"): (_forget, RESIDENT_MENU),
    ("pact-publish", "text_zh"): (lambda app: _staff(app), MANAGER_MENU),
    ("pact-publish", "text_en"): (lambda app: _staff(app, "爱护环境"), MANAGER_MENU),
    ("pact-publish", "confirm"): (lambda app: _staff(app, "爱护环境", "Care for the environment"), MANAGER_MENU),
}


@pytest.mark.parametrize("command", ["/cancel", "/menu"])
@pytest.mark.parametrize("where", list(STEPS), ids=["-".join(key) for key in STEPS])
async def test_leave_any_step(app: Linli, where: tuple[str, str], command: str) -> None:
    setup, menu = STEPS[where]
    driver = await setup(app)
    flow, step = where
    assert await driver.flow_step() == (flow, step.split(" ")[0])
    person_before = await driver.person()
    assert person_before is not None
    question = driver.last

    await driver.send(command)
    assert driver.texts() == [t(app, "zh", "cancelled" if command == "/cancel" else "menu-title")]
    assert driver.labels() == menu_labels(app, "zh", *menu)
    assert await driver.state() is None

    person_after = await driver.person()
    assert person_after is not None
    assert (
        person_after.community_id,
        person_after.building_id,
        person_after.unit,
        person_after.phone,
        person_after.display_name,
        person_after.consented_at,
        person_after.forgotten_at,
    ) == (
        person_before.community_id,
        person_before.building_id,
        person_before.unit,
        person_before.phone,
        person_before.display_name,
        person_before.consented_at,
        None,
    )
    # The step's own buttons are dead now.
    picks = [button for row in question.buttons for button in row if button.data.startswith("k:")]
    for button in picks:
        await driver.press_data(button.data)
        assert driver.texts() == [t(app, "zh", "button-expired")]
    # And text is no longer taken as an answer.
    await driver.send("13800001234")
    assert driver.texts() == [t(app, "zh", "hint-no-flow")]

"""Which language Linli speaks: the platform's language code first, then what the person chooses."""

from __future__ import annotations

import pytest

from bot.app import Linli
from tests.harness import GUEST_MENU, RESIDENT_MENU, ChatDriver, menu_labels, onboard, t


@pytest.mark.parametrize(
    ("language_code", "language"),
    [("en", "en"), ("en-GB", "en"), ("zh-hans", "zh"), ("zh-hant", "zh"), ("fr", "zh"), (None, "zh")],
)
async def test_first_language_from_the_platform(app: Linli, language_code: str | None, language: str) -> None:
    driver = ChatDriver(app, language_code=language_code)
    await driver.send("/start")
    assert driver.texts() == [t(app, language, "onboard-welcome")]
    await driver.send("/nosuchthing")  # mid-flow: named, and the same question again in the same language
    assert driver.texts() == [
        t(app, language, "unknown-command", command="/nosuchthing"),
        t(app, language, "onboard-welcome"),
    ]
    assert driver.labels() == ["中文", "English"]
    await driver.send("/menu")
    assert driver.labels() == menu_labels(app, language, *GUEST_MENU)
    person = await driver.person()
    assert person is not None
    assert person.language == language


async def test_language_chosen_while_joining(app: Linli) -> None:
    driver = ChatDriver(app, language_code="zh-hans")
    await driver.send("/start")
    await driver.press("English")
    assert driver.texts() == [t(app, "en", "onboard-community")]
    assert driver.labels() == ["Yuntang Community", "Qiaotou Community", "Xiangyuan Community"]
    await driver.press("Yuntang")
    assert driver.labels()[0] == "Gelan Town Building 1"
    await driver.press("Gelan Town Building 3")
    await driver.press("Skip")
    await driver.press("✅ I agree")
    assert driver.texts() == [t(app, "en", "onboard-done", community="Yuntang Community")]
    assert driver.labels() == menu_labels(app, "en", *RESIDENT_MENU)


async def test_lang_switches_and_sticks(app: Linli) -> None:
    driver = ChatDriver(app, language_code="zh-hans")
    await onboard(driver)
    await driver.send("/lang")
    assert driver.texts() == [t(app, "zh", "lang-choose")]
    assert driver.labels() == ["中文", "English"]
    await driver.press("English")
    assert driver.texts() == [t(app, "en", "lang-set")]
    assert driver.last.edit is True
    assert driver.labels() == menu_labels(app, "en", *RESIDENT_MENU)
    person = await driver.person()
    assert person is not None
    assert person.language == "en"

    # Later messages, and the platform's language code, do not undo the choice.
    await driver.send("/help")
    assert driver.texts() == [t(app, "en", "help-text")]
    await driver.send("/pact")
    assert "Yuntang Community Residents' Pact" in driver.text

    await driver.press_data(driver.find_button("Main menu").data)
    await driver.press("中文")  # the menu's language entry leads back to /lang
    assert driver.texts() == [t(app, "en", "lang-choose")]
    await driver.press("中文")
    assert driver.texts() == [t(app, "zh", "lang-set")]
    await driver.send("/help")
    assert driver.texts() == [t(app, "zh", "help-text")]

"""The main menu: two to a row with related entries side by side, and everything a person does for the
community behind one "My work" button, showing only the tools their roles give them."""

from __future__ import annotations

from bot.app import Linli
from handlers.core.buttons import MenuAction
from tests.grid.helpers import driver
from tests.harness import COMMUNITY_STAFF_WORK, MANAGER_MENU, QUIET_MANAGER_MENU, RESIDENT_MENU, menu_labels, t


async def test_a_residents_menu_puts_related_entries_side_by_side(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/menu")
    rows = [[button.label for button in row] for row in wang.keyboard.buttons]
    ids = [
        ["menu-pact", "menu-hotline"],
        ["menu-report", "menu-mycases"],
        ["menu-book", "menu-mybookings"],
        ["menu-volunteers", "menu-talk"],  # taking part
        ["menu-polls", "menu-hearings"],  # while a poll is open and a hearing is in its notice period (云塘's demo)
        ["notices-menu", "menu-me"],
        ["menu-link", "menu-lang"],
        ["menu-help"],
    ]
    assert rows == [menu_labels(app, "zh", *row) for row in ids]
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)


async def test_community_staff_find_their_tools_behind_my_work(app: Linli) -> None:
    zhou = driver(app, "zhou")
    await zhou.send("/menu")
    assert [button.label for button in zhou.keyboard.buttons[0]] == [t(app, "zh", "menu-work")]  # alone, on top
    assert zhou.labels() == menu_labels(app, "zh", *MANAGER_MENU)
    await zhou.press(t(app, "zh", "menu-work"))
    assert zhou.text == t(app, "zh", "menu-work-title")
    assert zhou.labels() == menu_labels(app, "zh", *COMMUNITY_STAFF_WORK)
    assert zhou.last.edit  # replaces the menu it was pressed on
    await zhou.press(t(app, "zh", "menu-stats"))  # an entry works from there
    assert "网格案件统计" in zhou.text
    await zhou.press(t(app, "zh", "button-menu"))
    assert zhou.labels()[0] == t(app, "zh", "menu-work")


async def test_each_role_sees_the_tools_it_has(app: Linli) -> None:
    expected = {
        # A grid worker: the grid's cases, notices to the grid, the web console; not rooms or the pact.
        "li": ("menu-cases", "notices-menu-compose", "menu-console"),
        "xu": ("menu-cases", "menu-console"),  # a mediator: the disputes of the grid
        "hotline": ("menu-hotline-desk", "menu-console"),  # the 12343 operator's desk
        "zhanghk": ("menu-hotline-tickets", "menu-console"),  # a provider's work orders
    }
    for handle, tools in expected.items():
        chat = driver(app, handle)
        await chat.send("/menu")
        menu = QUIET_MANAGER_MENU if handle == "zhanghk" else MANAGER_MENU  # zhanghk lives in 桥头
        assert chat.labels() == menu_labels(app, "zh", *menu), handle
        await chat.press(t(app, "zh", "menu-work"))
        assert chat.labels() == menu_labels(app, "zh", *tools, "button-menu"), handle


async def test_a_grid_worker_reaches_the_cases_from_the_menu(app: Linli) -> None:
    li = driver(app, "li")
    await li.send("/menu")
    await li.press(t(app, "zh", "menu-work"))
    await li.press(t(app, "zh", "menu-cases"))
    assert t(app, "zh", "grid-staff-only") not in li.text
    assert "G0" in li.text  # the grid's cases, by number


async def test_residents_and_volunteers_have_no_work_menu_and_asking_for_it_is_answered(app: Linli) -> None:
    for handle in ("wang", "chen"):  # chen volunteers: that is not staff work
        chat = driver(app, handle)
        await chat.send("/menu")
        assert chat.labels() == menu_labels(app, "zh", *RESIDENT_MENU), handle
        await chat.send("/work")
        assert chat.text == t(app, "zh", "staff-only")
        assert chat.labels() == [t(app, "zh", "button-menu")]
        await chat.press_payload(MenuAction("work"))  # a kept or forged button: the same answer
        assert chat.text == t(app, "zh", "staff-only")

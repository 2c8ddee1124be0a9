"""The account's custom menu (自定义菜单), built from the features' main-menu entries.

WeChat allows three columns of at most five entries, names of at most 16 bytes on top and 60 below.
The resident entries go in three columns: 办事 (the services: pact, hotline, reporting, booking,
volunteering; those beyond five in 更多's free places), 我的 (the person's own things:
``MenuEntry.mine``) and 更多 (the main menu, the web chat, language, help). A CLICK entry's key is
``cmd:<command>``: tapping it runs the command as if typed. Staff tools are not in the account's menu
(it is the same for every follower); staff reach them from the main menu's "My work", as on every
channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from config.i18n import Catalog
from handlers.core.scope import Audience, MenuEntry

MAX_COLUMNS = 3
MAX_ENTRIES = 5
MAX_TOP_BYTES = 16
MAX_SUB_BYTES = 60
CLICK_PREFIX = "cmd:"
# Leading pictographs and symbols: WeChat's menu shows names as plain text, and the emoji of a chat button
# would be the only thing an older resident saw of some names on a small phone.
LEADING_SYMBOLS = re.compile(r"^[^\w\d]+", re.UNICODE)


def plain_name(label: str, most: int) -> str:
    name = LEADING_SYMBOLS.sub("", label).strip() or label.strip()
    while len(name.encode()) > most:
        name = name[:-1]
    return name


def click(name: str, command: str) -> dict[str, Any]:
    return {"type": "click", "name": plain_name(name, MAX_SUB_BYTES), "key": f"{CLICK_PREFIX}{command}"}


def build_menu(
    entries: Sequence[MenuEntry], catalog: Catalog, language: str, web_chat_url: str | None
) -> dict[str, Any]:
    """The ``menu/create`` body. ``web_chat_url``: a VIEW entry opening the web chat (through WeChat's
    sign-in, so it is the same person), or None to leave it out."""
    # The account's menu is the same for every follower: entries shown only to some people, only while
    # something is open for them (a poll, a hearing), stay in the chat's main menu.
    resident = [
        entry
        for entry in sorted(entries, key=lambda e: e.order)
        if not entry.staff and entry.audience in (Audience.residents, Audience.everyone) and entry.shown is None
    ]
    more_commands = {"lang", "help"}
    services = [entry for entry in resident if not entry.mine and entry.command not in more_commands]
    mine = [entry for entry in resident if entry.mine]
    more: list[dict[str, Any]] = [click(catalog.t(language, "wechat-menu-main"), "menu")]
    if web_chat_url:
        more.append(
            {
                "type": "view",
                "name": plain_name(catalog.t(language, "wechat-menu-webchat"), MAX_SUB_BYTES),
                "url": web_chat_url,
            }
        )
    more.extend(
        click(catalog.t(language, entry.label), entry.command) for entry in resident if entry.command in more_commands
    )
    service_clicks = [click(catalog.t(language, entry.label), entry.command) for entry in services]
    # Services beyond a column's five take 更多's free places, after its main-menu entry.
    overflow = service_clicks[MAX_ENTRIES:][: max(0, MAX_ENTRIES - len(more))]
    more[1:1] = overflow
    columns = [
        (catalog.t(language, "wechat-menu-services"), service_clicks),
        (
            catalog.t(language, "wechat-menu-mine"),
            [click(catalog.t(language, entry.label), entry.command) for entry in mine],
        ),
        (catalog.t(language, "wechat-menu-more"), more),
    ]
    buttons = []
    for title, subs in columns:
        if subs:
            # More entries than WeChat allows: the rest stay in the main menu (first entry of 更多).
            buttons.append({"name": plain_name(title, MAX_TOP_BYTES), "sub_button": subs[:MAX_ENTRIES]})
    return {"button": buttons[:MAX_COLUMNS]}

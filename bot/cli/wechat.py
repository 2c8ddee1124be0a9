"""`linli wechat …`: set up the WeChat Official Account: its custom menu and the parametric QR codes."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from bot.app import open_linli
from bot.channels.wechat.api import WeChatAPI, WeChatError
from bot.channels.wechat.menu import build_menu
from bot.channels.wechat.oauth import authorize_url
from config.settings import Settings

SCENE = re.compile(r"^c-[a-z0-9-]{1,30}$")  # what onboarding's deep link takes (handlers/onboarding)


def register(sub: Any) -> None:
    wechat = sub.add_parser("wechat", help="the WeChat Official Account: register the menu, make QR codes")
    wechat_sub = wechat.add_subparsers(dest="wechat_command", required=True)
    menu = wechat_sub.add_parser("menu", help="register the account's custom menu from the features' menu entries")
    menu.add_argument("--no-web-chat", action="store_true", help="leave the web chat entry out (no OAuth domain)")
    menu.add_argument("--print", action="store_true", help="print the menu's JSON and register nothing")
    menu.set_defaults(run=cmd_menu)
    qrcode = wechat_sub.add_parser("qrcode", help="a permanent QR code that follows the account and joins a community")
    qrcode.add_argument("scene", help="the community's deep link, e.g. c-yuntang")
    qrcode.add_argument("--save", type=Path, help="write the QR code image here")
    qrcode.set_defaults(run=cmd_qrcode)


def _configured(settings: Settings) -> bool:
    if settings.wechat_enabled and settings.wechat_app_secret is not None:
        return True
    print("set LINLI_WECHAT_APP_ID and LINLI_WECHAT_APP_SECRET first (see README, WeChat)", file=sys.stderr)
    return False


async def cmd_menu(settings: Settings, args: argparse.Namespace) -> int:
    if not args.print and not _configured(settings):
        return 2
    linli = await open_linli(settings)
    api = WeChatAPI(settings, linli.sessionmaker)
    try:
        services = linli.services
        web_chat = None if args.no_web_chat else authorize_url(linli, "chat")
        menu = build_menu(services.menu, services.catalog, settings.default_language, web_chat)
        if args.print:
            import json

            print(json.dumps(menu, ensure_ascii=False, indent=2))
            return 0
        await api.create_menu(menu)
        names = " | ".join(
            f"{column['name']}: {', '.join(b['name'] for b in column['sub_button'])}" for column in menu["button"]
        )
        print(f"menu registered: {names}")
        return 0
    except WeChatError as error:
        print(f"WeChat refused the menu: {error.code} {error.message}", file=sys.stderr)
        return 1
    finally:
        await api.close()
        await linli.close()


async def cmd_qrcode(settings: Settings, args: argparse.Namespace) -> int:
    if not SCENE.match(args.scene):
        print("the scene is a community's deep link: c-<code>, e.g. c-yuntang", file=sys.stderr)
        return 2
    if not _configured(settings):
        return 2
    linli = await open_linli(settings)
    api = WeChatAPI(settings, linli.sessionmaker)
    try:
        code = await api.create_qrcode(args.scene)
        print(f"QR code for {args.scene}: {code.url}")
        print(f"image: {code.image_url}")
        if args.save is not None:
            args.save.write_bytes(await api.download(code.image_url))
            print(f"saved to {args.save}")
        return 0
    except WeChatError as error:
        print(f"WeChat refused the QR code: {error.code} {error.message}", file=sys.stderr)
        return 1
    finally:
        await api.close()
        await linli.close()

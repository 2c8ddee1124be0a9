"""`linli qr PLACE`: printable QR posters (A4 PDF, a page per building) for a building, a community or a
whole street, on the channel the residents use."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.app import open_linli
from bot.posters.links import CHANNELS, NoChannel
from bot.posters.make import place_posters
from config.fonts import NoChineseFont
from config.settings import Settings
from models.places import place_by_code


def register(sub: Any) -> None:
    qr = sub.add_parser("qr", help="QR posters to print: a page per building, its code opens joining for it")
    qr.add_argument("place", help="a building, community or street code, e.g. yuntang-b3, yuntang, muyun")
    qr.add_argument("--channel", choices=CHANNELS, default=None, help="default: wechat when configured, else web")
    qr.add_argument("--out", type=Path, default=None, help="the PDF to write (default: posters-<place>.pdf)")
    qr.set_defaults(run=cmd_qr)


def default_channel(settings: Settings) -> str:
    return "wechat" if settings.wechat_enabled else "web"


async def cmd_qr(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            place = await place_by_code(session, args.place)
        if place is None:
            print(f"no place with the code {args.place!r}", file=sys.stderr)
            return 2
        channel = args.channel or default_channel(settings)
        try:
            content, pages = await place_posters(linli, place, channel)
        except (NoChannel, NoChineseFont) as error:
            print(f"cannot make posters: {error}", file=sys.stderr)
            return 2
        if not pages:
            print(f"{place.name_zh} has no buildings", file=sys.stderr)
            return 2
        out = args.out or Path(f"posters-{place.code}.pdf")
        out.write_bytes(content)
        print(f"{pages} posters ({channel}) for {place.name_zh} written to {out}")
        return 0
    finally:
        await linli.close()

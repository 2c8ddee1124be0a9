"""The `linli` command: run the bot, chat in the terminal, and the operator's tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.cli.backup as cli_backup
import bot.cli.console as cli_console
import bot.cli.grid as cli_grid
import bot.cli.hotline as cli_hotline
import bot.cli.notices as cli_notices
import bot.cli.pact as cli_pact
import bot.cli.qr as cli_qr
import bot.cli.wechat as cli_wechat
from bot.app import build, load_demo, open_linli
from bot.logs import configure_logging
from config.demo import all_demo_people
from config.settings import Settings
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.migrate import current_revision, upgrade
from models.people import ChannelAccount, Person, Role, RoleGrant, grant_role, revoke_role
from models.places import Place, place_by_code
from models.seed import demo_handles

log = logging.getLogger("linli")

DEFAULT_CHAT_HANDLE = "guest"

# Each feature's operator commands live in bot/cli_<feature>.py as ``register(subparsers)``; a command's
# ``run`` is ``async (settings, args) -> exit code`` and opens the app with ``bot.app.open_linli``.
FEATURE_COMMANDS: tuple[Callable[[Any], None], ...] = (
    cli_backup.register,
    cli_console.register,
    cli_grid.register,
    cli_hotline.register,
    cli_notices.register,
    cli_pact.register,
    cli_qr.register,
    cli_wechat.register,
)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    quiet = args.command in (None, "run", "chat") and settings.telegram_token is None
    configure_logging(settings, quiet=quiet)
    try:
        return int(asyncio.run(args.run(settings, args)))
    except KeyboardInterrupt:
        return 130
    except DomainError as refusal:
        print(f"refused: {refusal.message_id} {refusal.args_for_message}", file=sys.stderr)
        return 1


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="linli", description="Linli (邻里): the community chat assistant.")
    top.set_defaults(run=cmd_run, command=None)
    sub = top.add_subparsers(dest="command")

    run = sub.add_parser("run", help="the server: web chat and staff console, Telegram too when a token is set")
    run.set_defaults(run=cmd_run)

    chat = sub.add_parser("chat", help="talk to Linli in the terminal")
    chat.add_argument("--as", dest="handle", default=DEFAULT_CHAT_HANDLE, help="demo person (see --list)")
    chat.add_argument("--list", action="store_true", help="list the demo people")
    chat.set_defaults(run=cmd_chat)

    seed = sub.add_parser("seed", help="load community data")
    seed.add_argument("--demo", action="store_true", required=True, help="the demo Tianxin district")
    seed.set_defaults(run=cmd_seed)

    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(run=cmd_db)

    staff = sub.add_parser("staff", help="grant, revoke and list roles")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    for name in ("grant", "revoke"):
        action = staff_sub.add_parser(name, help=f"{name} a role on a place")
        action.add_argument("--person", required=True, help="channel:id, e.g. telegram:123456789 or terminal:zhou")
        action.add_argument("--role", required=True, choices=[role.value for role in Role])
        action.add_argument("--place", required=True, help="place code, e.g. yuntang or yuntang-g1")
        action.set_defaults(run=cmd_staff_change, grant=name == "grant")
    listing = staff_sub.add_parser("list", help="everyone with a role")
    listing.set_defaults(run=cmd_staff_list)

    config = sub.add_parser("config", help="print every LINLI_* setting with its default (markdown)")
    config.set_defaults(run=cmd_config)

    for register in FEATURE_COMMANDS:
        register(sub)
    return top


# --- running --------------------------------------------------------------------------------------


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """The server: web chat and console on the web port, Telegram too when a token is set."""
    from bot.server import run_server, settle_heap

    linli = await build(settings)
    stop, ready = asyncio.Event(), asyncio.Event()
    _stop_on_signals(stop)

    async def settle_when_ready() -> None:
        await ready.wait()
        settle_heap()

    settling = asyncio.create_task(settle_when_ready())
    try:
        await run_server(linli, stop, ready=ready, announce=lambda line: print(line, flush=True))
    finally:
        settling.cancel()
        await linli.close()
    return 0


async def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.channels.terminal import TerminalChat, stdin_lines

    if args.list:
        for handle, name, who in demo_handles({"people": all_demo_people()}):
            print(f"  {handle:8} {name}  {who}")
        return 0
    linli = await build(settings)
    try:
        print(f"邻里 Linli — terminal chat as '{args.handle}'. Type a number to press a button, /menu, /quit.")
        print("  Other demo people: linli chat --list")
        chat = TerminalChat(linli, args.handle, sys.stdout)
        await chat.run(stdin_lines(asyncio.get_running_loop()))
    finally:
        await linli.close()
    return 0


# --- operator tools -------------------------------------------------------------------------------


async def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    engine = make_engine(settings.effective_database_url)
    try:
        if settings.is_embedded:
            await upgrade(engine)
        async with make_sessionmaker(engine)() as session, session.begin():
            created = await load_demo(session)
    finally:
        await engine.dispose()
    print("demo community loaded" if created else "demo community already present; nothing changed")
    return 0


async def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    engine = make_engine(settings.effective_database_url)
    try:
        if args.action == "upgrade":
            await upgrade(engine)
        print(f"schema revision: {await current_revision(engine)}")
    finally:
        await engine.dispose()
    return 0


async def _find_person(session: AsyncSession, spec: str) -> Person | None:
    channel, _, external_id = spec.partition(":")
    return await session.scalar(
        select(Person)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .where(ChannelAccount.channel == channel, ChannelAccount.external_id == external_id)
    )


async def cmd_staff_change(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            person = await _find_person(session, args.person)
            place = await place_by_code(session, args.place)
            if person is None:
                print(f"nobody with account {args.person!r}: they must write to the bot first", file=sys.stderr)
                return 2
            if place is None:
                print(f"no place with code {args.place!r}", file=sys.stderr)
                return 2
            if args.grant:
                await grant_role(session, person, Role(args.role), place)
                print(f"granted {args.role} on {place.code} to person {person.id}")
            else:
                removed = await revoke_role(session, person, Role(args.role), place)
                print(f"revoked {args.role} on {place.code} from person {person.id}" if removed else "no such role")
    finally:
        await linli.close()
    return 0


async def cmd_staff_list(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            rows = await session.execute(
                select(RoleGrant.role, Place.code, Person.id, Person.display_name)
                .join(Place, Place.id == RoleGrant.place_id)
                .join(Person, Person.id == RoleGrant.person_id)
                .order_by(Place.path, RoleGrant.role)
            )
            for role, code, person_id, name in rows:
                print(f"{code:16} {role:16} person {person_id:<6} {name}")
    finally:
        await linli.close()
    return 0


async def cmd_config(settings: Settings, args: argparse.Namespace) -> int:
    print("| setting | default | what it does |\n|---|---|---|")
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        shown = "(unset)" if default in (None, "", {}, []) else f"`{default}`"
        print(f"| `LINLI_{name.upper()}` | {shown} | {field.description} |")
    print("| `LINLI_CONFIG_FILE` | (unset) | A TOML file with any of the settings above (lower-case keys). |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

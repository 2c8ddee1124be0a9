"""`linli console …`: sign-in for the staff console from the operator's terminal.

`link HANDLE|PHONE` prints a one-time sign-in link (for a staff member without a chat account, or the first
admin of a new deployment); `password HANDLE|PHONE` sets a password, read without echo (or from stdin).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import timedelta
from typing import Any

from bot.app import open_linli
from bot.console.auth import find_staff, issue_login_link
from config.settings import Settings
from models.web import MIN_PASSWORD_CHARS, end_sessions_of, record_audit, set_password


def register(sub: Any) -> None:
    console = sub.add_parser("console", help="staff console sign-in: one-time links and passwords")
    console_sub = console.add_subparsers(dest="console_command", required=True)
    link = console_sub.add_parser("link", help="print a one-time sign-in link for a staff member")
    link.add_argument("who", help="phone number or demo handle")
    link.add_argument("--hours", type=int, default=1, help="how long the link works (default 1)")
    link.set_defaults(run=cmd_link)
    password = console_sub.add_parser("password", help="set a staff member's console password")
    password.add_argument("who", help="phone number or demo handle")
    password.set_defaults(run=cmd_password)


async def cmd_link(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            person = await find_staff(session, args.who)
            if person is None:
                print(
                    f"no staff member '{args.who}' (phone number or demo handle of someone with a role)",
                    file=sys.stderr,
                )
                return 2
            now = linli.services.clock()
            link = await issue_login_link(session, linli, person, now, timedelta(hours=max(1, args.hours)))
            await record_audit(session, None, "cli.console_link", now, object_type="person", object_id=person.id)
        print(link)
    finally:
        await linli.close()
    return 0


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New console password: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("the two passwords differ")
    return first


async def cmd_password(settings: Settings, args: argparse.Namespace) -> int:
    try:
        password = read_password()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if len(password) < MIN_PASSWORD_CHARS:
        print(f"a console password needs at least {MIN_PASSWORD_CHARS} characters", file=sys.stderr)
        return 2
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            person = await find_staff(session, args.who)
            if person is None:
                print(f"no staff member '{args.who}'", file=sys.stderr)
                return 2
            now = linli.services.clock()
            await set_password(session, person.id, password, now)
            await end_sessions_of(session, person.id)  # a new password signs out every old session
            await record_audit(session, None, "cli.console_password", now, object_type="person", object_id=person.id)
        print("password set; existing console sessions were signed out")
    finally:
        await linli.close()
    return 0

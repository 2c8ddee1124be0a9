"""`linli grid …`: grid management for operators — statistics as CSV, report categories."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from bot.app import open_linli
from config.settings import Settings
from models.grid.stats import grid_stats
from models.grid.store import add_category, categories
from models.people import Role
from models.places import place_by_code

CSV_HEADER = ("section", "key", "name_zh", "name_en", "value")


def register(sub: Any) -> None:
    grid = sub.add_parser("grid", help="grid management: statistics, report categories")
    grid_sub = grid.add_subparsers(dest="grid_command", required=True)

    stats = grid_sub.add_parser("stats", help="the /stats figures of a place as CSV")
    stats.add_argument("--place", required=True, help="place code: a community, street or district (yuntang)")
    stats.add_argument("file", type=Path, help="CSV file to write; - for standard output")
    stats.set_defaults(run=cmd_grid_stats)

    listing = grid_sub.add_parser("categories", help="list the report categories with deadlines and routing")
    listing.set_defaults(run=cmd_grid_categories)

    add = grid_sub.add_parser("add-category", help="add a report category")
    add.add_argument("--code", required=True)
    add.add_argument("--zh", required=True, help="Chinese name")
    add.add_argument("--en", required=True, help="English name")
    add.add_argument("--accept-hours", type=int, required=True)
    add.add_argument("--resolve-days", type=int, required=True)
    add.add_argument("--role", default="grid_worker", choices=["grid_worker", "mediator", "property_supervisor"])
    add.add_argument("--urgent", action="store_true", help="handlers are told even during quiet hours")
    add.set_defaults(run=cmd_grid_add_category)


async def cmd_grid_stats(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            place = await place_by_code(session, args.place)
            if place is None:
                print(f"no place {args.place!r}", file=sys.stderr)
                return 1
            stats = await grid_stats(session, place)
    finally:
        await linli.close()
    rows = [CSV_HEADER, *stats.rows()]
    if str(args.file) == "-":
        csv.writer(sys.stdout).writerows(rows)
    else:
        with args.file.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
        print(f"{len(rows) - 1} figures written to {args.file}")
    return 0


async def cmd_grid_categories(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            for category in await categories(session, active_only=False):
                fields = [
                    category.code,
                    category.name_zh,
                    category.name_en,
                    f"accept {category.accept_hours} h",
                    f"resolve {category.resolve_days} d",
                    category.role.value,
                ]
                print("\t".join([*fields, "urgent"] if category.urgent else fields))
    finally:
        await linli.close()
    return 0


async def cmd_grid_add_category(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            category = await add_category(
                session,
                args.code,
                args.zh,
                args.en,
                args.accept_hours,
                args.resolve_days,
                Role(args.role),
                urgent=args.urgent,
            )
            print(f"added category {category.code} ({category.name_zh})")
    finally:
        await linli.close()
    return 0

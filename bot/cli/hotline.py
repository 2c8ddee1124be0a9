"""`linli hotline …`: the 12343 catalogue as a file (export, edit, import) and the monthly provider report."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from bot.app import open_linli
from config.settings import Settings
from models.hotline.catalogue_file import CatalogueError, export_catalogue, import_catalogue, to_json, to_toml
from models.hotline.report import provider_report, report_csv


def register(sub: Any) -> None:
    hotline = sub.add_parser("hotline", help="12343 hotline: catalogue import/export, provider report")
    hotline_sub = hotline.add_subparsers(dest="hotline_command", required=True)

    export = hotline_sub.add_parser("export", help="write the catalogue to a .toml or .json file")
    export.add_argument("file", type=Path)
    export.set_defaults(run=cmd_export)

    load = hotline_sub.add_parser("import", help="add or update categories, services and providers from a file")
    load.add_argument("file", type=Path)
    load.set_defaults(run=cmd_import)

    report = hotline_sub.add_parser("report", help="per provider: cases, acceptance, on time, rating, reopens (CSV)")
    report.add_argument("--month", required=True, help="YYYY-MM, in the configured time zone")
    report.add_argument("file", type=Path, help="CSV file to write; - for standard output")
    report.set_defaults(run=cmd_report)


async def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            data = await export_catalogue(session)
    finally:
        await linli.close()
    write_catalogue(args.file, data)
    print(f"{len(data['services'])} services, {len(data['providers'])} providers written to {args.file}")
    return 0


def write_catalogue(path: Path, data: dict[str, Any]) -> None:
    path.write_text(to_json(data) if path.suffix == ".json" else to_toml(data), encoding="utf-8")


def read_catalogue(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise CatalogueError("the file must hold an object with categories, services, providers")
        return loaded
    with path.open("rb") as file:
        return tomllib.load(file)


async def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    try:
        data = read_catalogue(args.file)
    except (OSError, ValueError) as error:
        print(f"cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            counts = await import_catalogue(session, data)
    except CatalogueError as error:
        print(f"not imported (nothing changed): {error}", file=sys.stderr)
        return 1
    finally:
        await linli.close()
    print(f"imported {counts['categories']} categories, {counts['services']} services, {counts['providers']} providers")
    return 0


async def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        print("--month must look like 2026-11", file=sys.stderr)
        return 2
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            rows = await provider_report(session, args.month, settings.tz)
    finally:
        await linli.close()
    text = report_csv(rows, args.month)
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        args.file.write_text(text, encoding="utf-8")
        print(f"{len(rows)} providers written to {args.file}")
    return 0

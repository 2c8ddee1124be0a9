"""`linli notices …`: the operator's view of staff notices (list, ledger as CSV)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import open_linli
from config.settings import Settings
from models.notices.store import Notice, ledger, ledger_rows

CSV_COLUMNS = [
    "message_id",
    "person_id",
    "name",
    "language",
    "channel",
    "kind",
    "status",
    "attempts",
    "sent_at",
    "error",
    "acknowledged_at",
    "delivered_as",
]


async def ledger_csv(session: AsyncSession, notice_id: int) -> AsyncIterator[str]:
    """The ledger of a notice as CSV text: the header line, then one line per message. The one CSV shape of a
    ledger, for this command and the console's download. Streamed: a notice to 100,000 people is not loaded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Sequence[Any]) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(CSV_COLUMNS)
    async for row in await session.stream(ledger_rows(notice_id)):
        message_id, person_id, name, language, channel, kind, status, attempts, sent_at, error, acked, how = row
        yield line(
            [
                message_id,
                person_id or "",
                name or "",
                language or "",
                channel,
                kind,
                status.value,
                attempts,
                sent_at.isoformat() if sent_at else "",
                error or "",
                acked.isoformat() if acked else "",
                how or "",
            ]
        )


def register(sub: Any) -> None:
    notices = sub.add_parser("notices", help="staff notices: list them, export a delivery ledger")
    notices_sub = notices.add_subparsers(dest="notices_command", required=True)
    listing = notices_sub.add_parser("list", help="the most recent notices with their delivery counts")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(run=cmd_list)
    export = notices_sub.add_parser("ledger", help="every message of a notice and what happened to it, as CSV")
    export.add_argument("notice_id", type=int)
    export.add_argument("file", type=Path, help="where to write the CSV ('-' for standard output)")
    export.set_defaults(run=cmd_ledger)


async def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            notices = (await session.scalars(select(Notice).order_by(Notice.id.desc()).limit(args.limit))).all()
            for notice in notices:
                counts = await ledger(session, notice.id)
                print(
                    f"#{notice.id:<5} {notice.send_at:%Y-%m-%d %H:%M}Z {notice.status:<10} {notice.urgency:<8} "
                    f"{notice.topic:<12} people {counts.recipients} sent {counts.sent} pending {counts.pending} "
                    f"failed {counts.failed} unreachable {counts.unreachable} acknowledged {counts.acknowledged}"
                )
    finally:
        await linli.close()
    return 0


async def cmd_ledger(settings: Settings, args: argparse.Namespace) -> int:
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session:
            if await session.get(Notice, args.notice_id) is None:
                print(f"no notice #{args.notice_id}", file=sys.stderr)
                return 2
            out = sys.stdout if str(args.file) == "-" else args.file.open("w", newline="", encoding="utf-8")
            try:
                written = -1  # the header is not a message
                async for line in ledger_csv(session, args.notice_id):
                    out.write(line)
                    written += 1
            finally:
                if out is not sys.stdout:
                    out.close()
            counts = await ledger(session, args.notice_id)
        print(
            f"notice #{args.notice_id}: {written} messages written to {args.file}; people {counts.recipients}, "
            f"sent {counts.sent}, pending {counts.pending}, failed {counts.failed}, "
            f"unreachable {counts.unreachable}, cancelled {counts.cancelled}, acknowledged {counts.acknowledged}",
            file=sys.stderr,
        )
    finally:
        await linli.close()
    return 0

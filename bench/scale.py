"""Several ``linli run`` processes on one PostgreSQL behind one address, without sticky sessions.

Run from the repository root::

    python -m bench.scale                    # 1, 2 and 4 processes; 200 web chat visitors × 5 messages
    python -m bench.scale --visitors 50      # smaller

Every process is a real ``linli run`` (webhook mode, the same database, each its own port) and a small
round-robin proxy (``tests.fakes.round_robin``) is the one address: every WebSocket and every HTTP request
(the Telegram webhook's too) goes to the next process in turn. The visitors behave as the page's chat.js
does (``bench.faults.WebVisitor``): all write at once, each message named, kept until answered and sent
again on the next socket.

Per run it prints messages/s (first message to last answer), the processes' CPU per message (user +
system, from /proc: what transfers to a machine with more cores than this one's two), and what was lost or
answered out of order. The last line: ``scale: 1 process X/s, 2 processes Y/s, 4 processes Z/s, lost L``.

``tests/e2e/test_scale_out.py`` uses the same cluster for the fault: three processes, web visitors and
Telegram chats together, one process killed with SIGKILL mid-run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.broadcast import create_pg_database, drop_pg_database
from bench.faults import SECRET, Linli, pages_open, until
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.round_robin import RoundRobin

TOKEN = "424242:FAULTS"  # bench.faults.Linli's token
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Cluster:
    fake: FakeBotAPI
    processes: list[Linli]
    proxy: RoundRobin

    @property
    def port(self) -> int:
        return int(urlsplit(self.proxy.url).port or 0)

    def cpu(self) -> float:
        return sum(cpu_seconds(p.process.pid) for p in self.processes if p.process and p.process.returncode is None)


@asynccontextmanager
async def cluster(count: int, scratch: Path, database_url: str) -> AsyncIterator[Cluster]:
    """``count`` processes on ``database_url`` (migrated here), behind one round-robin address."""
    async with FakeBotAPI(TOKEN) as fake:
        processes = [Linli(fake, scratch / f"data{n}", webhook=True, database_url=database_url) for n in range(count)]
        async with RoundRobin([f"http://127.0.0.1:{p.port}" for p in processes]) as proxy:
            for process in processes:
                # Telegram calls the one address; the balancer picks the process.
                process.env["LINLI_WEBHOOK_URL"] = f"{proxy.url}/telegram"
                process.env["LINLI_WEBHOOK_SECRET"] = SECRET
                process.env["LINLI_OUTBOX_POLL_SECONDS"] = "30"  # told by NOTIFY, not found by polling
                process.env["LINLI_INBOUND_LEASE_SECONDS"] = "4"  # a killed one's updates taken over soon
            await processes[0].prepare()
            try:
                for process in processes:
                    await process.start()
                yield Cluster(fake, processes, proxy)
            finally:
                for process in processes:
                    await process.stop()


@dataclass
class Run:
    processes: int
    messages: int
    seconds: float
    cpu: float
    lost: int
    out_of_order: int

    def line(self) -> str:
        return (
            f"{self.processes} process{'es' if self.processes > 1 else ''}: {self.messages} messages in "
            f"{self.seconds:.2f} s, {self.messages / self.seconds:.0f}/s, CPU {self.cpu / self.messages * 1000:.2f} ms "
            f"per message, lost {self.lost}, out of order {self.out_of_order}"
        )


async def talk(cluster: Cluster, visitors: int, messages: int) -> Run:
    async with pages_open(cluster.port, visitors) as pages:
        await until(lambda: all(page.connected.is_set() for page in pages), timeout=60)
        await asyncio.sleep(0.5)  # the greetings are out
        cpu_before, began = cluster.cpu(), time.monotonic()
        for round_ in range(messages):
            for page in pages:
                await page.say(f"x{round_}")
        expected = visitors * messages
        await until(lambda: sum(page.answered for page in pages) >= expected, timeout=300)
        seconds, cpu = time.monotonic() - began, cluster.cpu() - cpu_before
    lost = sum(page.lost for page in pages)
    out_of_order = sum(not page.in_order for page in pages)
    return Run(len(cluster.processes), expected, seconds, cpu, lost, out_of_order)


async def run(counts: Sequence[int], visitors: int, messages: int) -> list[Run]:
    runs = []
    for count in counts:
        database_url = await create_pg_database()
        try:
            with tempfile.TemporaryDirectory(prefix="linli-scale-") as scratch:
                async with cluster(count, Path(scratch), database_url) as running:
                    runs.append(await talk(running, visitors, messages))
        finally:
            await drop_pg_database(database_url)
        print(runs[-1].line(), flush=True)
    return runs


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs; {args.visitors} web chat visitors × {args.messages} messages, all at once")
    runs = asyncio.run(run((1, 2, 4), args.visitors, args.messages))
    rates = [f"{r.processes} process{'es' if r.processes > 1 else ''} {r.messages / r.seconds:.0f}/s" for r in runs]
    print(f"scale: {', '.join(rates)}, lost {sum(r.lost for r in runs)}")


if __name__ == "__main__":
    main()

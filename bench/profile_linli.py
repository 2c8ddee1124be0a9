"""Profile one side of bench.throughput: ``python -m bench.profile_linli [--side linli|echo] [--plain]``.

Same harness and workload as the throughput bench (Linli's overall rate limit lifted): one warm-up cycle,
then one profiled batch. Prints the profile's self time summed per package (where the time goes, layer
by layer), then the top functions; ``--out`` keeps the raw cProfile data for ``pstats``/snakeviz.
``--pyinstrument`` prints a pyinstrument tree instead, if it is installed (it is not a dependency).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import importlib
import pstats
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.throughput import (
    ECHO_CALLS,
    FIRST_USER_ID,
    LINLI_CALLS,
    TOKEN,
    Side,
    Step,
    Workload,
    bench_settings,
    register_residents,
    running_echo,
    running_linli,
)
from bot.app import build
from bot.logs import configure_logging
from tests.fakes.bot_api import FakeBotAPI

Batch = Callable[[], Awaitable[float]]


def by_package(stats: pstats.Stats, top: int = 25) -> None:
    """Self time per package (site-packages name, stdlib module, or the repository's top folder)."""
    totals: Counter[str] = Counter()
    for (file, _line, name), (_cc, _nc, self_time, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in file:
            key = file.split("site-packages/")[1].split("/")[0]
        elif file == "~":
            key = f"builtin {name}"
        elif "/lib/python3" in file:
            key = "stdlib " + file.split("/lib/python3")[1].split("/", 1)[1].split("/")[0]
        elif Path(file).resolve().is_relative_to(Path.cwd()):
            key = "repo " + Path(file).resolve().relative_to(Path.cwd()).parts[0]
        else:
            key = file
        totals[key] += self_time
    grand = sum(totals.values())
    print(f"self time by package ({grand:.2f} s profiled):")
    for key, seconds in totals.most_common(top):
        print(f"  {seconds:7.2f} s  {seconds / grand * 100:5.1f}%  {key}")


def run_profiled(args: argparse.Namespace, batch: Batch) -> Awaitable[float]:
    async def go() -> float:
        if args.plain:
            return await batch()
        if args.pyinstrument:
            profiler = importlib.import_module("pyinstrument").Profiler(async_mode="disabled", interval=0.0005)
            profiler.start()
            elapsed = await batch()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            return elapsed
        cprofile = cProfile.Profile()
        cprofile.enable()
        elapsed = await batch()
        cprofile.disable()
        cprofile.dump_stats(args.out)
        stats = pstats.Stats(cprofile)
        by_package(stats)
        stats.sort_stats("tottime").print_stats(args.top)
        return elapsed

    return go()


async def profile(args: argparse.Namespace) -> None:
    chats = [FIRST_USER_ID + i for i in range(args.chats)]
    async with contextlib.AsyncExitStack() as stack:
        linli_fake = await stack.enter_async_context(FakeBotAPI(TOKEN))
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linli-profile-")))
        settings = bench_settings(linli_fake, data_dir, max_concurrent_updates=args.concurrency)
        configure_logging(settings)
        linli = await build(settings)
        stack.push_async_callback(linli.close)
        version_id, articles = await register_residents(linli, chats)
        workload = Workload(chats, version_id, articles, linli.services.button_key)
        side = Side("linli", linli_fake, LINLI_CALLS)
        await stack.enter_async_context(running_linli(linli, throttled=False))
        anchors = await side.open_chats(chats)  # the echo side gets the same updates, as in the bench
        if args.side == "echo":
            echo_fake = await stack.enter_async_context(FakeBotAPI(TOKEN))
            side = Side("echo", echo_fake, ECHO_CALLS)
            await stack.enter_async_context(running_echo(echo_fake))
            await side.open_chats(chats)
        await side.run(workload.batch(1), anchors, timeout=300)
        steps: list[Step] = workload.batch(args.cycles)

        async def batch() -> float:
            started = time.perf_counter()
            await side.run(steps, anchors, timeout=300)
            return time.perf_counter() - started

        elapsed = await run_profiled(args, batch)
        mode = "no profiler" if args.plain else "under the profiler"
        print(
            f"{side.name}: {len(steps)} updates in {elapsed:.2f} s ({mode}), {elapsed / len(steps) * 1000:.2f} ms each"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_linli")
    parser.add_argument("--side", choices=("linli", "echo"), default="linli")
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=16, help="Linli's max_concurrent_updates")
    parser.add_argument("--out", default="/tmp/linli.prof", help="raw cProfile data")
    parser.add_argument("--top", type=int, default=30, help="functions listed by self time")
    parser.add_argument("--plain", action="store_true", help="no profiler: just time the batch")
    parser.add_argument("--pyinstrument", action="store_true")
    asyncio.run(profile(parser.parse_args()))


if __name__ == "__main__":
    main()

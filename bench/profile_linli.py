"""Profile Linli's side of bench.throughput: ``python -m bench.profile_linli [--out FILE] [--pyinstrument]``.

Same harness and workload as the throughput bench (throttle lifted), one warm-up cycle, then one
profiled batch; prints the top functions of a cProfile run (or a pyinstrument tree, if installed).
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
from pathlib import Path

from bench.throughput import (
    FIRST_USER_ID,
    LINLI_CALLS,
    TOKEN,
    Side,
    Workload,
    free_port,
    register_residents,
    running_linli,
)
from bot.app import build
from bot.logs import configure_logging
from config.settings import Settings
from tests.fakes.bot_api import FakeBotAPI


async def profile(args: argparse.Namespace) -> None:
    chats = [FIRST_USER_ID + i for i in range(args.chats)]
    async with contextlib.AsyncExitStack() as stack:
        fake = await stack.enter_async_context(FakeBotAPI(TOKEN))
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linli-profile-")))
        settings = Settings(
            data_dir=data_dir,
            telegram_token=TOKEN,  # pydantic coerces to SecretStr
            telegram_api_url=fake.base_url,
            telegram_file_url=fake.base_file_url,
            web_port=free_port(),
            log_level="WARNING",
            max_concurrent_updates=args.concurrency,
        )
        configure_logging(settings)
        linli = await build(settings)
        stack.push_async_callback(linli.close)
        version_id, articles = await register_residents(linli, chats)
        workload = Workload(chats, version_id, articles, linli.services.button_key)
        side = Side("linli", fake, LINLI_CALLS)
        await stack.enter_async_context(running_linli(linli, throttled=False))
        anchors = await side.open_chats(chats)
        await side.run(workload.batch(1), anchors, timeout=300)
        steps = workload.batch(args.cycles)
        if args.plain:
            started = time.perf_counter()
            await side.run(steps, anchors, timeout=300)
            elapsed = time.perf_counter() - started
        elif args.pyinstrument:
            # Optional and not a dependency: `pip install pyinstrument` into the venv for a while.
            profiler = importlib.import_module("pyinstrument").Profiler(async_mode="disabled", interval=0.0005)
            profiler.start()
            started = time.perf_counter()
            await side.run(steps, anchors, timeout=300)
            elapsed = time.perf_counter() - started
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        else:
            cprofile = cProfile.Profile()
            cprofile.enable()
            started = time.perf_counter()
            await side.run(steps, anchors, timeout=300)
            elapsed = time.perf_counter() - started
            cprofile.disable()
            cprofile.dump_stats(args.out)
            stats = pstats.Stats(cprofile)
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(80)
        print(f"{len(steps)} updates in {elapsed:.2f} s under the profiler")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_linli")
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=16, help="LINLI max_concurrent_updates")
    parser.add_argument("--out", default="/tmp/linli.prof")
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--plain", action="store_true", help="no profiler: just time the batch")
    asyncio.run(profile(parser.parse_args()))


if __name__ == "__main__":
    main()

"""The web chat's speed against a bare aiohttp WebSocket echo, on the same harness in the same run.

Run from the repository root::

    python -m bench.webchat                 # 50 pages × 20 messages, each page waiting for its answers
    python -m bench.webchat --pages 100

Both servers are processes of their own on this machine: ``linli run`` (SQLite, the demo community, no
Telegram) and a bare aiohttp application (``--serve-bare``) that speaks the web chat's protocol with no work
behind it: each text frame gets one message naming it (``re``) and its ``done``. The same client drives
both: N pages, each a WebSocket, each sending its next message as soon as the last one is ``done`` (a
person who reads fast), so the figures are messages per second through the socket and each message's time
from sending to its ``done``. A page's ``/menu`` is answered by the chat's real flow (a guest is offered
the languages and the community), one message per frame, as the echo does. The last line:
``webchat ratio linli/bare: X.XX``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import WSMsgType, web

LINLI = str(Path(sys.executable).with_name("linli"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the bare server ---------------------------------------------------------------------------------


async def bare_socket(request: web.Request) -> web.WebSocketResponse:
    sock = web.WebSocketResponse()
    await sock.prepare(request)
    async for message in sock:
        if message.type is not WSMsgType.TEXT:
            continue
        frame = json.loads(message.data)
        if frame.get("type") == "hello":
            await sock.send_json({"type": "done", "id": None})
            continue
        await sock.send_json(
            {"type": "message", "id": 1, "text": frame.get("text", ""), "buttons": [], "re": frame.get("id")}
        )
        await sock.send_json({"type": "done", "id": frame.get("id")})
    return sock


async def healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def serve_bare(port: int) -> None:
    app = web.Application()
    app.router.add_get("/chat/ws", bare_socket)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# --- the client -----------------------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    messages: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    def line(self) -> str:
        p50 = statistics.median(self.latencies) * 1000
        p95 = statistics.quantiles(self.latencies, n=20)[-1] * 1000
        return f"{self.name:<5}  {self.rate:7.1f} messages/s  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"


async def page(base: str, messages: int, latencies: list[float]) -> None:
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client,
        client.ws_connect(base + "/chat/ws", headers={"Origin": base}) as sock,
    ):
        await sock.send_json({"type": "hello", "fresh": True})
        await until_done(sock, None)
        for number in range(messages):
            frame_id = f"p{id(sock) % 100000}-{number}"
            began = time.perf_counter()
            await sock.send_json({"type": "text", "text": "/menu", "id": frame_id})
            await until_done(sock, frame_id)
            latencies.append(time.perf_counter() - began)


async def until_done(sock: aiohttp.ClientWebSocketResponse, frame_id: str | None) -> None:
    async for message in sock:
        if message.type is WSMsgType.TEXT:
            frame = json.loads(message.data)
            if frame["type"] == "done" and frame.get("id") == frame_id:
                return
    raise RuntimeError("the socket closed before its answer")


async def drive(name: str, port: int, pages: int, messages: int) -> Figures:
    base = f"http://127.0.0.1:{port}"
    warm: list[float] = []
    await asyncio.gather(*(page(base, 2, warm) for _ in range(min(pages, 10))))
    latencies: list[float] = []
    began = time.perf_counter()
    await asyncio.gather(*(page(base, messages, latencies) for _ in range(pages)))
    return Figures(name, pages * messages, time.perf_counter() - began, latencies)


async def started(command: Sequence[str], port: int, env: dict[str, str]) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    async with aiohttp.ClientSession() as client:
        for _ in range(600):
            try:
                async with client.get(f"http://127.0.0.1:{port}/healthz") as health:
                    if health.status == 200:
                        return process
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command[0]} did not start")


async def bench(pages: int, messages: int) -> float:
    figures = []
    with tempfile.TemporaryDirectory(prefix="linli-webchat-") as scratch:
        bare_port, linli_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        bare = await started([sys.executable, "-m", "bench.webchat", "--serve-bare", str(bare_port)], bare_port, env)
        linli_env = {
            **env,
            "LINLI_DATA_DIR": str(Path(scratch) / "data"),
            "LINLI_WEB_PORT": str(linli_port),
            "LINLI_FLOOD_PER_MINUTE": "0",  # the pages write far faster than people
            "LINLI_WEB_NEW_VISITORS_PER_HOUR": "0",  # every page comes from 127.0.0.1
            "LINLI_LOG_LEVEL": "WARNING",
        }
        linli = await started([LINLI, "run"], linli_port, linli_env)
        try:
            for name, port in (("bare", bare_port), ("linli", linli_port), ("bare", bare_port), ("linli", linli_port)):
                figures.append(await drive(name, port, pages, messages))
                print(f"round  {figures[-1].line()}", flush=True)
        finally:
            for process in (bare, linli):
                process.terminate()
                await process.wait()
    best = {name: max((f for f in figures if f.name == name), key=lambda f: f.rate) for name in ("bare", "linli")}
    print()
    for result in best.values():
        print(result.line())
    ratio = best["linli"].rate / best["bare"].rate
    print(f"webchat ratio linli/bare: {ratio:.2f}")
    return ratio


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return
    print(f"{os.cpu_count()} CPUs; {args.pages} pages × {args.messages} messages, each page waiting for its done")
    asyncio.run(bench(args.pages, args.messages))


if __name__ == "__main__":
    main()

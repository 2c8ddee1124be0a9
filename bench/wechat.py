"""Messages per second through Linli's WeChat endpoint, against a bare aiohttp handler answering the same XML.

Run from the repository root::

    python -m bench.wechat            # plain mode
    python -m bench.wechat --safe     # safe mode (AES) on both sides

Both sides are real aiohttp servers in this process, posted to over real HTTP by the same simulated WeChat
(signed XML, as ``tests.fakes.wechat_api.Follower`` builds it). Linli runs through its real entry point
(``bot.server.run_server`` with the WeChat channel, SQLite in a temporary directory) with N followers who
have joined 云塘社区 beforehand; the fake WeChat API answers its API calls. Each follower writes its next
message when the answer to the last one is in (a person does not type ahead), N followers at once; the
messages cycle through ``/menu`` and ``/help``, each answered in WeChat's own reply (one text message with
the choices as links).

The bare side is what any WeChat handler must do at least: check the URL signature (and in safe mode
decrypt and encrypt), parse the XML with wechatpy and answer a TextReply, with the very text Linli
answered that message with. Linli does, on top: take the message once in the database (retries), open the
person's 48 hours, the conversation core (identity, state, the menu), and keep the reply's choices.

Rounds alternate bare, linli, bare, linli…; the median of each side is reported and their ratio is the
last line. Every answer is checked: Linli's must be the text expected for that message.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import aiohttp
from aiohttp import web
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner, check_signature

from bot.app import build
from bot.channels.wechat.protocol import parse_xml
from bot.server import run_server
from tests.e2e.conftest import free_port
from tests.e2e.wechat_bot import wechat_settings
from tests.fakes.wechat_api import ACCOUNT, AES_KEY, APP_ID, TOKEN, FakeWeChat

MESSAGES = ("/menu", "/help")


class Client:
    """The simulated WeChat: signed posts of followers' messages, answers opened and checked."""

    def __init__(self, safe: bool) -> None:
        self.safe = safe
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
        self.ids = itertools.count(int(time.time() * 1000))
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    async def close(self) -> None:
        await self.http.close()

    def signed(self, openid: str, text: str) -> tuple[dict[str, str], bytes]:
        body = (
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{text}]]></Content><MsgId>{next(self.ids)}</MsgId></xml>"
        )
        timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
        signer = WeChatSigner()
        signer.add_data(TOKEN, timestamp, nonce)
        query = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, "openid": openid}
        if self.safe:
            sealed = parse_xml(self.crypto.encrypt_message(body, nonce, timestamp))
            body = f"<xml><ToUserName>{ACCOUNT}</ToUserName><Encrypt>{sealed['Encrypt']}</Encrypt></xml>"
            query.update(encrypt_type="aes", msg_signature=sealed["MsgSignature"])
        return query, body.encode()

    async def say(self, url: str, openid: str, text: str) -> str:
        """The text of the passive reply to ``text``."""
        query, body = self.signed(openid, text)
        async with self.http.post(url, params=query, data=body) as response:
            answer = await response.text()
            if response.status != 200:
                raise AssertionError(f"{url} answered {response.status}: {answer[:200]}")
        if self.safe:
            sealed = parse_xml(answer)
            answer = self.crypto.decrypt_message(answer, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"])
        return str(parse_xml(answer).get("Content") or "")


def bare_app(safe: bool, answers: dict[str, str]) -> web.Application:
    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)

    async def receive(request: web.Request) -> web.Response:
        query = request.query
        check_signature(TOKEN, query["signature"], query["timestamp"], query["nonce"])
        text = await request.text()
        if safe:
            text = crypto.decrypt_message(text, query["msg_signature"], query["timestamp"], query["nonce"])
        message = parse_message(text)
        xml = TextReply(message=message, content=answers[message.content]).render()
        if safe:
            xml = crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        return web.Response(text=xml, content_type="application/xml")

    app = web.Application()
    app.router.add_post("/wechat", receive)
    return app


async def drive(
    client: Client, url: str, followers: Sequence[str], per_follower: int, expected: dict[str, str]
) -> float:
    """Every follower writes ``per_follower`` messages, one after another; returns messages per second."""

    async def follower(openid: str) -> None:
        for index in range(per_follower):
            text = MESSAGES[index % len(MESSAGES)]
            answer = await client.say(url, openid, text)
            if answer.split("\n")[0] != expected[text].split("\n")[0]:
                raise AssertionError(f"unexpected answer to {text}: {answer[:80]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(follower(openid) for openid in followers))
    return len(followers) * per_follower / (time.perf_counter() - started)


async def onboard(client: Client, url: str, openid: str) -> None:
    """Join 云塘社区 through the endpoint: language, building, unit, consent (typed labels press choices)."""
    for text in ("/start c-yuntang", "中文", "格兰小镇3栋", "2单元301", "✅ 同意"):
        await client.say(url, openid, text)


async def main(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.ERROR)
    client = Client(args.safe)
    followers = [f"o-bench-{n:04d}" for n in range(args.followers)]
    with tempfile.TemporaryDirectory() as directory:
        async with FakeWeChat() as fake:
            # The followers here write far faster than people: the flood limit would be all it measured.
            settings = wechat_settings(fake, Path(directory), safe=args.safe, flood_per_minute=0)
            linli = await build(settings)
            stop, ready = asyncio.Event(), asyncio.Event()
            server = asyncio.create_task(run_server(linli, stop, ready=ready, telegram=False))
            await asyncio.wait_for(ready.wait(), 20)
            linli_url = settings.base_url + settings.wechat_path
            for openid in followers:
                fake.follower(openid, linli_url)  # the fake knows them as followers
                await onboard(client, linli_url, openid)
            expected = {text: await client.say(linli_url, followers[0], text) for text in MESSAGES}

            bare_runner = web.AppRunner(bare_app(args.safe, expected), access_log=None)
            await bare_runner.setup()
            bare_port = free_port()
            await web.TCPSite(bare_runner, "127.0.0.1", bare_port).start()
            bare_url = f"http://127.0.0.1:{bare_port}/wechat"

            await drive(client, bare_url, followers, 2, expected)  # warm both up
            await drive(client, linli_url, followers, 2, expected)
            bare: list[float] = []
            ours: list[float] = []
            for _ in range(args.rounds):
                bare.append(await drive(client, bare_url, followers, args.messages, expected))
                ours.append(await drive(client, linli_url, followers, args.messages, expected))
            await bare_runner.cleanup()
            stop.set()
            await server
            await linli.close()
    await client.close()
    mode = "safe mode (AES)" if args.safe else "plain mode"
    total = args.followers * args.messages
    print(
        f"WeChat endpoint, {mode}: {args.followers} followers at once, {total} messages a round, {args.rounds} rounds"
    )
    for name, figures in (("bare aiohttp + wechatpy", bare), ("linli", ours)):
        rounds = ", ".join(f"{value:.0f}" for value in figures)
        print(f"{name + ':':24} {statistics.median(figures):8.1f} msg/s  (rounds: {rounds})")
    print(f"wechat ratio linli/bare: {statistics.median(ours) / statistics.median(bare):.2f}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--safe", action="store_true", help="safe mode (AES) on both sides")
    parser.add_argument("--followers", type=int, default=20, help="followers writing at once")
    parser.add_argument("--messages", type=int, default=20, help="messages per follower per round")
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args(sys.argv[1:])))

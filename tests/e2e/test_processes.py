"""The commands a newcomer runs, as real processes: `linli run` on Telegram, `linli chat` in a terminal."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.e2e.conftest import TOKEN, expect, free_port
from tests.fakes.bot_api import FakeBotAPI

LINLI = str(Path(sys.executable).with_name("linli"))


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    env.update({"LINLI_DATA_DIR": str(tmp_path / "data"), **extra})
    return env


async def test_linli_run_serves_telegram_and_stops_cleanly_on_sigterm(fake: FakeBotAPI, tmp_path: Path) -> None:
    port = free_port()
    env = env_for(
        tmp_path,
        LINLI_TELEGRAM_TOKEN=TOKEN,
        LINLI_TELEGRAM_API_URL=fake.base_url,
        LINLI_TELEGRAM_FILE_URL=fake.base_file_url,
        LINLI_WEB_PORT=str(port),
        LINLI_OUTBOX_POLL_SECONDS="0.2",
    )
    process = await asyncio.create_subprocess_exec(
        LINLI, "run", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        user = fake.user(8001, language_code="zh-hans")
        await user.send("/start")
        await expect(user, "请选择语言", timeout=30)  # first start migrates and loads the demo
        async with aiohttp.ClientSession() as client, client.get(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err
    assert TOKEN.encode() not in err  # the token never reaches the logs


async def test_linli_chat_from_start_to_pledge(tmp_path: Path) -> None:
    # Language, community, building, flat, agree, then pact from the menu, then pledge.
    script = "\n".join(["1", "1", "3", "2单元301", "1", "1", "3", "/quit"]) + "\n"
    process = await asyncio.create_subprocess_exec(
        LINLI,
        "chat",
        env=env_for(tmp_path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(script.encode()), timeout=60)
    text = out.decode()
    assert process.returncode == 0, err.decode()[-2000:]
    for expected in (
        "请选择语言",
        "您住在哪个社区",
        "隐私说明",
        "欢迎加入云塘社区",
        "云塘社区居民公约",
        "已有 5 位居民承诺",
    ):
        assert expected in text, f"{expected!r} missing from:\n{text[-3000:]}"
    assert "[1] 中文   [2] English" in text  # buttons shown as numbered choices


async def test_linli_chat_as_demo_staff_sees_staff_menu(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        LINLI,
        "chat",
        "--as",
        "zhou",
        env=env_for(tmp_path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    # The menu, then "1": My work, on top of a staff member's menu. EOF ends the chat.
    out, _err = await asyncio.wait_for(process.communicate(b"/menu\n1\n"), timeout=60)
    text = out.decode()
    assert process.returncode == 0
    assert "欢迎回来,周丽华" in text
    assert "发布新公约" in text


async def test_linli_run_without_a_token_serves_web_chat_and_console(tmp_path: Path) -> None:
    """README's run command: the server starts, prints its addresses and demo sign-in links, serves the
    web chat and the console, and a printed link signs a demo staff member in."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        LINLI,
        "run",
        env=env_for(tmp_path, LINLI_WEB_PORT=str(port)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not any("linli console link" in line for line in lines):
            line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
            assert line, "linli run ended early: " + "".join(lines)
            lines.append(line.decode())
        printed = "".join(lines)
        assert f"{base}/" in printed
        assert f"{base}/console" in printed
        link = next(word for line in lines for word in line.split() if "/console/login/link?token=" in word)
        # unsafe=True: aiohttp's cookie jar otherwise ignores cookies from an IP address such as 127.0.0.1.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            async with client.get(f"{base}/") as chat:
                assert chat.status == 200
                assert "text/html" in chat.headers["Content-Type"]
            async with client.get(link) as confirm:
                html = await confirm.text()
                assert confirm.status == 200
            csrf = html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            token = link.split("token=", 1)[1]
            async with client.post(f"{base}/console/login/link", data={"csrf": csrf, "token": token}) as signed_in:
                assert signed_in.status == 200
                assert str(signed_in.url) == f"{base}/console"
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err

"""`linli chat`: a conversation with Linli in the terminal, as a demo person or a newcomer.

Buttons are shown as numbered choices: type the number to press one. Commands are typed as on
Telegram (/menu, /pact…). Messages queued for this person (the outbox) appear as they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.app import Linli
from bot.channels.outbox import OutboxSender
from handlers.core.messages import Button, Incoming, Reply, Sender

CHANNEL = "terminal"
EXIT_WORDS = {"/quit", "/exit", "quit", "exit"}


class TerminalChat:
    def __init__(self, linli: Linli, handle: str, out: TextIO, *, language_code: str | None = None) -> None:
        self.linli = linli
        self.handle = handle
        self.out = out
        self.sender = Sender(handle, handle, language_code)
        self.choices: list[Button] = []
        self.outbox = OutboxSender(linli.sessionmaker, linli.settings, CHANNEL, self.deliver, chat_id=handle)
        self.downloads = linli.settings.data_dir / "downloads"

    def show(self, reply: Reply, *, queued: bool = False) -> None:
        marker = "📨 " if queued else ""
        lines = [f"\n{marker}{reply.text}"]
        for marker, attached in (("[file]", reply.document), ("[photo]", reply.photo)):
            if attached is not None:
                self.downloads.mkdir(parents=True, exist_ok=True)
                path = self.downloads / Path(attached.filename).name
                path.write_bytes(attached.content)
                lines.append(f"  {marker} {path}")
        if reply.buttons:
            self.choices = [button for row in reply.buttons for button in row]
            number = 0
            for row in reply.buttons:
                labels = []
                for button in row:
                    number += 1
                    labels.append(f"[{number}] {button.label}")
                lines.append("  " + "   ".join(labels))
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    async def deliver(self, chat_id: str, reply: Reply) -> None:
        self.show(reply, queued=True)

    def to_incoming(self, line: str) -> Incoming:
        stripped = line.strip()
        if stripped.isdigit() and self.choices:
            index = int(stripped) - 1
            if 0 <= index < len(self.choices):
                return Incoming(CHANNEL, self.handle, self.sender, button=self.choices[index].data)
        return Incoming.from_text(CHANNEL, self.handle, self.sender, line.rstrip("\n"))

    async def say(self, line: str) -> Sequence[Reply]:
        outcome = await self.linli.core.handle(self.to_incoming(line))
        for reply in outcome.replies:
            self.show(reply)
        if outcome.outbox_added:
            self.outbox.wake()
        return outcome.replies

    async def run(self, lines: asyncio.Queue[str | None], first: str | None = "/start") -> None:
        stop = asyncio.Event()
        worker = asyncio.create_task(self.outbox.run(stop), name="outbox-terminal")
        self.linli.outbox_listeners.append(self.outbox.wake)
        timers = asyncio.create_task(self.linli.timers.run(stop, self.linli.settings.timer_poll_seconds), name="timers")
        try:
            if first:
                await self.say(first)
            while True:
                self.out.write("> ")
                self.out.flush()
                line = await lines.get()
                if line is None or line.strip().lower() in EXIT_WORDS:
                    break
                if line.strip():
                    await self.say(line)
                    await self.outbox.drain_once()  # show what this message queued for me, in order
        finally:
            stop.set()
            await asyncio.gather(worker, timers)
            self.out.write("\n再见 / Bye!\n")
            self.out.flush()


def stdin_lines(loop: asyncio.AbstractEventLoop, source: TextIO = sys.stdin) -> asyncio.Queue[str | None]:
    """Lines from stdin on a daemon thread: blocking reads never hold up exit, pipes and ttys both work."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        for line in source:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        with contextlib.suppress(RuntimeError):  # the loop may already be closed at exit
            loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="stdin", daemon=True).start()
    return queue

"""Outbox deliveries straight to the Bot API, on python-telegram-bot's connection pool but not its objects.

Why: with the HTTP layer already ours (``bot.channels.telegram.http``), a profile of a broadcast put most of what was
left of a message's CPU in PTB's object model: ``InlineKeyboardButton`` objects for every button,
``send_message``'s argument handling, and every answer parsed into a ``Message`` with its ``Chat`` and
``User``. The outbox needs none of that. It needs to know one of four things: delivered, wait and retry,
the person is unreachable, or the platform refuses this message. So it posts prepared JSON and reads only
``ok``, ``error_code``, ``description`` and ``parameters.retry_after``. That took a broadcast from about
1.45 ms to about 0.5 ms of CPU per message (``python -m bench.broadcast``).

Interactive replies keep PTB: they edit messages, answer buttons and retry flood errors inside the limiter,
and a chat waits on one reply, not on thousands.

Pacing is the same as through PTB: every request to a chat holds a slot of the bot's ``Pacer`` (shared with
``PacedRateLimiter``), and a flood error pauses everyone (the outbox sender does that on ``RetryLater``).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import aiohttp
from telegram.error import NetworkError

from bot.channels.outbox import Rejected, RetryLater, Unreachable
from bot.channels.pacing import Pacer
from bot.channels.telegram.http import AiohttpRequest, BotEndpoint
from handlers.core.messages import MAX_MESSAGE_CHARS, Document, Reply

MAX_CAPTION_CHARS = 1024
FLOOD_FALLBACK_SECONDS = 1.0  # a 429 without retry_after (Telegram always sends one; be safe)


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Long texts go out in pieces, cut at line breaks where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    pieces.append(text)
    return pieces


def caption_of(reply: Reply) -> str | None:
    """The reply's text as the attachment's caption, if it fits (1024 characters); else the text follows
    the attachment as messages of its own."""
    return reply.text if len(reply.text) <= MAX_CAPTION_CHARS else None


def markup_of(reply: Reply) -> dict[str, Any] | None:
    """The reply's buttons as a Bot API ``InlineKeyboardMarkup``."""
    if not reply.buttons:
        return None
    return {
        "inline_keyboard": [
            [{"text": button.label, "callback_data": button.data} for button in row] for row in reply.buttons
        ]
    }


class SentFiles:
    """Attachments Telegram already has: the same picture to many chats (a notice's photo) is uploaded
    once and then named by its ``file_id``. Keyed by the content, not the name: every grid chart is called
    ``stats.png``. Python caches a ``bytes`` object's hash, so a notice's photo (one object for the whole
    broadcast) is hashed once; the hash is salted per process, so nobody can make two files collide."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._ids: OrderedDict[tuple[str, int, int], str] = OrderedDict()

    @staticmethod
    def key(kind: str, attached: Document) -> tuple[str, int, int]:
        return kind, len(attached.content), hash(attached.content)

    def get(self, kind: str, attached: Document) -> str | None:
        key = self.key(kind, attached)
        found = self._ids.get(key)
        if found is not None:
            self._ids.move_to_end(key)
        return found

    def remember(self, kind: str, attached: Document, file_id: str) -> None:
        key = self.key(kind, attached)
        self._ids[key] = file_id
        self._ids.move_to_end(key)
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)

    def forget(self, kind: str, attached: Document) -> None:
        self._ids.pop(self.key(kind, attached), None)


def outbox_failure(status: int, description: str, retry_after: float | None) -> Exception:
    """What the outbox sender should do about a Bot API error answer."""
    if status == 429:
        return RetryLater(retry_after or FLOOD_FALLBACK_SECONDS, "flood control", flood=True)
    if status == 403:  # "bot was blocked by the user", "user is deactivated"
        return Unreachable(description)
    if status == 400 and "chat not found" in description.lower():
        return Unreachable(description)
    if status == 400:
        return Rejected(description)
    # 5xx, and 401/404 (a wrong token or address, fixed by the operator): retried with backoff.
    return ConnectionError(f"Bot API answered {status}")


class DirectDelivery:
    """``deliver(chat_id, reply)`` for the outbox sender: the reply as one to a few Bot API requests (the
    attachment with its caption, then the text in pieces of at most 4096 characters, the buttons on the
    last), each holding a pacer slot."""

    def __init__(
        self,
        request: AiohttpRequest,
        bot_url: str,
        pacer: Pacer,
        files: SentFiles,
        *,
        paid_broadcasts: bool = False,
    ) -> None:
        self.endpoint = BotEndpoint(request, bot_url)
        self.pacer = pacer
        self.files = files
        self.paid_broadcasts = paid_broadcasts

    async def deliver(self, chat_id: str, reply: Reply) -> None:
        caption = caption_of(reply)
        markup = markup_of(reply)
        attached, kind = (reply.photo, "photo") if reply.photo is not None else (reply.document, "document")
        if attached is not None:
            await self._send_attachment(chat_id, kind, attached, caption, markup if caption is not None else None)
            if caption is not None:
                return
        pieces = split_text(reply.text)
        for index, piece in enumerate(pieces):
            params: dict[str, Any] = {"chat_id": _chat(chat_id), "text": piece}
            if markup is not None and index == len(pieces) - 1:
                params["reply_markup"] = markup
            await self.call("sendMessage", params)

    async def _send_attachment(
        self, chat_id: str, kind: str, attached: Document, caption: str | None, markup: dict[str, Any] | None
    ) -> None:
        method = "sendPhoto" if kind == "photo" else "sendDocument"
        params: dict[str, Any] = {"chat_id": _chat(chat_id)}
        if caption:
            params["caption"] = caption
        if markup is not None:
            params["reply_markup"] = markup
        known = self.files.get(kind, attached)
        if known is not None:
            try:
                await self.call(method, {**params, kind: known})
                return
            except Rejected:
                # Telegram no longer knows the file (ids are per bot; a token change, say): upload it again.
                self.files.forget(kind, attached)
        result = await self.call(method, params, upload=(kind, attached))
        if file_id := _file_id(result, kind):
            self.files.remember(kind, attached, file_id)

    async def call(
        self, method: str, params: dict[str, Any], *, upload: tuple[str, Document] | None = None
    ) -> dict[str, Any]:
        """One request, paced; the answer's ``result``, or the outbox's exception for its error."""
        if self.paid_broadcasts:
            params["allow_paid_broadcast"] = True
        body = json.dumps(params, ensure_ascii=False).encode() if upload is None else _multipart(params, *upload)
        try:
            async with self.pacer.slot():  # held until the answer is in: see bot.channels.pacing
                status, answer = await self.endpoint.post(method, body, media=upload is not None)
        except NetworkError as error:  # includes TimedOut: the sender backs off (2 s, 4 s… up to 5 min)
            raise ConnectionError(error.message) from error  # "Timed out", "aiohttp.ClientOSError"…: no address
        if answer is None:
            raise ConnectionError(f"Bot API answered {status} without JSON")
        if answer.get("ok") is True:
            result = answer.get("result")
            return result if isinstance(result, dict) else {}
        parameters = answer.get("parameters") or {}
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        code = answer.get("error_code")
        raise outbox_failure(
            code if isinstance(code, int) else status,
            str(answer.get("description") or ""),
            float(retry_after) if isinstance(retry_after, int | float) else None,
        )


def _chat(chat_id: str) -> int | str:
    """Telegram's chat ids are integers; a channel's ``@username`` stays a string."""
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id


def _multipart(params: dict[str, Any], kind: str, attached: Document) -> aiohttp.FormData:
    """An upload as Telegram takes it: fields as strings (objects as JSON), the file as a part."""
    form = aiohttp.FormData()
    for name, value in params.items():
        if isinstance(value, dict | list | bool):
            value = json.dumps(value, ensure_ascii=False)
        form.add_field(name, str(value))
    form.add_field(kind, attached.content, filename=attached.filename, content_type=attached.mime_type)
    return form


def _file_id(result: dict[str, Any], kind: str) -> str | None:
    """The uploaded file's id in a sent message: a photo's largest size, or the document."""
    if kind == "photo":
        sizes = result.get("photo")
        if isinstance(sizes, list) and sizes and isinstance(sizes[-1], dict):
            return sizes[-1].get("file_id")
        return None
    document = result.get("document")
    return document.get("file_id") if isinstance(document, dict) else None

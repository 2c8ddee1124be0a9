"""Interactive replies (sendMessage, editMessageText, answerCallbackQuery) straight to the Bot API, the lean
way the outbox already posts (``bot.channels.telegram.http.BotEndpoint``, one for both): prepared JSON,
and only ``ok``, ``error_code``, ``description``, ``parameters.retry_after`` and the result read back.

Why: a profile of ``bench.throughput`` put 18% of a reply's CPU in python-telegram-bot's object model —
``InlineKeyboardButton`` objects for every button, every answer parsed into a ``Message`` with its ``Chat``
and ``User`` (845,000 ``TelegramObject.__setattr__`` calls for 1,200 updates) — and the reply needs none of
it. Errors are raised as PTB's own exceptions, mapped from the status as PTB maps them, so the channel's
handling (a refused request not retried, an unreachable API kept in the journal) is the same either way.
Each request to a chat takes a reply slot of the bot's ``Pacer`` (replies before broadcasts); a flood error
pauses everyone and the request is tried again, at most ``INTERACTIVE_RETRIES`` times.
"""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from typing import Any

from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.pacing import Pacer
from bot.channels.telegram.http import BotEndpoint
from bot.channels.telegram.outbox import markup_of
from handlers.core.messages import Reply

log = logging.getLogger(__name__)

INTERACTIVE_RETRIES = 2  # a reply to someone waiting is retried after a flood error, at most this often


def error_for(status: int, answer: dict[str, Any] | None) -> TelegramError:
    """The exception python-telegram-bot raises for this answer (``telegram.request.BaseRequest``)."""
    description = str((answer or {}).get("description") or f"Bot API answered {status}")
    parameters = (answer or {}).get("parameters")
    if isinstance(parameters, dict) and isinstance(parameters.get("retry_after"), int | float):
        return RetryAfter(int(parameters["retry_after"]))
    if status == 403:
        return Forbidden(description)
    if status in (401, 404):
        return InvalidToken(description)
    if status == 400:
        return BadRequest(description)
    if status == 409:
        return Conflict(description)
    return NetworkError(description)  # 5xx and the rest: Telegram is away, try again later


class DirectReplies:
    def __init__(self, endpoint: BotEndpoint, pacer: Pacer) -> None:
        self.endpoint = endpoint
        self.pacer = pacer

    async def send_text(self, chat_id: int, text: str, reply: Reply | None = None) -> None:
        params: dict[str, Any] = {"chat_id": chat_id, "text": text}
        markup = markup_of(reply) if reply is not None else None
        if markup is not None:
            params["reply_markup"] = markup
        await self.call("sendMessage", params)

    async def edit_text(self, chat_id: int, message_id: int, reply: Reply) -> None:
        params: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id, "text": reply.text}
        markup = markup_of(reply)
        if markup is not None:
            params["reply_markup"] = markup
        await self.call("editMessageText", params)

    async def answer_button(self, query_id: str) -> None:
        """Stops the button's spinner; not a message to a chat, so not paced."""
        await self.call("answerCallbackQuery", {"callback_query_id": query_id}, paced=False)

    async def call(self, method: str, params: dict[str, Any], *, paced: bool = True) -> Any:
        """One request; its ``result``, or PTB's exception for the answer (``RetryAfter`` once the retries
        are spent; ``NetworkError``/``TimedOut`` when Telegram could not be reached)."""
        body = json.dumps(params, ensure_ascii=False).encode()
        for attempt in range(INTERACTIVE_RETRIES + 1):
            # The slot is held until the response is in: see bot.channels.pacing for why.
            async with self.pacer.reply_slot() if paced else nullcontext():
                status, answer = await self.endpoint.post(method, body)
            if answer is None:
                raise NetworkError(f"Bot API answered {status} without JSON")
            if 200 <= status <= 299 and answer.get("ok") is True:
                return answer.get("result")
            error = error_for(status, answer)
            if not isinstance(error, RetryAfter):
                raise error
            seconds = float(answer["parameters"]["retry_after"])  # error_for made RetryAfter from it
            self.pacer.pause(seconds)
            if attempt == INTERACTIVE_RETRIES:
                raise error
            log.info("flood control on %s; retrying after %.0fs", method, seconds)
        raise AssertionError("unreachable")  # the loop returns or raises

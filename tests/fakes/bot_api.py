"""A local fake of the Telegram Bot API, served over real HTTP.

python-telegram-bot's real ``Bot`` / ``Application`` talk to it when built with
``base_url=fake.base_url`` and ``base_file_url=fake.base_file_url``::

    async with FakeBotAPI() as fake:
        user = fake.user(42, first_name="Ann")
        async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
            await user.send("/start")
            ...  # the bot under test reads the update and answers
            reply = await user.wait_for_reply()

Results have the shapes of the real Bot API, so PTB's ``de_json`` accepts them. Errors
use Telegram's status codes and descriptions (PTB maps them to ``BadRequest``,
``Forbidden``, ``RetryAfter``, ``Conflict``...).  Only the methods in ``FakeBotAPI._method_table`` exist;
any other method answers 404 like Telegram does.

Known simplifications: only ``parse_mode="HTML"`` is parsed into entities (Markdown
texts are stored verbatim); inline-mode messages cannot be edited; webhook URLs may be
plain http on any port (Telegram requires https on 443/80/88/8443); updates are kept
forever instead of 24 hours.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import math
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import aiohttp
from aiohttp import web

JSONDict: TypeAlias = dict[str, Any]
_Handler: TypeAlias = Callable[[JSONDict], Coroutine[Any, Any, Any]]

# Limits from https://core.telegram.org/bots/api
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPDATES_PER_REQUEST = 100

ERR_TEXT_EMPTY = "Bad Request: message text is empty"
ERR_TEXT_TOO_LONG = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG = "Bad Request: message caption is too long"
ERR_BUTTON_DATA = "Bad Request: BUTTON_DATA_INVALID"
ERR_TEXT_BUTTONS = "Bad Request: text buttons are unallowed in the inline keyboard"
ERR_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
ERR_CANT_EDIT = "Bad Request: message can't be edited"
ERR_NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
ERR_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
ERR_REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
ERR_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
ERR_CHAT_NOT_FOUND = "Bad Request: chat not found"
ERR_BLOCKED = "Forbidden: bot was blocked by the user"
ERR_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ERR_WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
ERR_BAD_ACTION = "Bad Request: wrong parameter action in request"
ERR_BAD_COMMAND = "Bad Request: BOT_COMMAND_INVALID"
ERR_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
ERR_OTHER_POLL = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
ERR_POLL_BY_WEBHOOK = "Conflict: terminated by setWebhook request"

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# PTB sends every non-string value JSON-encoded inside the form ("123", "true", '{"inline_keyboard": ...}').
# Parameters listed here are plain strings and must never be JSON-decoded: a text of "42" stays "42".
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "action",
        "language_code",
        "ip_address",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "file_id",
        "filename",
        "emoji",
        "title",
        "description",
        "short_description",
        "name",
        "document",
        "photo",
        "thumbnail",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
    }
)

# A button must carry exactly one action besides its label.
_BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

_MESSAGE_CONTENT_KEYS = ("text", "entities", "reply_markup")
_RECENT_CALLS_SHOWN = 12


class TelegramAPIError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(description: str) -> TelegramAPIError:
    return TelegramAPIError(400, description)


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as the fake saw it, recorded once it was answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int = 200
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request (appears in ``Call.params`` in place of the bytes)."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class SentFile:
    """A document or photo the bot sent."""

    method: str
    chat_id: int | str
    message_id: int
    file_id: str
    filename: str | None
    content: bytes
    caption: str | None


@dataclass(slots=True)
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(slots=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


@dataclass(slots=True)
class _Chat:
    info: JSONDict
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)  # user and bot messages, current state
    bot_message_ids: list[int] = field(default_factory=list)  # in send order, deleted ones included
    deleted: set[int] = field(default_factory=set)
    reply_keyboard: JSONDict | None = None

    def take_message_id(self) -> int:
        # In a private chat both sides share one message_id sequence.
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def live_message(self, message_id: Any) -> JSONDict | None:
        if not isinstance(message_id, int) or message_id in self.deleted:
            return None
        return self.messages.get(message_id)


class _Signal:
    """Broadcast wake-up: ``notify()`` wakes every current waiter. O(1) when nobody waits."""

    __slots__ = ("_event", "_waiters")

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._waiters = 0

    def notify(self) -> None:
        if self._waiters:
            self._event.set()
            self._event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        """Wait at most ``seconds`` for the next ``notify()``; False on timeout."""
        event = self._event
        self._waiters += 1
        try:
            async with asyncio.timeout(max(seconds, 0.0)):
                await event.wait()
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters -= 1


# --------------------------------------------------------------------------- text handling


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


_HTML_TAG = re.compile(r"<(/?)([^\s>/]*)([^>]*)>")
_HTML_ATTR = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_HTML_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
}


class _UnsupportedTag(Exception):
    pass


def _entities_error(detail: str) -> TelegramAPIError:
    return _bad_request(f"Bad Request: can't parse entities: {detail}")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def _html_attrs(raw: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _HTML_ATTR.finditer(raw)}


def _open_html_entity(name: str, attrs: dict[str, str], offset: int, parent: JSONDict | None) -> JSONDict | None:
    """The entity an opening tag starts; None for tags that only modify their parent."""
    if name in _HTML_SIMPLE_TAGS:
        language = attrs.get("class", "")
        if name == "code" and parent is not None and parent["type"] == "pre":
            # <pre><code class="language-python"> is one pre entity with a language.
            if language:
                parent["language"] = language.removeprefix("language-")
            return None
        return {"type": _HTML_SIMPLE_TAGS[name], "offset": offset, "length": 0}
    if name == "span" and attrs.get("class") == "tg-spoiler":
        return {"type": "spoiler", "offset": offset, "length": 0}
    if name == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        return {"type": kind, "offset": offset, "length": 0}
    if name == "a":
        href = attrs.get("href")
        return {"type": "text_link", "offset": offset, "length": 0, "url": href} if href else None
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        return {"type": "custom_emoji", "offset": offset, "length": 0, "custom_emoji_id": emoji_id}
    raise _UnsupportedTag(name)


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Telegram's HTML parse mode: plain text plus entities (UTF-16 offsets).

    Like Telegram, unsupported tags (``<br>``, ``<p>``, ``<div>``...) and unbalanced tags are errors.
    """
    parts: list[str] = []
    length = 0
    open_tags: list[tuple[str, JSONDict | None]] = []
    entities: list[JSONDict] = []
    position = 0

    def add_text(raw: str, start: int) -> None:
        nonlocal length
        if "<" in raw:
            at = _byte_offset(source, start + raw.index("<"))
            raise _entities_error(f"Unexpected start tag at byte offset {at}")
        chunk = html.unescape(raw)
        parts.append(chunk)
        length += utf16_len(chunk)

    for match in _HTML_TAG.finditer(source):
        add_text(source[position : match.start()], position)
        position = match.end()
        name = match[2].lower()
        at = _byte_offset(source, match.start())
        if match[1]:
            if not open_tags or open_tags[-1][0] != name:
                expected = f'"</{open_tags[-1][0]}>"' if open_tags else "no end tag"
                raise _entities_error(f'Unmatched end tag at byte offset {at}, expected {expected}, found "</{name}>"')
            _, entity = open_tags.pop()
            if entity is not None:
                entity["length"] = length - entity["offset"]
                entities.append(entity)
            continue
        parent = next((entity for _, entity in reversed(open_tags) if entity is not None), None)
        try:
            entity = _open_html_entity(name, _html_attrs(match[3]), length, parent)
        except _UnsupportedTag:
            raise _entities_error(f'Unsupported start tag "{name}" at byte offset {at}') from None
        open_tags.append((name, entity))
    add_text(source[position:], position)
    if open_tags:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    kept = [entity for entity in entities if entity["length"] > 0]
    kept.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(parts), kept


def strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram trims leading/trailing whitespace of texts and captions; entities move along."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    moved: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved


def command_entities(text: str) -> list[JSONDict]:
    """The ``bot_command`` entity Telegram attaches to a text starting with "/" ("/start x" → "/start")."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


# --------------------------------------------------------------------------- request decoding


def _decode_value(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


async def _read_params(request: web.Request) -> JSONDict:
    """Query string, then form (urlencoded or multipart) or JSON body, decoded like Telegram does."""
    params: JSONDict = {key: _decode_value(key, value) for key, value in request.query.items()}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise _bad_request("Bad Request: the request body must be a JSON object")
        params.update({key: _decode_value(key, value) for key, value in body.items()})
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[key] = _decode_value(key, value)
    return params


def _json_default(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return {"filename": value.filename, "size": len(value.content)}
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=_json_default)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- simulated user


class FakeUser:
    """A Telegram user with an open private chat with the bot (chat id == user id)."""

    def __init__(self, api: FakeBotAPI, user: JSONDict, chat: _Chat) -> None:
        self._api = api
        self._chat = chat
        self.user = user  # the "from" object of this user's updates
        self._mark = 0  # bot messages already sent when this user last acted

    @property
    def id(self) -> int:
        return int(self.user["id"])

    @property
    def chat(self) -> JSONDict:
        return self._chat.info

    @property
    def messages(self) -> list[JSONDict]:
        """The bot's messages in this chat, in send order, as they look now (after edits, minus deletions)."""
        chat = self._chat
        return [chat.messages[mid] for mid in chat.bot_message_ids if mid not in chat.deleted]

    @property
    def last_message(self) -> JSONDict | None:
        chat = self._chat
        for message_id in reversed(chat.bot_message_ids):
            if message_id not in chat.deleted:
                return chat.messages[message_id]
        return None

    @property
    def sent_count(self) -> int:
        """How many messages the bot ever sent to this chat (deleted ones included)."""
        return len(self._chat.bot_message_ids)

    @property
    def reply_keyboard(self) -> JSONDict | None:
        """The reply keyboard currently shown to the user (None after remove_keyboard)."""
        return self._chat.reply_keyboard

    async def send(self, text: str) -> JSONDict:
        """Type a text message to the bot; returns the user's message as delivered in the update."""
        self._mark = self.sent_count
        message: JSONDict = {
            "message_id": self._chat.take_message_id(),
            "from": self.user,
            "chat": self._chat.info,
            "date": int(time.time()),
            "text": text,
        }
        if entities := command_entities(text):
            message["entities"] = entities
        self._chat.messages[message["message_id"]] = message
        self._api.enqueue_update({"message": message})
        return message

    async def send_photo(self, content: bytes, caption: str | None = None) -> JSONDict:
        """Send a photo to the bot: stored on the fake server, so getFile and the /file route serve its bytes."""
        self._mark = self.sent_count
        stored = self._api._store_file("photos", "photo.jpg", content)
        size: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(content),
            "width": 1280,
            "height": 960,
        }
        thumb = {**size, "width": 90, "height": 68}
        message: JSONDict = {
            "message_id": self._chat.take_message_id(),
            "from": self.user,
            "chat": self._chat.info,
            "date": int(time.time()),
            "photo": [thumb, size],  # smallest first, as Telegram sends them
        }
        if caption is not None:
            message["caption"] = caption
        self._chat.messages[message["message_id"]] = message
        self._api.enqueue_update({"message": message})
        return message

    async def press(self, message: JSONDict, callback_data: str) -> str:
        """Press an inline button carrying ``callback_data`` on a bot message; returns the query id."""
        current = self._chat.live_message(message.get("message_id"))
        if current is None:
            raise AssertionError(f"message {message.get('message_id')} is not (or no longer) in chat {self.id}")
        self._mark = self.sent_count
        query_id = self._api._new_callback_query_id()
        query: JSONDict = {
            "id": query_id,
            "from": self.user,
            "message": current,
            "chat_instance": f"ci{self.id}",
            "data": callback_data,
        }
        self._api.enqueue_update({"callback_query": query})
        return query_id

    async def press_button(self, label_substring: str, message: JSONDict | None = None) -> str:
        """Press the callback button whose label contains ``label_substring``.

        Looks in ``message`` or else in the latest bot message with an inline keyboard.
        An exact label match wins over substring matches; several substring matches are an error.
        """
        target = message if message is not None else self._latest_keyboard_message()
        buttons = _inline_buttons(target)
        exact = [button for button in buttons if button.get("text") == label_substring]
        matches = exact or [button for button in buttons if label_substring in button.get("text", "")]
        labels = [button.get("text", "") for button in buttons]
        if len(matches) != 1:
            problem = "no button" if not matches else f"{len(matches)} buttons"
            raise AssertionError(
                f"{problem} matching {label_substring!r} in chat {self.id}; available buttons: {labels}"
            )
        button = matches[0]
        if "callback_data" not in button:
            raise AssertionError(f"button {button.get('text')!r} has no callback_data: {button}")
        return await self.press(target, button["callback_data"])

    def _latest_keyboard_message(self) -> JSONDict:
        for message in reversed(self.messages):
            if _inline_buttons(message):
                return message
        texts = [message.get("text", "") for message in self.messages[-5:]]
        raise AssertionError(f"no bot message with an inline keyboard in chat {self.id}; last texts: {texts}")

    async def wait_for_reply(
        self,
        after_count: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a plain timeout argument is the intended API
    ) -> JSONDict:
        """Wait for a new bot message; returns the first one sent after ``after_count`` messages.

        ``after_count`` defaults to the count at this user's last ``send``/``press``.
        Edits are not replies: use ``wait_until`` for them.
        """
        mark = self._mark if after_count is None else after_count
        await self._api.wait_until(
            lambda: self.sent_count > mark,
            timeout,
            what=f"a bot message #{mark + 1} in chat {self.id}",
        )
        return self._chat.messages[self._chat.bot_message_ids[mark]]

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        await self._api.wait_until(predicate, timeout, what=f"a condition in chat {self.id}")


def _inline_buttons(message: JSONDict) -> list[JSONDict]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


# --------------------------------------------------------------------------- the fake server


class FakeBotAPI:
    """The fake Bot API server. See the module docstring."""

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        bot_username: str = "linli_test_bot",
        bot_first_name: str = "Linli",
        latency: float = 0.0,
        webhook_retry_delay: float = 0.05,
    ) -> None:
        self.token = token
        self.latency = latency
        self.webhook_retry_delay = webhook_retry_delay
        self.bot_user: JSONDict = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        # recording
        self.calls: list[Call] = []
        self._calls_by_method: dict[str, list[Call]] = {}
        self.call_counts: Counter[str] = Counter()
        self.files: list[SentFile] = []
        self.answered_callbacks: set[str] = set()
        self.callback_answers: dict[str, JSONDict] = {}
        self.webhook_responses: list[int] = []  # HTTP status per delivery attempt; 0 = connection failed
        self.updates_enqueued = 0
        self.updates_confirmed = 0
        # state
        self._chats: dict[int | str, _Chat] = {}
        self._users: dict[int, FakeUser] = {}
        self._blocked: set[int | str] = set()
        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 1
        self._next_callback_id = 1
        self._issued_callbacks: set[str] = set()
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._menu_buttons: dict[int | str | None, JSONDict] = {}
        self._stored_files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._webhook: WebhookConfig | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._poll_generation = 0
        self.waiting_polls = 0
        # failure injection
        self._flood: deque[int] = deque()  # retry_after of each pending 429
        self._failures: dict[str, deque[TelegramAPIError]] = {}
        self._holds: dict[str, deque[float]] = {}  # seconds each next call of a method waits before answering
        self.held = 0  # calls waiting out a hold now
        self._limits: tuple[int, int] | None = None  # (bulk per second, per-chat burst), when enforced
        self._bulk_arrivals: deque[float] = deque()
        self._chat_arrivals: dict[str, deque[float]] = {}
        self._wrote_at: dict[str, float] = {}  # chat id -> when its user last wrote to the bot
        self.limit_refusals = 0  # 429s answered by the limits (not by flood())
        # plumbing
        self._activity = _Signal()  # every answered call, delivery and poll start
        self._arrivals = _Signal()  # new updates, webhook changes, shutdown
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._url: str | None = None
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler) for name, handler in self._method_table().items()
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/file/{prefix}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{prefix}/{method}", self._handle_call)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self._url = f"http://127.0.0.1:{port}"
        self._session = aiohttp.ClientSession()
        self._closing = False
        if self._webhook is not None:  # set while stopped: resume delivering
            self._webhook_task = asyncio.create_task(self._deliver_webhooks(self._webhook, self._session))

    async def stop(self) -> None:
        self._closing = True
        self._arrivals.notify()  # long polls answer [] right away
        await self._stop_webhook_delivery()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:40123``."""
        if self._url is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._url

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``: PTB requests ``f"{base_url}{token}/{method}"``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # ------------------------------------------------------------------ users, chats, updates

    def user(
        self,
        user_id: int,
        first_name: str = "Tester",
        language_code: str | None = "zh-hans",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> FakeUser:
        """The simulated user ``user_id`` (created on first call); their private chat counts as opened."""
        if user_id in self._users:
            return self._users[user_id]
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat_info: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username)):
            if value is not None:
                user[key] = chat_info[key] = value
        if language_code is not None:
            user["language_code"] = language_code
        chat = self._chats.setdefault(user_id, _Chat(info=chat_info))
        self._users[user_id] = FakeUser(self, user, chat)
        return self._users[user_id]

    def register_chat(self, chat: JSONDict) -> None:
        """Make a non-private chat (a Chat object dict with ``id`` and ``type``) known to the bot."""
        self._chats.setdefault(chat["id"], _Chat(info=chat))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sends to them answer 403."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def enqueue_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update; an ``update_id`` is assigned unless present. Returns the queued update."""
        update = self._with_update_id(update)
        self._updates.append(update)
        self.updates_enqueued += 1
        self._arrivals.notify()
        return update

    def inject_many(self, updates: Iterable[JSONDict]) -> int:
        """Bulk ``enqueue_update`` for benchmarks (one wake-up for the whole batch). Returns the count."""
        queue = self._updates
        count = 0
        for update in updates:
            queue.append(self._with_update_id(update))
            count += 1
        self.updates_enqueued += count
        self._arrivals.notify()
        return count

    def _with_update_id(self, update: JSONDict) -> JSONDict:
        if self._limits is not None:  # who wrote: the answers to them are replies, not bulk
            source = update.get("message") or (update.get("callback_query") or {}).get("message") or {}
            chat = (source.get("chat") or {}).get("id")
            if chat is not None:
                self._wrote_at[str(chat)] = time.monotonic()
        given = update.get("update_id")
        if given is None:
            update = {"update_id": self._next_update_id, **update}
        elif given < self._next_update_id:
            raise ValueError(f"update_id {given} is not above the last one ({self._next_update_id - 1})")
        self._next_update_id = update["update_id"] + 1
        return update

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed (by a getUpdates offset or a 2xx webhook answer)."""
        return len(self._updates)

    def _new_callback_query_id(self) -> str:
        query_id = str(4_000_000_000_000_000_000 + self._next_callback_id)
        self._next_callback_id += 1
        self._issued_callbacks.add(query_id)
        return query_id

    # ------------------------------------------------------------------ failure injection

    def flood(self, seconds: int, times: int = 1) -> None:
        """The next ``times`` send/edit calls answer 429 with ``retry_after=seconds``."""
        self._flood.extend([seconds] * times)

    def fail_next(self, method: str, error_code: int, description: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer this error (e.g. 502 "Bad Gateway")."""
        queue = self._failures.setdefault(method.lower(), deque())
        queue.extend(TelegramAPIError(error_code, description) for _ in range(times))

    def slow_next(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` are answered only after ``seconds`` — and then done, as
        Telegram does when its front is slow: a client that gave up meanwhile has still sent the message."""
        self._holds.setdefault(method.lower(), deque()).extend([seconds] * times)

    def enforce_limits(self, *, bulk_per_second: int = 30, chat_burst: int = 5) -> None:
        """Answer 429 the way Telegram does when a bot goes over its limits: more than ``bulk_per_second``
        messages in a second to chats whose user has not written in the last minute (bulk notifications:
        Telegram's published 30/s), or more than ``chat_burst`` in a second to one chat (Telegram allows
        short bursts above one a second). Answers to people who just wrote are not counted as bulk."""
        self._limits = (bulk_per_second, chat_burst)

    def _over_limits(self, method: str, params: JSONDict, now: float) -> TelegramAPIError | None:
        if self._limits is None or method not in _FLOODABLE or "chat_id" not in params:
            return None
        bulk_per_second, chat_burst = self._limits
        chat = str(params["chat_id"])
        recent = self._chat_arrivals.setdefault(chat, deque())
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        bulk = now - self._wrote_at.get(chat, -math.inf) > 60.0
        arrivals = self._bulk_arrivals
        while arrivals and arrivals[0] <= now - 1.0:
            arrivals.popleft()
        if len(recent) >= chat_burst or (bulk and len(arrivals) >= bulk_per_second):
            self.limit_refusals += 1
            return TelegramAPIError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        recent.append(now)
        if bulk:
            arrivals.append(now)
        return None

    def _injected_failure(self, method: str) -> TelegramAPIError | None:
        queue = self._failures.get(method.lower())
        if queue:
            return queue.popleft()
        if self._flood and method in _FLOODABLE:
            seconds = self._flood.popleft()
            return TelegramAPIError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})
        return None

    # ------------------------------------------------------------------ recording and waiting

    def calls_of(self, method: str) -> list[Call]:
        return list(self._calls_by_method.get(method, ()))

    @property
    def total_calls(self) -> int:
        return sum(self.call_counts.values())

    def clear_calls(self) -> None:
        """Forget recorded calls (counters are kept), e.g. between benchmark rounds."""
        self.calls.clear()
        self._calls_by_method.clear()

    @property
    def webhook(self) -> WebhookConfig | None:
        return self._webhook

    def commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        return list(self._commands.get(_commands_key(scope, language_code), []))

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._calls_by_method.setdefault(call.method, []).append(call)
        self.call_counts[call.method] += 1
        self._activity.notify()

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        what: str = "",
    ) -> None:
        """Wait (woken by every call, no polling) until ``predicate()``; AssertionError on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                waited_for = what or "a condition"
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {waited_for}\n{self.describe_recent_calls()}"
                )
            await self._activity.wait(remaining)

    async def wait_for_calls(
        self,
        method: str,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[Call]:
        """Wait until ``method`` was called ``count`` times in total (failed calls count too)."""
        await self.wait_until(lambda: self.call_counts[method] >= count, timeout, what=f"{count} {method} calls")
        return self.calls_of(method)

    def describe_recent_calls(self, limit: int = _RECENT_CALLS_SHOWN) -> str:
        recent = self.calls[-limit:]
        if not recent:
            return "no Bot API calls were made"
        lines = [f"last {len(recent)} of {len(self.calls)} Bot API calls:"]
        for call in recent:
            outcome = "ok" if call.ok else f"{call.status} {call.error}"
            lines.append(f"  {call.method} {_short(call.params)} -> {outcome}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ HTTP

    async def _handle_call(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        prefix, name = request.match_info["prefix"], request.match_info["method"]
        if not prefix.startswith("bot"):
            return _error_response(TelegramAPIError(404, "Not Found"))
        if prefix != f"bot{self.token}":
            return _error_response(TelegramAPIError(401, "Unauthorized"))
        # Telegram method names are case-insensitive.
        method, handler = self._methods.get(name.lower(), (name, None))
        params: JSONDict = {}
        try:
            params = await _read_params(request)
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            hold = self._holds.get(method.lower())
            if hold:
                self.held += 1
                try:
                    await asyncio.sleep(hold.popleft())
                finally:
                    self.held -= 1
            if handler is None:
                raise TelegramAPIError(404, "Not Found")
            failure = self._injected_failure(method) or self._over_limits(method, params, arrived)
            if failure is not None:
                raise failure
            result = await handler(params)
        except TelegramAPIError as error:
            self._record(Call(method, params, arrived, error.error_code, None, error.description))
            return _error_response(error)
        self._record(Call(method, params, arrived, 200, result))
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["prefix"] != f"bot{self.token}":
            return _error_response(TelegramAPIError(401, "Unauthorized"))
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return _error_response(TelegramAPIError(404, "Not Found"))
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ------------------------------------------------------------------ method table

    def _method_table(self) -> dict[str, _Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "close": self._true,
            "logOut": self._true,
        }

    async def _true(self, params: JSONDict) -> bool:
        return True

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # ------------------------------------------------------------------ getUpdates

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook is not None:
            raise TelegramAPIError(409, ERR_WEBHOOK_ACTIVE)
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or MAX_UPDATES_PER_REQUEST), 1), MAX_UPDATES_PER_REQUEST)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        self._confirm_updates(offset)
        # Only one getUpdates may be pending: a new one ends the previous with 409.
        self._poll_generation += 1
        generation = self._poll_generation
        self._arrivals.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise TelegramAPIError(409, ERR_OTHER_POLL)
            if self._webhook is not None:
                raise TelegramAPIError(409, ERR_POLL_BY_WEBHOOK)
            batch = list(itertools.islice(self._updates, limit))
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                return batch
            await self._wait_for_arrival(remaining)

    async def _wait_for_arrival(self, seconds: float) -> None:
        self.waiting_polls += 1
        self._activity.notify()
        try:
            await self._arrivals.wait(seconds)
        finally:
            self.waiting_polls -= 1

    def _confirm_updates(self, offset: int) -> None:
        """Updates below ``offset`` are confirmed; a negative offset keeps only the last -offset ones."""
        queue = self._updates
        if offset < 0:
            while len(queue) > -offset:
                queue.popleft()
                self.updates_confirmed += 1
            return
        while queue and queue[0]["update_id"] < offset:
            queue.popleft()
            self.updates_confirmed += 1

    def _drop_pending_updates(self) -> None:
        self.updates_confirmed += len(self._updates)
        self._updates.clear()

    # ------------------------------------------------------------------ webhook

    async def _set_webhook(self, params: JSONDict) -> bool:
        if params.get("drop_pending_updates"):
            self._drop_pending_updates()
        url = params.get("url") or ""
        if not url:
            # Telegram quirk: setWebhook with an empty url removes the webhook.
            await self._replace_webhook(None)
            return True
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _bad_request("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        config = WebhookConfig(
            url=url,
            secret_token=params.get("secret_token") or None,
            max_connections=int(params.get("max_connections") or 40),
            allowed_updates=params.get("allowed_updates"),
            ip_address=params.get("ip_address"),
        )
        await self._replace_webhook(config)
        return True

    async def _delete_webhook(self, params: JSONDict) -> bool:
        if params.get("drop_pending_updates"):
            self._drop_pending_updates()
        await self._replace_webhook(None)
        return True

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        hook = self._webhook
        info: JSONDict = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if hook is None:
            return info
        info["max_connections"] = hook.max_connections
        optional = {
            "ip_address": hook.ip_address,
            "allowed_updates": hook.allowed_updates,
            "last_error_date": hook.last_error_date,
            "last_error_message": hook.last_error_message,
        }
        info.update({key: value for key, value in optional.items() if value is not None})
        return info

    async def _replace_webhook(self, config: WebhookConfig | None) -> None:
        await self._stop_webhook_delivery()
        self._webhook = config
        self._arrivals.notify()  # a pending getUpdates ends with 409
        if config is not None and self._session is not None:
            self._webhook_task = asyncio.create_task(self._deliver_webhooks(config, self._session))

    async def _stop_webhook_delivery(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _deliver_webhooks(self, hook: WebhookConfig, session: aiohttp.ClientSession) -> None:
        """Post pending updates to the webhook one at a time, in order; retry an update until 2xx."""
        while True:
            if not self._updates:
                await self._arrivals.wait(3600)
                continue
            update = self._updates[0]
            status = await self._post_update(hook, session, update)
            self.webhook_responses.append(status)
            if 200 <= status < 300:
                if self._updates and self._updates[0] is update:
                    self._updates.popleft()
                    self.updates_confirmed += 1
                self._activity.notify()
                continue
            hook.last_error_date = int(time.time())
            self._activity.notify()
            await asyncio.sleep(self.webhook_retry_delay)

    async def _post_update(self, hook: WebhookConfig, session: aiohttp.ClientSession, update: JSONDict) -> int:
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        try:
            async with session.post(
                hook.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
            ) as response:
                await response.read()
                if not 200 <= response.status < 300:
                    hook.last_error_message = f"Wrong response from the webhook: {response.status} {response.reason}"
                return response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            hook.last_error_message = f"Connection failed: {error.__class__.__name__}"
            return 0

    # ------------------------------------------------------------------ chats and content helpers

    def _chat_for(self, params: JSONDict) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("Bad Request: chat_id is empty")
        chat = self._chats.get(chat_id)
        if chat is None:
            raise _bad_request(ERR_CHAT_NOT_FOUND)
        return chat

    def _send_target(self, params: JSONDict) -> _Chat:
        chat = self._chat_for(params)
        if chat.info["id"] in self._blocked:
            raise TelegramAPIError(403, ERR_BLOCKED)
        return chat

    def _formatted(self, params: JSONDict, key: str, max_length: int, too_long: str) -> tuple[str, list[JSONDict]]:
        """Text or caption after parse_mode and trimming, validated against ``max_length``."""
        raw = params.get(key)
        raw = "" if raw is None else str(raw)
        parse_mode = str(params.get("parse_mode") or "")
        entities_key = "entities" if key == "text" else "caption_entities"
        if parse_mode.upper() == "HTML":
            text, entities = parse_html(raw)
        else:
            text, entities = raw, list(params.get(entities_key) or [])
        text, entities = strip_text(text, entities)
        # The limits apply to the text after entity parsing.
        if len(text) > max_length:
            raise _bad_request(too_long)
        return text, entities

    def _message_text(self, params: JSONDict) -> tuple[str, list[JSONDict]]:
        text, entities = self._formatted(params, "text", MAX_TEXT_LENGTH, ERR_TEXT_TOO_LONG)
        if not text:
            raise _bad_request(ERR_TEXT_EMPTY)
        return text, entities

    def _apply_reply_markup(self, chat: _Chat, markup: Any) -> JSONDict | None:
        """Validate ``reply_markup``; returns the inline keyboard to attach to the message, if any.

        Telegram quirk: only inline keyboards are part of the Message. A reply keyboard (or its
        removal) changes what the user's client shows, so it is kept on the chat instead.
        """
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            return _inline_markup(markup)
        if "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        return None

    def _new_bot_message(self, chat: _Chat, params: JSONDict, content: JSONDict) -> JSONDict:
        reply_to = self._replied_message(chat, params)
        message: JSONDict = {
            "message_id": chat.take_message_id(),
            "from": self.bot_user,
            "chat": chat.info,
            "date": int(time.time()),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update({key: value for key, value in content.items() if value})
        chat.messages[message["message_id"]] = message
        chat.bot_message_ids.append(message["message_id"])
        return message

    def _replied_message(self, chat: _Chat, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            return None
        original = chat.live_message(reply.get("message_id"))
        if original is None and not reply.get("allow_sending_without_reply"):
            raise _bad_request(ERR_REPLY_NOT_FOUND)
        if original is None:
            return None
        return {key: value for key, value in original.items() if key != "reply_to_message"}

    def _bot_message_to_edit(self, params: JSONDict) -> tuple[_Chat, JSONDict]:
        if params.get("inline_message_id"):
            raise _bad_request(ERR_EDIT_NOT_FOUND)  # inline-mode messages are not simulated
        chat = self._chat_for(params)
        message = chat.live_message(params.get("message_id"))
        if message is None:
            raise _bad_request(ERR_EDIT_NOT_FOUND)
        if message["from"]["id"] != self.bot_user["id"]:
            raise _bad_request(ERR_CANT_EDIT)
        return chat, message

    def _replace_message(self, chat: _Chat, message: JSONDict, changes: JSONDict) -> JSONDict:
        """Store an edited copy (earlier dicts handed out stay as they were); falsy values remove keys."""
        updated = {key: value for key, value in message.items() if key not in changes}
        updated.update({key: value for key, value in changes.items() if value})
        chat.messages[message["message_id"]] = updated
        return updated

    # ------------------------------------------------------------------ messages

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._send_target(params)
        text, entities = self._message_text(params)
        markup = self._apply_reply_markup(chat, params.get("reply_markup"))
        return self._new_bot_message(chat, params, {"text": text, "entities": entities, "reply_markup": markup})

    async def _edit_message_text(self, params: JSONDict) -> JSONDict:
        chat, message = self._bot_message_to_edit(params)
        if "text" not in message:
            raise _bad_request(ERR_NO_TEXT_TO_EDIT)
        text, entities = self._message_text(params)
        # Telegram quirk: editMessageText without reply_markup removes the inline keyboard.
        markup = _inline_markup(params.get("reply_markup"))
        new_content: JSONDict = {"text": text, "entities": entities, "reply_markup": markup}
        _ensure_modified(message, new_content)
        return self._replace_message(chat, message, {**new_content, "edit_date": int(time.time())})

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        chat, message = self._bot_message_to_edit(params)
        markup = _inline_markup(params.get("reply_markup"))
        _ensure_modified(message, {**_content_of(message), "reply_markup": markup})
        return self._replace_message(chat, message, {"reply_markup": markup})

    async def _delete_message(self, params: JSONDict) -> bool:
        chat = self._chat_for(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int) or chat.live_message(message_id) is None:
            raise _bad_request(ERR_DELETE_NOT_FOUND)
        chat.deleted.add(message_id)
        return True

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        # An unknown id, or one answered already, gets the same error from Telegram.
        if query_id not in self._issued_callbacks or query_id in self.answered_callbacks:
            raise _bad_request(ERR_QUERY_INVALID)
        self.answered_callbacks.add(query_id)
        self.callback_answers[query_id] = params
        return True

    async def _send_chat_action(self, params: JSONDict) -> bool:
        self._send_target(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _bad_request(ERR_BAD_ACTION)
        return True

    # ------------------------------------------------------------------ files

    async def _send_document(self, params: JSONDict) -> JSONDict:
        chat = self._send_target(params)
        stored, upload = self._file_param(params, "document", "documents")
        name = upload.filename if upload else None
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if name:
            document["file_name"] = name
        if upload and upload.content_type:
            document["mime_type"] = upload.content_type
        return self._send_media(chat, params, "sendDocument", stored, name, {"document": document})

    async def _send_photo(self, params: JSONDict) -> JSONDict:
        chat = self._send_target(params)
        stored, upload = self._file_param(params, "photo", "photos")
        size: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "width": 1280,
            "height": 720,
        }
        name = upload.filename if upload else None
        return self._send_media(chat, params, "sendPhoto", stored, name, {"photo": [size]})

    def _send_media(
        self,
        chat: _Chat,
        params: JSONDict,
        method: str,
        stored: _StoredFile,
        name: str | None,
        media: JSONDict,
    ) -> JSONDict:
        caption, entities = self._formatted(params, "caption", MAX_CAPTION_LENGTH, ERR_CAPTION_TOO_LONG)
        markup = self._apply_reply_markup(chat, params.get("reply_markup"))
        content = {**media, "caption": caption, "caption_entities": entities, "reply_markup": markup}
        message = self._new_bot_message(chat, params, content)
        sent = SentFile(
            method=method,
            chat_id=chat.info["id"],
            message_id=message["message_id"],
            file_id=stored.file_id,
            filename=name,
            content=stored.content,
            caption=caption or None,
        )
        self.files.append(sent)
        return message

    def _file_param(self, params: JSONDict, key: str, folder: str) -> tuple[_StoredFile, UploadedFile | None]:
        """An uploaded file is stored; a known file_id is reused; an http(s) URL is accepted as empty."""
        value = params.get(key)
        if isinstance(value, UploadedFile):
            return self._store_file(folder, value.filename, value.content), value
        if isinstance(value, str) and value in self._stored_files:
            return self._stored_files[value], None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._store_file(folder, value.rsplit("/", 1)[-1], b""), None
        raise _bad_request(ERR_WRONG_FILE)

    def _store_file(self, folder: str, filename: str, content: bytes) -> _StoredFile:
        number = len(self._stored_files) + 1
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        path = f"{folder}/file_{number}.{suffix}"
        stored = _StoredFile(f"FILE{number:06d}", f"U{number:06d}", path, content)
        self._stored_files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    async def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self._stored_files.get(str(params.get("file_id")))
        if stored is None:
            raise _bad_request("Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    # ------------------------------------------------------------------ commands and menu

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("Bad Request: can't parse commands JSON object")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(name).lower()):
                raise _bad_request(ERR_BAD_COMMAND)
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("Bad Request: command description is empty")
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        self._commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        # Exact scope + language lookup: Telegram applies fallbacks only in clients, not here.
        return self.commands(params.get("scope"), params.get("language_code") or "")

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(_commands_key(params.get("scope"), params.get("language_code") or ""), None)
        return True

    async def _set_chat_menu_button(self, params: JSONDict) -> bool:
        self._menu_buttons[params.get("chat_id")] = params.get("menu_button") or {"type": "default"}
        return True

    async def _get_chat_menu_button(self, params: JSONDict) -> JSONDict:
        return self._menu_buttons.get(params.get("chat_id"), {"type": "default"})


# --------------------------------------------------------------------------- module helpers

# Calls that Telegram rate-limits per chat; flood() affects these.
_FLOODABLE = frozenset({"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup"})


def _error_response(error: TelegramAPIError) -> web.Response:
    return web.json_response(error.payload(), status=error.error_code)


def _commands_key(scope: Any, language_code: str) -> tuple[str, str]:
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code


def _inline_markup(markup: Any) -> JSONDict | None:
    """Validate an inline keyboard; an empty one is no keyboard at all (as Telegram returns it)."""
    if markup is None:
        return None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request("Bad Request: inline keyboard expected")
    for button in itertools.chain.from_iterable(rows):
        _check_button(button)
    return markup if any(rows) else None


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise _bad_request("Bad Request: can't parse inline keyboard button: Text must be non-empty")
    if not _BUTTON_ACTIONS.intersection(button):
        raise _bad_request(ERR_TEXT_BUTTONS)
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode())
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise _bad_request(ERR_BUTTON_DATA)


def _content_of(message: JSONDict) -> JSONDict:
    return {key: message.get(key) for key in _MESSAGE_CONTENT_KEYS}


def _ensure_modified(message: JSONDict, new_content: JSONDict) -> None:
    def normalized(content: JSONDict) -> tuple[Any, ...]:
        return tuple(content.get(key) or None for key in _MESSAGE_CONTENT_KEYS)

    if normalized(_content_of(message)) == normalized(new_content):
        raise _bad_request(ERR_NOT_MODIFIED)

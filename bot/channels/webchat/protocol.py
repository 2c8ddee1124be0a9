"""What travels over the web chat's socket: JSON frames in (text, button, location, photo), Replies out.

Parsing never raises on what a browser (or anyone) sends: a frame is either an ``Incoming`` for the core
or a ``BadInput`` naming the catalog message that explains what was wrong.

Each frame the page sends carries an ``id`` of its own (the page's random name and a count) and is kept by
the page until a ``done`` with that id comes back; a socket that closes first (the server was restarted,
killed, or the phone lost its network) gets the frame again on the next socket, marked ``again``. The id
is the frame's delivery key (``models.inbound``): a frame handled before its ``done`` was lost is not
handled twice, and its answers, if they never reached a page, are sent again.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from handlers.core.messages import MAX_MESSAGE_CHARS, Document, Incoming, Location, Photo, Reply, Sender

# What a poster's or a community's QR code may put in the address: onboarding's deep links, nothing else.
START_LINK = re.compile(r"^[bc]-[a-z0-9-]{1,30}$")
CHANNEL = "web"
# The page shrinks photos to 1600 px JPEG (a few hundred KB) before sending; this leaves room for a
# browser that cannot, without letting one frame take much memory.
MAX_PHOTO_BYTES = 6 * 1024 * 1024
# A socket frame may be a little larger than the photo limit (base64 is 4/3 of the bytes, plus JSON), so
# an oversized photo gets our clear answer rather than aiohttp closing the connection.
MAX_FRAME_BYTES = MAX_PHOTO_BYTES * 2
MAX_BUTTON_CHARS = 128  # payloads are at most 64 bytes; anything longer is garbage, answered as stale
FRAME_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
CHAT_IN_KEY = 24  # hex digits of the chat id in a delivery key: 96 bits, and the key fits its 64 characters
# What a photo's first bytes look like, per type we accept (a browser's claimed type is not trusted).
IMAGE_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}
INLINE_IMAGE_TYPES = frozenset(IMAGE_SIGNATURES)


@dataclass(frozen=True)
class BadInput:
    message_id: str
    args: dict[str, Any] = field(default_factory=dict)
    frame_id: str | None = None  # answered "done" all the same, so the page stops sending it


@dataclass(frozen=True)
class Hello:
    """The page opened its socket. ``fresh``: a new page load (empty history), to be told where the chat
    stands; otherwise a reconnect, which only needs what was queued meanwhile."""

    fresh: bool
    start: str = ""  # a QR code's deep link from the page's address (``/?start=b-yuntang-b3``)


@dataclass(frozen=True)
class Frame:
    """A parsed message from the page: what the core should get, and which shown message a pressed
    button belongs to (so an ``edit`` reply can replace it)."""

    incoming: Incoming
    pressed_message: int | None = None
    frame_id: str | None = None  # the page's id of the frame, echoed in its "done" and its answers' "re"
    again: bool = False  # sent before on a socket that closed without its "done"


def image_type(content: bytes) -> str | None:
    for mime, signatures in IMAGE_SIGNATURES.items():
        if any(content.startswith(signature) for signature in signatures):
            if mime == "image/webp" and content[8:12] != b"WEBP":
                continue
            return mime
    return None


def parse_frame(raw: str, chat_id: str, sender: Sender) -> Frame | Hello | BadInput:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return BadInput("webchat-bad-message")
    if not isinstance(data, dict):
        return BadInput("webchat-bad-message")
    kind = data.get("type")
    if kind == "hello":
        start = data.get("start")
        linked = start if isinstance(start, str) and START_LINK.match(start) else ""
        return Hello(fresh=data.get("fresh") is True, start=linked)
    frame_id = data.get("id")
    if frame_id is not None and not (isinstance(frame_id, str) and FRAME_ID.match(frame_id)):
        return BadInput("webchat-bad-message")
    parsed = _content(kind, data, chat_id, sender)
    if isinstance(parsed, BadInput):
        return replace(parsed, frame_id=frame_id)
    if frame_id is None:  # an older page, or a script: handled as it comes
        return parsed
    delivery = f"{chat_id[:CHAT_IN_KEY]}/{frame_id}"
    return replace(
        parsed, incoming=replace(parsed.incoming, delivery=delivery), frame_id=frame_id, again=data.get("again") is True
    )


def _content(kind: Any, data: dict[str, Any], chat_id: str, sender: Sender) -> Frame | BadInput:
    if kind == "text":
        return _text(data, chat_id, sender)
    if kind == "button":
        return _button(data, chat_id, sender)
    if kind == "location":
        return _location(data, chat_id, sender)
    if kind == "photo":
        return _photo(data, chat_id, sender)
    return BadInput("webchat-bad-message")


def _text(data: dict[str, Any], chat_id: str, sender: Sender) -> Frame | BadInput:
    text = data.get("text")
    if not isinstance(text, str):
        return BadInput("webchat-bad-message")
    if len(text) > MAX_MESSAGE_CHARS:
        return BadInput("text-too-long", {"length": len(text), "max": MAX_MESSAGE_CHARS})
    return Frame(Incoming.from_text(CHANNEL, chat_id, sender, text))


def _button(data: dict[str, Any], chat_id: str, sender: Sender) -> Frame | BadInput:
    payload = data.get("data")
    if not isinstance(payload, str) or not payload or len(payload) > MAX_BUTTON_CHARS:
        return BadInput("webchat-bad-message")
    pressed = data.get("message")
    pressed_message = pressed if isinstance(pressed, int) and not isinstance(pressed, bool) else None
    return Frame(Incoming(CHANNEL, chat_id, sender, button=payload), pressed_message)


def _coordinate(value: Any, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _location(data: dict[str, Any], chat_id: str, sender: Sender) -> Frame | BadInput:
    latitude, longitude = _coordinate(data.get("latitude"), 90), _coordinate(data.get("longitude"), 180)
    if latitude is None or longitude is None:
        return BadInput("webchat-bad-location")
    return Frame(Incoming(CHANNEL, chat_id, sender, location=Location(latitude, longitude)))


def _photo(data: dict[str, Any], chat_id: str, sender: Sender) -> Frame | BadInput:
    encoded = data.get("data")
    if not isinstance(encoded, str):
        return BadInput("webchat-bad-photo")
    too_big = BadInput("webchat-photo-too-big", {"max": MAX_PHOTO_BYTES // (1024 * 1024)})
    if len(encoded) > (MAX_PHOTO_BYTES * 4) // 3 + 4:
        return too_big
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return BadInput("webchat-bad-photo")
    if len(content) > MAX_PHOTO_BYTES:
        return too_big
    mime = image_type(content)
    if mime is None:
        return BadInput("webchat-bad-photo")
    caption = data.get("caption")
    text = caption[:MAX_MESSAGE_CHARS] if isinstance(caption, str) and caption.strip() else None
    return Frame(Incoming(CHANNEL, chat_id, sender, photo=Photo(content, mime), text=text))


def _attachment(attached: Document) -> dict[str, str]:
    return {
        "name": attached.filename,
        "mime": attached.mime_type,
        "data": base64.b64encode(attached.content).decode("ascii"),
    }


def render_reply(
    reply: Reply, message_id: int, *, replaces: int | None = None, queued: bool = False, answers: str | None = None
) -> dict[str, Any]:
    """A Reply as the page shows it. Buttons carry their payload as is: pressing one sends it back.
    ``answers``: the id of the page's frame this answers (``re``), for a page or a client that counts."""
    frame: dict[str, Any] = {
        "type": "message",
        "id": message_id,
        "text": reply.text,
        "buttons": [[{"label": button.label, "data": button.data} for button in row] for row in reply.buttons],
        "queued": queued,
        "replaces": replaces,
    }
    if answers is not None:
        frame["re"] = answers
    photo, document = reply.photo, reply.document
    if photo is not None and photo.mime_type not in INLINE_IMAGE_TYPES:
        photo, document = None, document or photo  # not something an <img> should show: offer it as a file
    if photo is not None:
        frame["photo"] = _attachment(photo)
    if document is not None:
        frame["document"] = _attachment(document)
    return frame


def done(frame_id: str | None) -> dict[str, Any]:
    """Everything a frame caused has been sent: the page stops showing "…" and forgets the frame."""
    return {"type": "done"} if frame_id is None else {"type": "done", "id": frame_id}


def notice(text: str) -> dict[str, Any]:
    """A word from the page itself (bad input, the socket's state), not a message in the chat."""
    return {"type": "notice", "text": text}


def echo(incoming: Incoming) -> dict[str, Any]:
    """What this visitor did, for their other open tabs (the chat is shared)."""
    if incoming.photo is not None:
        return {"type": "mine", "kind": "photo"}
    if incoming.location is not None:
        return {"type": "mine", "kind": "location"}
    return {"type": "mine", "kind": "text", "text": incoming.text or ""}


def preferred_language(header: str | None) -> str | None:
    """The Accept-Language tag with the highest weight ("en-GB,en;q=0.9,zh;q=0.8" -> "en-GB")."""
    best: tuple[float, str] | None = None
    for part in (header or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and (best is None or weight > best[0]):
            best = (weight, tag.strip())
    return best[1] if best else None

"""WeChat's server protocol: signatures, safe mode, the XML of messages and events, and how a Reply reads.

The protocol's parts come from wechatpy (a kept library): it parses the XML into message and event
objects, builds reply XML and does safe mode's AES. What WeChat calls need (the API) goes over aiohttp in
``bot.channels.wechat.api``; wechatpy's own client is synchronous (requests) and is not used.

A Reply's buttons become ``weixin://bizmsgmenu`` links inside a text message: the person taps one and
WeChat sends us a text message whose ``bizmsgmenuid`` is the link's id (a place in a ``wechat_choices`` row). They
work in the passive reply and in customer-service messages alike, which WeChat's ``msgmenu`` does not.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

import xmltodict
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import (
    ClickEvent,
    LocationEvent,
    ScanEvent,
    SubscribeEvent,
    SubscribeScanEvent,
    UnsubscribeEvent,
    ViewEvent,
)
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage, ImageMessage, LocationMessage, TextMessage
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from handlers.core.messages import Button, Reply

# A text message's content, in bytes of UTF-8 (WeChat's documented limit for text replies and customer-service
# text): longer texts are split, the choices going with the last piece.
MAX_TEXT_BYTES = 2048
MAX_BODY_BYTES = 64 * 1024  # a message is a few hundred bytes; refuse anything absurd before parsing
# Parameter WeChat adds to a SCAN/subscribe EventKey, and what `linli wechat qrcode` puts after it.
SCENE_PREFIX = "qrscene_"


class BadCall(Exception):
    """A request that is not WeChat's: wrong signature, undecryptable, not XML. Answered 4xx."""


def signature_of(token: str, *parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(token, *parts)
    return str(signer.signature)


def check_signature(token: str, signature: str, timestamp: str, nonce: str) -> None:
    """The URL signature every call carries (GET verification and every POST)."""
    if not (signature and timestamp and nonce):
        raise BadCall("unsigned")
    if not hmac.compare_digest(signature_of(token, timestamp, nonce).encode(), signature.encode()):
        raise BadCall("bad signature")


@dataclass(frozen=True)
class Envelope:
    """How one call came: its query parameters decide plain or safe mode, and how to answer."""

    timestamp: str
    nonce: str
    safe: bool
    msg_signature: str = ""


class Codec:
    """Bodies in and answers out, in plain or safe mode (``encrypt_type=aes``)."""

    def __init__(self, token: str, aes_key: str | None, app_id: str) -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    def envelope(self, query: Any) -> Envelope:
        check_signature(self.token, query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", ""))
        safe = query.get("encrypt_type", "raw") == "aes"
        if safe and self.crypto is None:
            raise BadCall("safe mode without an EncodingAESKey")
        return Envelope(query["timestamp"], query["nonce"], safe, query.get("msg_signature", ""))

    def open(self, envelope: Envelope, body: bytes) -> BaseMessage:
        if len(body) > MAX_BODY_BYTES:
            raise BadCall("too large")
        try:
            text = body.decode("utf-8")
            if envelope.safe:
                assert self.crypto is not None
                text = self.crypto.decrypt_message(text, envelope.msg_signature, envelope.timestamp, envelope.nonce)
            message = parse_message(text)
        except (InvalidSignatureException, InvalidAppIdException) as error:
            raise BadCall(type(error).__name__) from error
        except Exception as error:  # malformed XML, bad base64, missing fields: all 400
            raise BadCall(f"unreadable: {type(error).__name__}") from error
        if message is None or not message.source:
            raise BadCall("no sender")
        return message

    def seal(self, envelope: Envelope, xml: str) -> str:
        """A passive reply as WeChat expects it in this call's mode."""
        if not envelope.safe:
            return xml
        assert self.crypto is not None
        return str(self.crypto.encrypt_message(xml, envelope.nonce, envelope.timestamp))


def raw_field(message: BaseMessage, name: str) -> str:
    value = message._data.get(name)  # wechatpy keeps the parsed XML; some fields have no attribute
    return value if isinstance(value, str) else ""


def inbound_key(message: BaseMessage) -> str:
    """What identifies WeChat's copies of one message: MsgId, or for events sender + time + event."""
    if message.id:
        return f"m:{message.id}"
    event = raw_field(message, "Event")
    return f"e:{message.source}:{message.time}:{event}"[:120]


# --- what the person did -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A message or event, as the channel hands it on: text (maybe a tapped choice), a command, a photo
    to fetch, a place; ``opens_window``: it starts the 48 hours of customer-service messages."""

    kind: str  # "text", "choice", "command", "photo", "location", "unfollow", "ignore", "other"
    text: str = ""
    choice_id: int | None = None
    args: str = ""
    media_id: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    opens_window: bool = True


def scene_args(scene: str) -> str:
    """A parametric QR code's scene string is the deep link's argument (``c-yuntang``)."""
    return scene.removeprefix(SCENE_PREFIX).strip()


def said(message: BaseMessage) -> Said:
    if isinstance(message, TextMessage):
        menu_id = raw_field(message, "bizmsgmenuid")
        if menu_id.isdigit():
            return Said("choice", text=message.content or "", choice_id=int(menu_id))
        return Said("text", text=message.content or "")
    if isinstance(message, ImageMessage):
        return Said("photo", media_id=message.media_id or "")
    if isinstance(message, LocationMessage):
        try:
            latitude, longitude = float(message.location_x), float(message.location_y)
        except (TypeError, ValueError):
            return Said("other")
        return Said("location", latitude=latitude, longitude=longitude)
    if isinstance(message, SubscribeScanEvent | ScanEvent):
        return Said("command", text="start", args=scene_args(message.scene_id or ""))
    if isinstance(message, SubscribeEvent):
        return Said("command", text="start")
    if isinstance(message, UnsubscribeEvent):
        return Said("unfollow", opens_window=False)
    if isinstance(message, ClickEvent):
        return Said("command", text=(message.key or "menu").removeprefix("cmd:"))
    if isinstance(message, ViewEvent | LocationEvent):
        # Opening a menu link, or the periodic position report: nothing to answer, no window opened (WeChat
        # counts neither), and the position is not kept.
        return Said("ignore", opens_window=False)
    if raw_field(message, "MsgType") == "event":
        return Said("ignore", opens_window=False)
    return Said("other")  # voice, video, links…: the flow answers as to unexpected input


# --- what Linli says -------------------------------------------------------------------------------------


def _link_text(label: str) -> str:
    # The label is what WeChat sends back as the person's message when tapped; characters that would end
    # the attribute or the query are swapped for their full-width forms rather than escaped (WeChat shows
    # msgmenucontent as it is).
    return label.replace("&", "＆").replace("=", "＝").replace('"', "＂").replace("<", "＜").replace(">", "＞")


def choice_link(label: str, button_id: int) -> str:
    content = _link_text(label)
    return f'<a href="weixin://bizmsgmenu?msgmenucontent={content}&msgmenuid={button_id}">{content}</a>'


def choices_text(buttons: tuple[tuple[Button, ...], ...], ids: list[int]) -> str:
    """One line per row of buttons, a wide space between those of a row."""
    numbered = iter(ids)
    lines = ["\u3000\u3000".join(choice_link(button.label, next(numbered)) for button in row) for row in buttons]
    return "\n".join(lines)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def split_bytes(text: str, limit: int = MAX_TEXT_BYTES) -> list[str]:
    """Pieces of at most ``limit`` bytes, cut at a line break where one is near, else between characters."""
    pieces: list[str] = []
    rest = text
    while _utf8(rest) > limit:
        cut, size = 0, 0
        for index, char in enumerate(rest):
            size += _utf8(char)
            if size > limit:
                break
            cut = index + 1
        newline = rest.rfind("\n", 0, cut)
        if newline > cut // 2:
            cut = newline + 1
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:]
    pieces.append(rest)
    return [piece for piece in pieces if piece.strip()] or [""]


def texts_of(reply_text: str, choices: str) -> list[str]:
    """A reply's text messages: the text in pieces, the choices with the last piece (or alone, when both
    would not fit in one message)."""
    body = reply_text
    if not choices:
        return split_bytes(body)
    joined = f"{body}\n\n{choices}" if body.strip() else choices
    if _utf8(joined) <= MAX_TEXT_BYTES:
        return [joined]
    return [*split_bytes(body), *split_bytes(choices)]


def passive_text(message: BaseMessage, content: str) -> str:
    return str(TextReply(message=message, content=content).render())


def button_data(reply: Reply) -> list[str]:
    return [button.data for row in reply.buttons for button in row]


def parse_xml(body: str) -> dict[str, Any]:
    """For the tests' simulated client and the bench: the XML as a dict."""
    parsed = xmltodict.parse(body)
    return dict(parsed["xml"])

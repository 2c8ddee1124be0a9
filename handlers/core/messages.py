"""What channels hand to the core (``Incoming``) and what they render (``Reply``)."""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Telegram's hard limit per message; channels split longer texts, flows keep to it where they can.
MAX_MESSAGE_CHARS = 4096


@dataclass(frozen=True)
class Sender:
    external_id: str
    display_name: str = ""
    language_code: str | None = None


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Photo:
    """A picture someone sent. Channels hand the bytes over (Telegram's are downloaded first), so a
    feature can keep it and show it later on any channel; ``ref`` is the platform's own id, if any."""

    content: bytes
    mime_type: str = "image/jpeg"
    ref: str = ""


@dataclass(frozen=True)
class Incoming:
    """One thing a person did: wrote text, sent a command, pressed a button, shared a place or photo."""

    channel: str
    chat_id: str
    sender: Sender
    text: str | None = None
    command: str | None = None
    args: str = ""
    button: str | None = None
    location: Location | None = None
    photo: Photo | None = None
    # The channel lost what it showed (a reloaded page): ask the current question again, or /start
    # outside a flow. Not an answer, so never "please use the buttons".
    resume: bool = False
    # The platform's id of this delivery (Telegram's update_id), where it delivers at least once: the core
    # handles one delivery once (models.inbound), a copy changes nothing and is answered with nothing.
    delivery: str | None = None

    @classmethod
    def from_text(cls, channel: str, chat_id: str, sender: Sender, text: str) -> Incoming:
        """Split '/cmd@bot args' into command and args; anything else is plain text."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, rest = stripped[1:].partition(" ")
            command = head.split("@", 1)[0].lower()
            return cls(channel, chat_id, sender, text=text, command=command, args=rest.strip())
        return cls(channel, chat_id, sender, text=text)


@dataclass(frozen=True)
class Button:
    label: str
    data: str


# A keyboard row on a phone, in half-width columns (a Chinese character or an emoji takes two), measured on the
# web chat at 360 px, whose large type for older residents is the tightest: a bubble row holds about 35
# columns, shared equally by its buttons, with a column of gap between them and three of padding in each.
ROW_COLUMNS = 35
BUTTON_GAP = 1
BUTTON_PADDING = 3


def column_share(buttons_in_row: int) -> int:
    """The columns a label has when ``buttons_in_row`` share a row: 14 for two, 8 for three, 5 for four."""
    return (ROW_COLUMNS - (buttons_in_row - 1) * BUTTON_GAP) // buttons_in_row - BUTTON_PADDING


def label_columns(label: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in label)


def fits(label: str, share: int) -> bool:
    """Whether a label reads well in ``share`` columns: on one line, or on two broken between its words
    ("🛎 12343 / 便民服务"), never inside one ("格兰小镇1 / 栋")."""
    words = label.split()
    return all(label_columns(word) <= share for word in words) and label_columns(label) <= 2 * share


def in_rows(buttons: list[Button], most: int = 2) -> list[list[Button]]:
    """Buttons in order, up to ``most`` a row, fewer where a label would not fit its share of the row: a
    name broken over two lines ("格兰小镇1 / 栋") is what three to a row did to longer building names."""
    rows: list[list[Button]] = []
    for button in buttons:
        row = rows[-1] if rows else []
        if row and len(row) < most and all(fits(b.label, column_share(len(row) + 1)) for b in [*row, button]):
            row.append(button)
        else:
            rows.append([button])
    return rows


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """A message to show. ``edit`` asks to replace the message whose button was pressed, if the
    channel can; otherwise it is sent as a new message."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False
    document: Document | None = None
    photo: Document | None = None  # an image shown inline (a chart, a case photo); text is its caption

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe form, for the outbox."""
        payload: dict[str, Any] = {
            "text": self.text,
            "buttons": [[[button.label, button.data] for button in row] for row in self.buttons],
        }
        for name, attached in (("document", self.document), ("photo", self.photo)):
            if attached is not None:
                payload[name] = {
                    "filename": attached.filename,
                    "mime_type": attached.mime_type,
                    "content": base64.b64encode(attached.content).decode("ascii"),
                }
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Reply:
        attached: dict[str, Document | None] = {"document": None, "photo": None}
        for name in attached:
            if doc := payload.get(name):
                attached[name] = Document(doc["filename"], base64.b64decode(doc["content"]), doc["mime_type"])
        buttons = tuple(tuple(Button(label, data) for label, data in row) for row in payload.get("buttons", []))
        return cls(text=payload["text"], buttons=buttons, document=attached["document"], photo=attached["photo"])


@dataclass
class Outcome:
    """What handling one Incoming produced: replies now, and whether the outbox got new work."""

    replies: list[Reply] = field(default_factory=list)
    outbox_added: bool = False
    language: str = "zh"  # the person's, for what the channel itself has to say (a send that failed)

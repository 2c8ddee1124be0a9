"""Property-based tests (Hypothesis) of the parsers that take outside input: whatever arrives, each answers
with its own clear refusal (or a value), never an unexpected exception. Bounded examples, so CI stays quick."""

from __future__ import annotations

import contextlib
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.webchat.protocol import BadInput, Frame, Hello, parse_frame
from bot.channels.wechat.protocol import BadCall, Codec, Envelope, said, split_bytes, texts_of
from handlers.core.buttons import InvalidButton, Pick, pack, unpack
from handlers.core.messages import MAX_MESSAGE_CHARS, Incoming, Sender
from tests.fakes.wechat_api import AES_KEY, APP_ID, TOKEN

KEY = b"k" * 32
FRAME_FIELDS = ["text", "data", "latitude", "longitude", "content", "mime", "fresh", "start", "message"]
WECHAT_FIELDS = [
    "MsgType",
    "Content",
    "Event",
    "EventKey",
    "Location_X",
    "Location_Y",
    "MediaId",
    "MsgId",
    "bizmsgmenuid",
]
EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)


@EXAMPLES
@given(ANY_TEXT)
def test_a_forged_button_is_refused_cleanly(data: str) -> None:
    with contextlib.suppress(InvalidButton):  # the router answers "this button has expired"
        unpack(data, KEY)


@EXAMPLES
@given(st.text(alphabet=string.ascii_letters + string.digits + ":~-_", max_size=80))
def test_a_tampered_real_button_is_refused(noise: str) -> None:
    real = pack(Pick("abcd", "yes"), KEY)
    try:
        item = unpack(real + noise, KEY)
    except InvalidButton:
        return
    assert noise == "" or item == Pick("abcd", "yes")


@EXAMPLES
@given(JSON_VALUES)
def test_a_web_chat_frame_is_a_frame_or_a_clear_refusal(value: object) -> None:
    raw = json.dumps(value)
    parsed = parse_frame(raw, "chat", Sender("v"))
    assert isinstance(parsed, Frame | Hello | BadInput)


@EXAMPLES
@given(
    st.sampled_from(["text", "button", "location", "photo", "hello"]),
    st.dictionaries(
        st.sampled_from(["text", "data", "latitude", "longitude", "content", "mime", "fresh", "start", "message"]),
        JSON_VALUES,
        max_size=5,
    ),
)
def test_a_web_chat_frame_of_a_known_type_with_odd_fields(kind: str, fields: dict[str, object]) -> None:
    parsed = parse_frame(json.dumps({"type": kind, **fields}), "chat", Sender("v"))
    assert isinstance(parsed, Frame | Hello | BadInput)
    if isinstance(parsed, Frame) and parsed.incoming.text is not None:
        assert len(parsed.incoming.text) <= MAX_MESSAGE_CHARS


@EXAMPLES
@given(ANY_TEXT)
def test_typed_text_always_makes_an_incoming(text: str) -> None:
    incoming = Incoming.from_text("telegram", "1", Sender("1"), text)
    assert incoming.text == text
    if incoming.command is not None:
        assert incoming.command == incoming.command.lower()


PLAIN, SAFE = Codec(TOKEN, None, APP_ID), Codec(TOKEN, AES_KEY, APP_ID)


@EXAMPLES
@given(st.binary(max_size=2000), st.booleans())
def test_a_wechat_body_is_a_message_or_a_bad_call(body: bytes, safe: bool) -> None:
    codec = SAFE if safe else PLAIN
    try:
        message = codec.open(Envelope("1764800000", "n0nce", safe=safe, msg_signature="0" * 40), body)
    except BadCall:
        return
    said(message)  # and what it says can be read


@EXAMPLES
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "MsgType",
                "Content",
                "Event",
                "EventKey",
                "Location_X",
                "Location_Y",
                "MediaId",
                "MsgId",
                "bizmsgmenuid",
                "CreateTime",
            ]
        ),
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="]<>&"), max_size=40),
        max_size=8,
    )
)
def test_any_wechat_message_shape_is_read_or_refused(fields: dict[str, str]) -> None:
    parts = {"ToUserName": "gh_1", "FromUserName": "o-1", **fields}
    body = "<xml>" + "".join(f"<{name}><![CDATA[{value}]]></{name}>" for name, value in parts.items()) + "</xml>"
    try:
        message = PLAIN.open(Envelope("1", "n", safe=False), body.encode())
    except BadCall:
        return
    said(message)


@EXAMPLES
@given(ANY_TEXT.map(lambda text: text * 20), ANY_TEXT)
def test_long_replies_are_cut_within_wechats_limit(text: str, choices: str) -> None:
    for piece in [*split_bytes(text), *texts_of(text, choices)]:
        assert len(piece.encode()) <= 2048

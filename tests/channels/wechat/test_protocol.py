"""WeChat's protocol as Linli reads and writes it: signatures, safe mode, events, and how a Reply reads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from bot.channels.wechat.protocol import (
    MAX_TEXT_BYTES,
    BadCall,
    Codec,
    Envelope,
    check_signature,
    choice_link,
    choices_text,
    inbound_key,
    parse_xml,
    said,
    signature_of,
    split_bytes,
    texts_of,
)
from config.settings import Settings
from handlers.core.messages import Button
from tests.fakes.wechat_api import AES_KEY, APP_ID, TOKEN


def xml(kind: str, **fields: str) -> str:
    parts = {"ToUserName": "gh_1", "FromUserName": "o-1", "CreateTime": "1764800000", "MsgType": kind, **fields}
    return "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in parts.items()) + "</xml>"


def test_the_url_signature_is_checked() -> None:
    good = signature_of(TOKEN, "1764800000", "n0nce")
    check_signature(TOKEN, good, "1764800000", "n0nce")
    for signature, timestamp, nonce in ((good, "1764800001", "n0nce"), ("", "1764800000", "n0nce"), (good, "", "")):
        with pytest.raises(BadCall):
            check_signature(TOKEN, signature, timestamp, nonce)


def test_safe_mode_opens_what_wechat_seals_and_seals_what_it_opens() -> None:
    codec = Codec(TOKEN, AES_KEY, APP_ID)
    wechat = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    sealed = parse_xml(wechat.encrypt_message(xml("text", Content="你好", MsgId="7"), "n0nce", "1764800000"))
    body = f"<xml><ToUserName>gh_1</ToUserName><Encrypt>{sealed['Encrypt']}</Encrypt></xml>".encode()
    envelope = Envelope("1764800000", "n0nce", safe=True, msg_signature=sealed["MsgSignature"])
    message = codec.open(envelope, body)
    assert (message.source, message.content) == ("o-1", "你好")

    answer = codec.seal(envelope, "<xml><Content>好的</Content></xml>")
    opened = parse_xml(answer)
    assert "好的" not in answer
    assert "好的" in wechat.decrypt_message(answer, opened["MsgSignature"], opened["TimeStamp"], opened["Nonce"])

    with pytest.raises(BadCall):  # the message's own signature is wrong
        codec.open(Envelope("1764800000", "n0nce", safe=True, msg_signature="0" * 40), body)
    other = WeChatCrypto(TOKEN, AES_KEY, "wx-another-account")  # sealed for another account
    foreign = parse_xml(other.encrypt_message(xml("text", Content="x", MsgId="8"), "n0nce", "1764800000"))
    with pytest.raises(BadCall):
        codec.open(
            Envelope("1764800000", "n0nce", safe=True, msg_signature=foreign["MsgSignature"]),
            f"<xml><Encrypt>{foreign['Encrypt']}</Encrypt></xml>".encode(),
        )


def test_plain_mode_refuses_what_is_not_a_message() -> None:
    codec = Codec(TOKEN, None, APP_ID)
    plain = Envelope("1", "n", safe=False)
    for body in (b"<xml><oops", b"not xml", b"<xml><MsgType>text</MsgType></xml>", b"\xff\xfe"):
        with pytest.raises(BadCall):
            codec.open(plain, body)
    with pytest.raises(BadCall):
        codec.open(plain, b"<xml>" + b"a" * 70_000 + b"</xml>")
    with pytest.raises(BadCall):  # safe mode asked of an account configured without a key
        codec.envelope(
            {"signature": signature_of(TOKEN, "1", "n"), "timestamp": "1", "nonce": "n", "encrypt_type": "aes"}
        )


def test_what_people_do_becomes_what_the_core_hears() -> None:
    cases = {
        xml("text", Content="你好", MsgId="1"): ("text", "你好", ""),
        xml("text", Content="📜 居民公约", MsgId="2", bizmsgmenuid="41"): ("choice", "📜 居民公约", ""),
        xml("event", Event="subscribe", EventKey="qrscene_c-yuntang", Ticket="t"): ("command", "start", "c-yuntang"),
        xml("event", Event="SCAN", EventKey="c-yuntang", Ticket="t"): ("command", "start", "c-yuntang"),
        xml("event", Event="subscribe", EventKey=""): ("command", "start", ""),
        xml("event", Event="CLICK", EventKey="cmd:report"): ("command", "report", ""),
        xml("event", Event="unsubscribe", EventKey=""): ("unfollow", "", ""),
        xml("event", Event="VIEW", EventKey="https://example.org/"): ("ignore", "", ""),
        xml("event", Event="LOCATION", Latitude="28.1", Longitude="112.9", Precision="30"): ("ignore", "", ""),
        xml("voice", MediaId="m", Format="amr", MsgId="3"): ("other", "", ""),
    }
    for body, (kind, text, args) in cases.items():
        what = said(parse_message(body))
        assert (what.kind, what.text, what.args) == (kind, text, args), body
    assert said(parse_message(xml("text", Content="x", MsgId="2", bizmsgmenuid="41"))).choice_id == 41
    place = said(parse_message(xml("location", Location_X="28.1003", Location_Y="112.98", Scale="15", MsgId="4")))
    assert (place.kind, place.latitude, place.longitude) == ("location", 28.1003, 112.98)
    assert not said(parse_message(xml("event", Event="unsubscribe", EventKey=""))).opens_window


def test_copies_of_one_message_share_a_key_and_different_ones_do_not() -> None:
    text = parse_message(xml("text", Content="x", MsgId="99"))
    assert inbound_key(text) == inbound_key(parse_message(xml("text", Content="x", MsgId="99"))) == "m:99"
    event = parse_message(xml("event", Event="CLICK", EventKey="cmd:menu"))
    later = parse_message(xml("event", Event="CLICK", EventKey="cmd:menu").replace("1764800000", "1764800001"))
    assert inbound_key(event) != inbound_key(later)


def test_long_text_is_cut_within_wechats_limit_at_line_breaks() -> None:
    text = "\n".join(f"第{n}条:邻里和睦,互帮互助,共建美好家园。" for n in range(200))
    pieces = split_bytes(text)
    assert len(pieces) > 1
    assert all(len(piece.encode()) <= MAX_TEXT_BYTES for piece in pieces)
    assert all(piece.startswith("第") for piece in pieces)  # each piece starts at a line
    assert "".join(piece.replace("\n", "") for piece in pieces) == text.replace("\n", "")
    unbroken = "长" * 3000
    assert "".join(split_bytes(unbroken)) == unbroken


def test_choices_are_links_and_go_with_the_last_piece() -> None:
    rows = ((Button("✅ 同意", "a"), Button("✖ 不同意", "b")), (Button('A&B="x"', "c"),))
    links = choices_text(rows, [5, 6, 7])
    assert links.count("weixin://bizmsgmenu?") == 3
    assert "msgmenuid=5" in links.splitlines()[0]
    assert "msgmenuid=7" in links.splitlines()[1]
    assert choice_link('A&B="x"', 7) == (
        '<a href="weixin://bizmsgmenu?msgmenucontent=A＆B＝＂x＂&msgmenuid=7">A＆B＝＂x＂</a>'
    )
    long_text = "公约" * 1500
    parts = texts_of(long_text, links)
    assert parts[-1].endswith(links.splitlines()[-1])
    assert all(len(part.encode()) <= MAX_TEXT_BYTES for part in parts)
    assert texts_of("短", links) == [f"短\n\n{links}"]


def test_wechat_settings_are_checked() -> None:
    with pytest.raises(ValidationError, match="43 characters"):
        Settings(wechat_aes_key="too-short")
    with pytest.raises(ValidationError, match="needs an 'id'"):
        Settings(wechat_templates={"notice": {"fields": {"thing1": "title"}}})
    with pytest.raises(ValidationError, match="one of"):
        Settings(wechat_templates={"notice": {"id": "T", "fields": {"thing1": "subject"}}})
    with pytest.raises(ValidationError):
        Settings(wechat_reply_seconds=5)  # WeChat gives up at 5 s
    assert Settings(wechat_app_id="wx1").wechat_enabled

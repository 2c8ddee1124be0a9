"""A local fake of WeChat for the tests: the Official Account API, served over real HTTP, and followers who
write to Linli's endpoint the way WeChat's servers do.

``FakeWeChat`` answers the API calls Linli makes with WeChat's shapes and its global return codes
(全局返回码): ``access_token`` (a new one retires the old; ``expire_tokens`` forces 42001 mid-run),
customer-service messages (text, image, msgmenu; 45015 outside the 48 hours, 43004 to someone who left,
45047 after 20 without a word from them), template messages (40037 for an unknown template, 48001 when the
account may not send them), menu and QR code creation with WeChat's size rules, temporary media, the QR
code image and the web sign-in (网页授权: an authorize page that redirects with a code, exchanged once,
40029 after).

``Follower`` is one WeChat user: ``send``/``tap``/``scan``/``click``… build the XML WeChat would post,
signed (and encrypted in safe mode), post it, and keep what comes back: the passive reply in the
response and the API's messages as they arrive, in one list (``messages``), as the person's phone
would show them. Like WeChat, a call not answered in ``retry_seconds`` is sent again, up to three times.

Simplifications: one account; an old token stops working at once (WeChat gives it five more minutes);
template messages are not checked against a template's fields.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp
from aiohttp import web
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot.channels.wechat.protocol import parse_xml

APP_ID = "wx0123456789abcdef"
APP_SECRET = "fake-app-secret-0123456789abcdef"
TOKEN = "linli-wechat-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat generates
ACCOUNT = "gh_0123456789ab"  # the account's original id (ToUserName of what followers send)
WINDOW_SECONDS = 48 * 3600
MAX_CUSTOM_PER_INBOUND = 20  # customer-service messages allowed after one message from the person
MAX_TEXT_BYTES = 2048
MAX_IMAGE_BYTES = 10 * 1024 * 1024
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
CHOICE = re.compile(r'<a href="weixin://bizmsgmenu\?msgmenucontent=([^&"]*)&msgmenuid=(\d+)">')
LINK = re.compile(r'<a href="(https?://[^"]+)">')


def error(code: int, message: str) -> web.Response:
    return web.json_response({"errcode": code, "errmsg": message})


@dataclass
class Account:
    """What the fake knows of one follower."""

    openid: str
    following: bool = False
    last_inbound: float = 0.0  # the fake's clock (``FakeWeChat.now``)
    custom_since_inbound: int = 0


@dataclass
class Sent:
    """One thing the account sent a follower: "text", "image", "msgmenu", "template"."""

    kind: str
    content: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    passive: bool = False

    @property
    def choices(self) -> list[tuple[str, int]]:
        return [(unescape(label), int(number)) for label, number in CHOICE.findall(self.content)]

    @property
    def links(self) -> list[str]:
        return [unescape(url) for url in LINK.findall(self.content)]


class FakeWeChat:
    def __init__(self, *, templates: set[str] | None = None, templates_allowed: bool = True) -> None:
        self.templates = templates if templates is not None else {"TPL-NOTICE"}
        self.templates_allowed = templates_allowed
        self.tokens: dict[str, float] = {}  # valid tokens -> expiry (time.time())
        self.token_fetches = 0
        self.accounts: dict[str, Account] = {}
        self.followers: dict[str, Follower] = {}
        self.menus: list[dict[str, Any]] = []
        self.qrcodes: dict[str, str] = {}  # ticket -> scene
        self.media: dict[str, tuple[bytes, str]] = {}  # media id -> (content, type)
        self.oauth_codes: dict[str, str] = {}  # code -> openid (used once)
        self.signed_in_as = ""  # who the authorize page says is using WeChat's browser
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.clock_offset = 0.0  # tests move the fake's clock (the 48 hours)
        self.fail_next: list[int] = []  # error codes the next customer-service sends answer
        self._ids = itertools.count(1000)
        self.msg_ids = itertools.count(int(time.time() * 1000))  # MsgIds, unique across followers
        self.app = web.Application(client_max_size=20 * 1024 * 1024)
        routes = [
            ("GET", "/cgi-bin/token", self.token),
            ("POST", "/cgi-bin/message/custom/send", self.custom_send),
            ("POST", "/cgi-bin/message/template/send", self.template_send),
            ("POST", "/cgi-bin/menu/create", self.menu_create),
            ("POST", "/cgi-bin/qrcode/create", self.qrcode_create),
            ("GET", "/cgi-bin/showqrcode", self.showqrcode),
            ("POST", "/cgi-bin/media/upload", self.media_upload),
            ("GET", "/cgi-bin/media/get", self.media_get),
            ("GET", "/connect/oauth2/authorize", self.authorize),
            ("GET", "/sns/oauth2/access_token", self.oauth_token),
        ]
        for method, path, handler in routes:
            self.app.router.add_route(method, path, handler)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeWeChat:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for follower in self.followers.values():
            await follower.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def now(self) -> float:
        return time.time() + self.clock_offset

    def follower(self, openid: str, endpoint: str, *, safe: bool = False, retry_seconds: float = 5.0) -> Follower:
        follower = Follower(self, openid, endpoint, safe=safe, retry_seconds=retry_seconds)
        self.followers[openid] = follower
        return follower

    def calls_of(self, path: str) -> list[dict[str, Any]]:
        return [body for called, body in self.calls if called == path]

    # --- the token ------------------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Every token issued so far is expired: the next call with one answers 42001."""
        for token in self.tokens:
            self.tokens[token] = 0.0

    def _check_token(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token", "")
        if not token:
            return error(41001, "access_token missing")
        if token not in self.tokens:
            return error(40001, "invalid credential, access_token is invalid or not latest")
        if self.tokens[token] < time.time():
            return error(42001, "access_token expired")
        return None

    async def token(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("grant_type") != "client_credential":
            return error(40002, "invalid grant_type")
        if query.get("appid") != APP_ID:
            return error(40013, "invalid appid")
        if query.get("secret") != APP_SECRET:
            return error(40125, "invalid appsecret")
        self.token_fetches += 1
        token = secrets.token_urlsafe(48)
        self.tokens = {token: time.time() + 7200}  # a new token retires the old one
        return web.json_response({"access_token": token, "expires_in": 7200})

    # --- messages -------------------------------------------------------------------------------------

    async def _json_call(self, request: web.Request) -> tuple[dict[str, Any] | None, web.Response | None]:
        refused = self._check_token(request)
        if refused is not None:
            return None, refused
        try:
            body = await request.json()
        except ValueError:
            return None, error(47001, "data format error")
        self.calls.append((request.path, body))
        return body, None

    async def custom_send(self, request: web.Request) -> web.Response:
        body, refused = await self._json_call(request)
        if refused is not None or body is None:
            return refused or error(47001, "data format error")
        account = self.accounts.get(str(body.get("touser", "")))
        if account is None:
            return error(40003, "invalid openid")
        if not account.following:
            return error(43004, "require subscribe")
        if self.fail_next:
            code = self.fail_next.pop(0)
            return error(code, "forced by the test")
        if self.now() - account.last_inbound > WINDOW_SECONDS:
            return error(45015, "response out of time limit or subscription is canceled")
        if account.custom_since_inbound >= MAX_CUSTOM_PER_INBOUND:
            return error(45047, "out of response count limit")
        kind = body.get("msgtype")
        if kind == "text":
            content = str(body.get("text", {}).get("content", ""))
            if not content:
                return error(44003, "empty news data")
            if len(content.encode()) > MAX_TEXT_BYTES:
                return error(45002, "content size out of limit")
            sent = Sent("text", content, body)
        elif kind == "image":
            media_id = str(body.get("image", {}).get("media_id", ""))
            if media_id not in self.media:
                return error(40007, "invalid media_id")
            sent = Sent("image", media_id, body)
        elif kind == "msgmenu":
            menu = body.get("msgmenu", {})
            items = menu.get("list", [])
            content = menu.get("head_content", "") + "\n" + "\n".join(item.get("content", "") for item in items)
            sent = Sent("msgmenu", content, body)
        else:
            return error(40008, "invalid message type")
        account.custom_since_inbound += 1
        self._deliver(account.openid, sent)
        return error(0, "ok")

    async def template_send(self, request: web.Request) -> web.Response:
        body, refused = await self._json_call(request)
        if refused is not None or body is None:
            return refused or error(47001, "data format error")
        if not self.templates_allowed:
            return error(48001, "api unauthorized")
        if body.get("template_id") not in self.templates:
            return error(40037, "invalid template_id")
        account = self.accounts.get(str(body.get("touser", "")))
        if account is None:
            return error(40003, "invalid openid")
        if not account.following:
            return error(43004, "require subscribe")
        data = body.get("data", {})
        content = "\n".join(str(value.get("value", "")) for value in data.values())
        self._deliver(account.openid, Sent("template", content, body))
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": next(self._ids)})

    def _deliver(self, openid: str, sent: Sent) -> None:
        follower = self.followers.get(openid)
        if follower is not None:
            follower.receive(sent)

    # --- menu, QR codes, media --------------------------------------------------------------------------

    async def menu_create(self, request: web.Request) -> web.Response:
        body, refused = await self._json_call(request)
        if refused is not None or body is None:
            return refused or error(47001, "data format error")
        buttons = body.get("button", [])
        if not 1 <= len(buttons) <= 3:
            return error(40016, "invalid button size")
        for button in buttons:
            if len(str(button.get("name", "")).encode()) > 16:
                return error(40018, "invalid button name size")
            subs = button.get("sub_button", [])
            if len(subs) > 5:
                return error(40023, "invalid sub button size")
            for sub in subs or [button]:
                if sub is not button and len(str(sub.get("name", "")).encode()) > 60:
                    return error(40019, "invalid button key size")  # WeChat's code for a long sub name
                kind = sub.get("type")
                if kind == "click" and not 1 <= len(str(sub.get("key", "")).encode()) <= 128:
                    return error(40019, "invalid button key size")
                if kind == "view" and not str(sub.get("url", "")).startswith(("http://", "https://")):
                    return error(40055, "invalid button url domain")
                if kind not in ("click", "view"):
                    return error(40017, "invalid button type")
        self.menus.append(body)
        return error(0, "ok")

    async def qrcode_create(self, request: web.Request) -> web.Response:
        body, refused = await self._json_call(request)
        if refused is not None or body is None:
            return refused or error(47001, "data format error")
        if body.get("action_name") != "QR_LIMIT_STR_SCENE":
            return error(40053, "invalid action info")
        scene = str(body.get("action_info", {}).get("scene", {}).get("scene_str", ""))
        if not 1 <= len(scene) <= 64:
            return error(40053, "invalid action info")
        ticket = secrets.token_urlsafe(24)
        self.qrcodes[ticket] = scene
        return web.json_response({"ticket": ticket, "url": f"http://weixin.qq.com/q/{ticket[:16]}"})

    async def showqrcode(self, request: web.Request) -> web.Response:
        if request.query.get("ticket", "") not in self.qrcodes:
            return web.Response(status=404)
        return web.Response(body=PNG, content_type="image/jpeg")

    async def media_upload(self, request: web.Request) -> web.Response:
        refused = self._check_token(request)
        if refused is not None:
            return refused
        if request.query.get("type") != "image":
            return error(40004, "invalid media type")
        form = await request.post()
        media = form.get("media")
        if not isinstance(media, web.FileField):
            return error(41005, "media data missing")
        content = media.file.read()
        if not content.startswith((b"\x89PNG", b"\xff\xd8", b"GIF8")):
            return error(40005, "invalid file type")
        if len(content) > MAX_IMAGE_BYTES:
            return error(40006, "invalid media size")
        media_id = secrets.token_urlsafe(32)
        self.media[media_id] = (content, media.content_type)
        self.calls.append((request.path, {"media_id": media_id, "size": len(content)}))
        return web.json_response({"type": "image", "media_id": media_id, "created_at": int(time.time())})

    async def media_get(self, request: web.Request) -> web.Response:
        refused = self._check_token(request)
        if refused is not None:
            return refused
        found = self.media.get(request.query.get("media_id", ""))
        if found is None:
            return error(40007, "invalid media_id")
        return web.Response(body=found[0], content_type=found[1])

    def media_of(self, content: bytes, mime_type: str = "image/jpeg") -> str:
        """A photo a follower sent is on WeChat's servers: its media id."""
        media_id = secrets.token_urlsafe(32)
        self.media[media_id] = (content, mime_type)
        return media_id

    # --- web sign-in ------------------------------------------------------------------------------------

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        if query.get("appid") != APP_ID:
            return web.Response(status=400, text="appid mismatch")
        if query.get("scope") not in ("snsapi_base", "snsapi_userinfo") or query.get("response_type") != "code":
            return web.Response(status=400, text="bad scope")
        target = query.get("redirect_uri", "")
        if not target.startswith(("http://", "https://")):
            return web.Response(status=400, text="redirect_uri")
        if not self.signed_in_as:
            return web.Response(status=403, text="not opened inside WeChat")
        code = secrets.token_urlsafe(16)
        self.oauth_codes[code] = self.signed_in_as
        joiner = "&" if urlsplit(target).query else "?"
        raise web.HTTPFound(target + joiner + urlencode({"code": code, "state": query.get("state", "")}))

    async def oauth_token(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("appid") != APP_ID or query.get("secret") != APP_SECRET:
            return error(40125, "invalid appsecret")
        openid = self.oauth_codes.pop(query.get("code", ""), None)  # a code works once
        if openid is None:
            return error(40029, "invalid code")
        return web.json_response(
            {
                "access_token": secrets.token_urlsafe(24),
                "expires_in": 7200,
                "refresh_token": secrets.token_urlsafe(24),
                "openid": openid,
                "scope": "snsapi_base",
            }
        )


class Follower:
    """One WeChat user writing to the account, through WeChat's servers (this fake)."""

    def __init__(self, fake: FakeWeChat, openid: str, endpoint: str, *, safe: bool, retry_seconds: float) -> None:
        self.fake = fake
        self.openid = openid
        self.endpoint = endpoint
        self.safe = safe
        self.retry_seconds = retry_seconds
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
        self.messages: list[Sent] = []
        self.posts = 0  # calls made to Linli, retries included
        self._changed = asyncio.Condition()
        self._ids = fake.msg_ids
        self._http: aiohttp.ClientSession | None = None
        fake.accounts.setdefault(openid, Account(openid))

    @property
    def account(self) -> Account:
        return self.fake.accounts[self.openid]

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None:
            self._http = aiohttp.ClientSession()
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    def receive(self, sent: Sent) -> None:
        self.messages.append(sent)
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- what the person does ----------------------------------------------------------------------------

    def _xml(self, kind: str, fields: dict[str, str], *, msg_id: bool = True, when: int | None = None) -> str:
        parts = {
            "ToUserName": ACCOUNT,
            "FromUserName": self.openid,
            "CreateTime": str(when if when is not None else int(self.fake.now())),
            "MsgType": kind,
            **fields,
        }
        if msg_id:
            parts["MsgId"] = str(next(self._ids))
        inner = "".join(f"<{name}><![CDATA[{value}]]></{name}>" for name, value in parts.items())
        return f"<xml>{inner}</xml>"

    async def send(self, text: str) -> str:
        return await self.post(self._xml("text", {"Content": text}))

    async def tap(self, label: str) -> str:
        """Tap the choice labelled ``label`` (a part of it) in the latest message that has choices."""
        for message in reversed(self.messages):
            if message.choices:
                for shown, number in message.choices:
                    if label in shown:
                        return await self.post(self._xml("text", {"Content": shown, "bizmsgmenuid": str(number)}))
                raise AssertionError(f"no choice {label!r} in {[shown for shown, _ in message.choices]}")
        raise AssertionError("no message with choices")

    async def tap_id(self, label: str, number: int) -> str:
        return await self.post(self._xml("text", {"Content": label, "bizmsgmenuid": str(number)}))

    async def send_photo(self, content: bytes, mime_type: str = "image/jpeg") -> str:
        media_id = self.fake.media_of(content, mime_type)
        fields = {"PicUrl": f"{self.fake.base_url}/pic/{media_id[:8]}", "MediaId": media_id}
        return await self.post(self._xml("image", fields))

    async def send_location(self, latitude: float, longitude: float, label: str = "") -> str:
        fields = {"Location_X": str(latitude), "Location_Y": str(longitude), "Scale": "15", "Label": label}
        return await self.post(self._xml("location", fields))

    async def send_voice(self) -> str:
        return await self.post(self._xml("voice", {"MediaId": "voice-media", "Format": "amr"}))

    def _event(self, event: str, **fields: str) -> str:
        return self._xml("event", {"Event": event, **fields}, msg_id=False)

    async def follow(self, scene: str = "") -> str:
        """Follow the account: by scanning a parametric QR code (``scene``) or from a search."""
        self.account.following = True
        fields = {"EventKey": f"qrscene_{scene}", "Ticket": "t"} if scene else {"EventKey": ""}
        return await self.post(self._event("subscribe", **fields))

    async def scan(self, scene: str) -> str:
        """Scan a parametric QR code while already following."""
        return await self.post(self._event("SCAN", EventKey=scene, Ticket="t"))

    async def unfollow(self) -> str:
        self.account.following = False
        return await self.post(self._event("unsubscribe", EventKey=""))

    async def click(self, key: str) -> str:
        return await self.post(self._event("CLICK", EventKey=key))

    async def view(self, url: str) -> str:
        return await self.post(self._event("VIEW", EventKey=url))

    async def report_location(self) -> str:
        return await self.post(self._event("LOCATION", Latitude="28.2", Longitude="112.9", Precision="30"))

    # --- the wire ------------------------------------------------------------------------------------------

    def signed_query(self, body: str) -> tuple[dict[str, str], str]:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
        signer = WeChatSigner()
        signer.add_data(TOKEN, timestamp, nonce)
        query = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, "openid": self.openid}
        if not self.safe:
            return query, body
        sealed = parse_xml(self.crypto.encrypt_message(body, nonce, timestamp))
        envelope = (
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
        )
        query.update(encrypt_type="aes", msg_signature=sealed["MsgSignature"])
        return query, envelope

    async def post(self, body: str, *, retries: int = 3) -> str:
        """Post as WeChat does: again after ``retry_seconds`` without an answer, at most ``retries`` more
        times. The person wrote: their 48 hours start again. Returns the (opened) answer's body."""
        if "<MsgType><![CDATA[event]]></MsgType>" not in body or "unsubscribe" not in body:
            self.account.last_inbound = self.fake.now()
            self.account.custom_since_inbound = 0
        query, sent = self.signed_query(body)
        for attempt in range(retries + 1):
            self.posts += 1
            try:
                async with self.http.post(
                    self.endpoint,
                    params=query,
                    data=sent.encode(),
                    timeout=aiohttp.ClientTimeout(total=self.retry_seconds),
                ) as response:
                    text = await response.text()
                    if response.status != 200:
                        raise AssertionError(f"Linli answered {response.status}: {text}")
            except TimeoutError:
                if attempt == retries:
                    return ""
                continue
            return self._read_answer(query, text)
        return ""

    def _read_answer(self, query: dict[str, str], text: str) -> str:
        if text in ("", "success"):
            return text
        if self.safe:
            sealed = parse_xml(text)
            text = self.crypto.decrypt_message(text, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"])
        answer = parse_xml(text)
        assert answer["ToUserName"] == self.openid
        assert answer["FromUserName"] == ACCOUNT
        if answer["MsgType"] == "text":
            self.receive(Sent("text", answer["Content"] or "", passive=True))
        elif answer["MsgType"] == "image":
            self.receive(Sent("image", answer["Image"]["MediaId"], passive=True))
        return text

    # --- what the person sees ----------------------------------------------------------------------------

    @property
    def last(self) -> Sent | None:
        return self.messages[-1] if self.messages else None

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        async def waiting() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        try:
            await asyncio.wait_for(waiting(), timeout)
        except TimeoutError:
            shown = [message.content[:120] for message in self.messages[-4:]]
            raise AssertionError(f"not seen within {timeout}s; last messages: {shown}") from None

    async def expect(self, fragment: str, timeout: float = 5.0) -> Sent:  # noqa: ASYNC109
        """Wait until the latest message contains ``fragment``."""
        await self.wait_until(lambda: self.last is not None and fragment in self.last.content, timeout)
        assert self.last is not None
        return self.last

    def seen(self, fragment: str) -> bool:
        return any(fragment in message.content for message in self.messages)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}

"""Signing in to the console over real HTTP: codes, links, passwords, limits, CSRF, cookies, sessions, headers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import delete, select

from bot.app import Linli
from bot.console.app import TEMPLATES_KEY, sections, staff_view
from bot.console.auth import SESSION_COOKIE, issue_login_link, safe_next
from bot.console.page import Page, redirect
from models.errors import DomainError
from models.outbox import OutboxMessage
from models.people import RoleGrant
from models.web import AuditEntry, record_attempt, set_password
from tests.console.conftest import SignIn, console_app, csrf_of, demo_person
from tests.harness import AppFactory, ChatDriver, t

Client = TestClient[web.Request, web.Application]
CODE = re.compile(r"\b(\d{6})\b")
TOKEN = re.compile(r"token=([A-Za-z0-9_-]+)")


class Clock:
    """The app's clock, moved by hand."""

    def __init__(self, app: Linli) -> None:
        self.now = app.services.clock()
        app.set_clock(lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


async def login_csrf(client: Client) -> str:
    page = await client.get("/console/login")
    assert page.status == 200
    return csrf_of(await page.text())


async def sign_in_messages(app: Linli, handle: str) -> list[str]:
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id, OutboxMessage.kind == "console_code")
            .order_by(OutboxMessage.id)
        )
        return [row.payload["text"] for row in rows]


async def ask_for_code(client: Client, who: str) -> ClientResponse:
    csrf = await login_csrf(client)
    return await client.post("/console/login/send", data={"csrf": csrf, "who": who, "next": "/console"})


async def enter_code(client: Client, who: str, code: str, next_page: str = "/console") -> ClientResponse:
    csrf = await login_csrf(client)
    return await client.post(
        "/console/login/code",
        data={"csrf": csrf, "who": who, "code": code, "next": next_page},
        allow_redirects=False,
    )


async def signed_in(client: Client) -> bool:
    response = await client.get("/console", allow_redirects=False)
    return response.status == 200


async def test_code_flow_sends_to_the_chat_and_signs_in(app: Linli, console: Client) -> None:
    response = await ask_for_code(console, "zhou")
    assert response.status == 200
    assert t(app, "zh", "console-enter-code") in await response.text()
    (message,) = await sign_in_messages(app, "zhou")
    code = CODE.search(message)
    assert code is not None
    assert "/console/login/link?token=" in message
    assert not await signed_in(console)
    wrong = await enter_code(console, "zhou", "000000" if code.group(1) != "000000" else "111111")
    assert wrong.status == 401
    assert t(app, "zh", "console-error-bad-code") in await wrong.text()
    response = await enter_code(console, "zhou", code.group(1))
    assert response.status == 303
    assert response.headers["Location"] == "/console"
    assert await signed_in(console)
    page = await (await console.get("/console")).text()
    assert "周丽华" in page
    async with app.sessionmaker() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "sign_in.code" in actions
    # Used: the same code does not sign in a second browser.
    async with TestClient(TestServer(console_app(app))) as other:
        assert (await enter_code(other, "zhou", code.group(1))).status == 401
        assert not await signed_in(other)


async def test_the_phone_number_finds_the_person_too(app: Linli, console: Client) -> None:
    zhou = await demo_person(app, "zhou")
    assert zhou.phone
    spaced = f"+86 {zhou.phone[:3]} {zhou.phone[3:7]} {zhou.phone[7:]}"
    assert (await ask_for_code(console, spaced)).status == 200
    (message,) = await sign_in_messages(app, "zhou")
    code = CODE.search(message)
    assert code is not None
    assert (await enter_code(console, zhou.phone, code.group(1))).status == 303


async def test_the_same_answer_for_strangers_residents_and_staff(app: Linli, console: Client) -> None:
    bodies = {}
    for who in ("zhou", "wang", "nobody", "13999999999"):
        response = await ask_for_code(console, who)
        assert response.status == 200
        bodies[who] = (await response.text()).replace(f'value="{who}"', 'value="?"')
    assert len(set(bodies.values())) == 1
    assert len(await sign_in_messages(app, "zhou")) == 1
    assert await sign_in_messages(app, "wang") == []  # a resident is sent nothing


async def test_link_flow_asks_before_signing_in(app: Linli, console: Client) -> None:
    await ask_for_code(console, "zhou")
    (message,) = await sign_in_messages(app, "zhou")
    token = TOKEN.search(message)
    assert token is not None
    # A chat app previewing the link (a GET) signs nobody in and uses nothing up.
    for _ in range(2):
        page = await console.get(f"/console/login/link?token={token.group(1)}")
        assert page.status == 200
        assert SESSION_COOKIE not in page.cookies
        assert 'action="/console/login/link"' in await page.text()
    assert not await signed_in(console)
    page = await console.get(f"/console/login/link?token={token.group(1)}")
    response = await console.post(
        "/console/login/link",
        data={"csrf": csrf_of(await page.text()), "token": token.group(1)},
        allow_redirects=False,
    )
    assert response.status == 303
    assert await signed_in(console)
    async with TestClient(TestServer(console_app(app))) as other:  # used: refused
        page = await other.get(f"/console/login/link?token={token.group(1)}")
        again = await other.post(
            "/console/login/link", data={"csrf": csrf_of(await page.text()), "token": token.group(1)}
        )
        assert again.status == 401
        assert t(app, "zh", "console-error-bad-link") in await again.text()
        assert not await signed_in(other)


async def test_switching_language_on_the_link_page_keeps_the_link(app: Linli, console: Client) -> None:
    """An elderly staff member who presses "English" on the sign-in link page must not lose the link."""
    await ask_for_code(console, "zhou")
    (message,) = await sign_in_messages(app, "zhou")
    token = TOKEN.search(message)
    assert token is not None
    page = await console.get(f"/console/login/link?token={token.group(1)}")
    here = f"/console/login/link?token={token.group(1)}"
    assert f'name="next" value="{here}"' in await page.text()
    switched = await console.post("/console/lang", data={"lang": "en", "next": here}, allow_redirects=False)
    assert switched.headers["Location"] == here
    again = await console.get(switched.headers["Location"])
    assert 'lang="en"' in await again.text()
    assert 'action="/console/login/link"' in await again.text()


async def post_link(client: Client, token: str) -> ClientResponse:
    page = await client.get("/console/login/link", params={"token": token})
    return await client.post(
        "/console/login/link", data={"csrf": csrf_of(await page.text()), "token": token}, allow_redirects=False
    )


async def test_an_expired_link_or_a_typed_code_as_a_link_is_refused(app: Linli, console: Client) -> None:
    clock = Clock(app)
    await ask_for_code(console, "zhou")
    (message,) = await sign_in_messages(app, "zhou")
    token, code = TOKEN.search(message), CODE.search(message)
    assert token is not None
    assert code is not None
    # The short code alone (without whose it is) does not work as a link token.
    assert (await post_link(console, code.group(1))).status == 401
    clock.advance(minutes=app.settings.console_code_minutes, seconds=1)
    assert (await post_link(console, token.group(1))).status == 401
    assert (await enter_code(console, "zhou", code.group(1))).status == 401
    assert not await signed_in(console)


async def test_password(app: Linli, console: Client) -> None:
    zhou = await demo_person(app, "zhou")
    async with app.sessionmaker() as session, session.begin():
        await set_password(session, zhou.id, "青山绿水 long enough", app.services.clock())

    async def attempt(who: str, password: str) -> ClientResponse:
        csrf = await login_csrf(console)
        return await console.post(
            "/console/login/password",
            data={"csrf": csrf, "who": who, "password": password, "next": "/console/audit"},
            allow_redirects=False,
        )

    wrong = await attempt("zhou", "青山绿水 long enougH")
    assert wrong.status == 401
    assert t(app, "zh", "console-error-bad-password") in await wrong.text()
    assert (await attempt("wang", "青山绿水 long enough")).status == 401  # a resident has no password
    assert (await attempt("zhou", "")).status == 401
    assert not await signed_in(console)
    right = await attempt("zhou", "青山绿水 long enough")
    assert right.status == 303
    assert right.headers["Location"] == "/console/audit"
    assert await signed_in(console)


async def test_failures_are_limited_per_address_even_with_the_right_code(app: Linli, console: Client) -> None:
    limit = app.settings.console_max_failures
    await ask_for_code(console, "zhou")
    (message,) = await sign_in_messages(app, "zhou")
    code = CODE.search(message)
    assert code is not None
    for number in range(limit):
        assert (await enter_code(console, f"guess{number}", "123456")).status == 401
    refused = await enter_code(console, "zhou", code.group(1))
    assert refused.status == 429
    assert t(app, "zh", "console-error-too-many") in await refused.text()
    assert not await signed_in(console)
    assert (await ask_for_code(console, "tang")).status == 429
    assert await sign_in_messages(app, "tang") == []
    # Once the failures are older than the window, the address may try again.
    clock = Clock(app)
    clock.advance(minutes=14)
    assert (await ask_for_code(console, "zhou")).status == 429
    clock.advance(minutes=2)
    assert (await ask_for_code(console, "zhou")).status == 200
    fresh = CODE.search((await sign_in_messages(app, "zhou"))[-1])
    assert fresh is not None
    assert (await enter_code(console, "zhou", fresh.group(1))).status == 303


async def test_failures_are_limited_per_account(app: Linli, console: Client) -> None:
    zhou = await demo_person(app, "zhou")
    await ask_for_code(console, "zhou")
    (message,) = await sign_in_messages(app, "zhou")
    code = CODE.search(message)
    assert code is not None
    # Failures against this person from elsewhere (other addresses, other spellings of the phone number).
    async with app.sessionmaker() as session, session.begin():
        for _ in range(app.settings.console_max_failures):
            await record_attempt(session, [f"person:{zhou.id}"], app.services.clock(), succeeded=False)
    assert (await enter_code(console, "zhou", code.group(1))).status == 429
    assert (await enter_code(console, str(zhou.phone), code.group(1))).status == 429
    # Another account from this address is not held up.
    await ask_for_code(console, "tang")
    (tang_message,) = await sign_in_messages(app, "tang")
    tang_code = CODE.search(tang_message)
    assert tang_code is not None
    assert (await enter_code(console, "tang", tang_code.group(1))).status == 303


async def test_sending_codes_to_one_person_is_limited(app: Linli, console: Client) -> None:
    limit = app.settings.console_max_failures
    for _ in range(limit + 3):
        assert (await ask_for_code(console, "zhou")).status == 200  # the page says the same every time
    assert len(await sign_in_messages(app, "zhou")) == limit


async def test_csrf_on_sign_in_forms(app: Linli, console: Client) -> None:
    csrf = await login_csrf(console)
    missing = await console.post("/console/login/send", data={"who": "zhou"})
    assert missing.status == 403
    assert t(app, "zh", "console-error-csrf") in await missing.text()
    wrong = await console.post("/console/login/send", data={"who": "zhou", "csrf": csrf + "x"})
    assert wrong.status == 403
    elsewhere = await console.post(
        "/console/login/send", data={"who": "zhou", "csrf": csrf}, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status == 403
    assert await sign_in_messages(app, "zhou") == []
    ours = await console.post(
        "/console/login/send",
        data={"who": "zhou", "csrf": csrf},
        headers={"Origin": f"http://{console.server.host}:{console.server.port}"},
    )
    assert ours.status == 200


ECHO_PATH = "/console/test-echo"


async def echo(page: Page) -> web.StreamResponse:
    await page.audit("test.echo")
    if page.field("refuse", required=False):
        raise DomainError("booking-err-taken")  # a rule saying no after the view wrote something
    return redirect(page, "/console", flash="done")


@pytest.fixture
async def console_with_a_form(app: Linli) -> AsyncIterator[Client]:
    """The console plus one POST view behind the real wrapper (sections add theirs the same way)."""
    application = console_app(app)
    dashboard = next(section for section in sections() if section.name == "dashboard")
    application.router.add_post(ECHO_PATH, staff_view(app, application[TEMPLATES_KEY], dashboard, echo))
    async with TestClient(TestServer(application)) as client:
        yield client


async def test_csrf_on_signed_in_forms(app: Linli, console_with_a_form: Client, sign_in: SignIn) -> None:
    client = console_with_a_form
    csrf = await sign_in(client, "zhou")
    assert (await client.post(ECHO_PATH, data={}, allow_redirects=False)).status == 403
    assert (await client.post(ECHO_PATH, data={"csrf": "forged"}, allow_redirects=False)).status == 403
    wrong_origin = await client.post(
        ECHO_PATH, data={"csrf": csrf}, headers={"Origin": "http://evil.example"}, allow_redirects=False
    )
    assert wrong_origin.status == 403
    async with app.sessionmaker() as session:
        assert await session.scalar(select(AuditEntry).where(AuditEntry.action == "test.echo")) is None
    done = await client.post(ECHO_PATH, data={"csrf": csrf}, allow_redirects=False)
    assert done.status == 303
    page = await client.get("/console")
    assert "done" in await page.text()  # the flash, once
    assert "done" not in await (await client.get("/console")).text()


def cookie_line(response: ClientResponse, name: str) -> str:
    lines = [line for line in response.headers.getall("Set-Cookie", []) if line.startswith(f"{name}=")]
    assert lines, f"no {name} cookie set"
    return lines[0]


async def test_cookie_flags(make_app: AppFactory) -> None:
    app = await make_app()
    async with TestClient(TestServer(console_app(app))) as client:
        async with app.sessionmaker() as session, session.begin():
            link = await issue_login_link(
                session, app, await demo_person(app, "zhou"), app.services.clock(), timedelta(minutes=5)
            )
        response = await post_link(client, link.split("token=")[1])
        line = cookie_line(response, SESSION_COOKIE)
        assert "HttpOnly" in line
        assert "SameSite=Lax" in line
        assert "Path=/" in line
        assert "Secure" not in line
        async with app.sessionmaker() as session, session.begin():
            link = await issue_login_link(
                session, app, await demo_person(app, "zhou"), app.services.clock(), timedelta(minutes=5)
            )
        token = link.split("token=")[1]
        page = await client.get("/console/login/link", params={"token": token})
        behind_https = await client.post(
            "/console/login/link",
            data={"csrf": csrf_of(await page.text()), "token": token},
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
        )
        assert "Secure" in cookie_line(behind_https, SESSION_COOKIE)
    secure = await make_app(web_secure_cookies=True)
    async with TestClient(TestServer(console_app(secure))) as client:
        page = await client.get("/console/login")
        assert "Secure" in cookie_line(page, "linli_csrf")


async def test_sessions_end_when_idle_and_at_the_hard_limit(app: Linli, console: Client, sign_in: SignIn) -> None:
    clock = Clock(app)
    await sign_in(console, "zhou")
    clock.advance(minutes=app.settings.console_idle_minutes - 1)
    assert await signed_in(console)  # used: the idle clock starts again
    clock.advance(minutes=app.settings.console_idle_minutes - 1)
    assert await signed_in(console)
    clock.advance(minutes=app.settings.console_idle_minutes)
    assert not await signed_in(console)
    # Used every 50 minutes, a session still ends at the hard limit.
    await sign_in(console, "zhou")
    start = clock.now
    while clock.now + timedelta(minutes=50) < start + timedelta(hours=app.settings.console_session_hours):
        clock.advance(minutes=50)
        assert await signed_in(console)
    clock.advance(minutes=50)
    response = await console.get("/console/audit?page=2", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/console/login?next=%2Fconsole%2Faudit%3Fpage%3D2"


async def test_sign_out_ends_the_session(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    cookie = console.session.cookie_jar.filter_cookies(console.make_url("/"))[SESSION_COOKIE].value
    forged = await console.post("/console/logout", data={"csrf": "nope"}, allow_redirects=False)
    assert forged.status == 403
    assert await signed_in(console)
    response = await console.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/console/login"
    assert not await signed_in(console)
    # The old cookie, put back by hand, is dead on the server too.
    console.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie})
    assert not await signed_in(console)
    async with app.sessionmaker() as session:
        assert await session.scalar(select(AuditEntry).where(AuditEntry.action == "sign_out")) is not None


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/console",
        "//evil.example/console",
        "/\\evil.example",
        "/console\r\nSet-Cookie: x=1",
        "/console\\..\\evil",
        "javascript:alert(1)",
        "/other",
    ],
)
async def test_next_never_leaves_the_console(app: Linli, console: Client, target: str) -> None:
    await ask_for_code(console, "zhou")
    code = CODE.search((await sign_in_messages(app, "zhou"))[-1])
    assert code is not None
    response = await enter_code(console, "zhou", code.group(1), next_page=target)
    assert response.status == 303
    assert response.headers["Location"] == "/console"
    assert safe_next("/console/cases?state=open") == "/console/cases?state=open"


async def test_security_headers(console: Client, sign_in: SignIn) -> None:
    for path in ("/console/login", "/console/no-such-page"):
        response = await console.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] in ("no-referrer", "same-origin")  # never to other sites
    await sign_in(console, "zhou")
    page = await console.get("/console")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    text = await page.text()
    assert "<script" not in text
    assert "style=" not in text


async def test_residents_and_volunteers_cannot_sign_in(app: Linli, console: Client) -> None:
    for handle in ("wang", "chen", "sunml"):
        async with app.sessionmaker() as session, session.begin():
            # Even with a link made for them by hand, the console will not take them.
            link = await issue_login_link(
                session, app, await demo_person(app, handle), app.services.clock(), timedelta(minutes=5)
            )
        response = await post_link(console, link.split("token=")[1])
        assert response.status == 401, handle
        assert not await signed_in(console)


async def test_losing_the_role_ends_console_access(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "tang")
    tang = await demo_person(app, "tang")
    async with app.sessionmaker() as session, session.begin():
        await session.execute(delete(RoleGrant).where(RoleGrant.person_id == tang.id))
    assert not await signed_in(console)


async def test_a_section_the_roles_do_not_open_is_forbidden(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")  # community staff, not an admin
    response = await console.get("/console/audit")
    assert response.status == 403
    assert t(app, "zh", "console-error-forbidden") in await response.text()
    nav = await (await console.get("/console")).text()
    assert 'href="/console/audit"' not in nav


async def test_a_rule_refusing_is_explained_and_nothing_is_kept(
    app: Linli, console_with_a_form: Client, sign_in: SignIn
) -> None:
    client = console_with_a_form
    csrf = await sign_in(client, "zhou")
    refused = await client.post(ECHO_PATH, data={"csrf": csrf, "refuse": "1"}, allow_redirects=False)
    assert refused.status == 409
    assert t(app, "zh", "booking-err-taken") in await refused.text()
    async with app.sessionmaker() as session:  # the audit row the view wrote was rolled back with it
        assert await session.scalar(select(AuditEntry).where(AuditEntry.action == "test.echo")) is None


async def test_a_dead_session_posting_goes_to_sign_in(console_with_a_form: Client) -> None:
    response = await console_with_a_form.post(ECHO_PATH, data={"csrf": "x"}, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/console/login"


# --- /console in chat ----------------------------------------------------------------------------------


async def test_console_command_in_chat_gives_a_working_code(app: Linli, console: Client) -> None:
    zhou = ChatDriver(app, user_id="zhou", channel="terminal")
    await zhou.send("/console")
    code, token = CODE.search(zhou.text), TOKEN.search(zhou.text)
    assert code is not None
    assert token is not None
    assert f"{app.settings.base_url}/console/login/link?token=" in zhou.text
    assert (await enter_code(console, "zhou", code.group(1))).status == 303
    async with TestClient(TestServer(console_app(app))) as other:
        assert (await post_link(other, token.group(1))).status == 303  # the link is a second, separate way in


async def test_console_command_for_residents_and_strangers(app: Linli) -> None:
    for driver in (ChatDriver(app, user_id="wang", channel="terminal"), ChatDriver(app, user_id="555", name="Tom")):
        await driver.send("/console")
        assert t(app, await language_of(driver), "console-not-staff") in driver.text
        assert CODE.search(driver.text) is None
        assert driver.labels()  # a way back to the menu, not a dead end


async def language_of(driver: ChatDriver) -> str:
    person = await driver.person()
    return person.language if person is not None else "zh"

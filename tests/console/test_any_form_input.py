"""Every form the console shows, filled with anything (Hypothesis): the answer is a page, a redirect or a clear
4xx — never a 500 and never a traceback in the log.

The forms are not listed by hand: a crawler signs in as the district admin (who sees every section) and as a
grid worker, follows the console's own links from the dashboard and reads each page's forms (action, fields,
their hidden values). A form added to any page is fuzzed by itself. Hypothesis runs in a thread and hands each
post to the test's event loop, where the console's real HTTP server answers it."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import Linli
from tests.console.conftest import SignIn, console_app
from tests.harness import ChatDriver
from tests.hotline.helpers import request_plumbing

Client = TestClient[web.Request, web.Application]
MAX_PAGES = 400
# Pages that end the session or are not HTML: following them would stop the crawl, not test a form.
SKIP = ("/console/logout", "/console/export", ".xlsx", ".csv", ".ics", ".png", "/static/")
ALLOWED = {200, 302, 303, 400, 403, 404, 409, 413, 422}

# What people type into forms: nothing, words, long text, numbers in any width, dates in any shape, ids that
# belong to nobody, and markup.
TYPED = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=5000),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["０", "１２", "３.５", "1e309", "NaN", "-0", "0x10", "9" * 40, "１０月３日"]),
    st.sampled_from(["2026-13-40", "2020-01-01", "2099-12-31T25:61", "明天下午3点", "T", "2026-12-05 10:00"]),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "\u202e", "🏠" * 30]),
)


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> the values the page offers for it


class PageReader(HTMLParser):
    """The links and the POST forms of one console page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.url, attributes["href"]))
        elif tag == "form" and attributes.get("method", "get").lower() == "post":
            self._form = Form(urljoin(self.url, attributes.get("action") or self.url))
        elif self._form is not None and tag in ("input", "select", "textarea", "button", "option"):
            name = self._select if tag == "option" else attributes.get("name")
            if tag == "select":
                self._select = name
            elif name:  # an input's value, each radio's and checkbox's, each option of a select
                offered = self._form.fields.setdefault(name, [])
                value = attributes.get("value", "")
                if value not in offered:
                    offered.append(value)
            if tag in ("select", "textarea") and name:
                self._form.fields.setdefault(name, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def crawl(client: Client) -> list[Form]:
    """Breadth first from the dashboard through the console's own links; one form per distinct action shape."""
    seen: set[str] = set()
    queue = ["/console"]
    forms: dict[tuple[str, tuple[str, ...]], Form] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = await client.get(url, allow_redirects=True)
        assert response.status < 500, (url, response.status)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        reader = PageReader(str(response.url))
        reader.feed(await response.text())
        for form in reader.forms:
            action = path_of(form.action)
            if any(part in action for part in SKIP):  # signing out would end the test, not fuzz a form
                continue
            shape = (_without_ids(action), tuple(sorted(form.fields)))
            forms.setdefault(shape, Form(action, form.fields))
        for link in reader.links:
            target = path_of(link)
            if target.startswith("/console") and not any(part in target for part in SKIP) and target not in seen:
                queue.append(target)
    return list(forms.values())


def _without_ids(path: str) -> str:
    return "/".join("#" if part.isdigit() else part for part in path.split("?")[0].split("/"))


def fillings(form: Form) -> st.SearchStrategy[dict[str, str]]:
    """Each field one of the values the page offers, typed over, or left out; the CSRF token is always the real
    one, so what is tested is the form's reading, not the token check (tested in tests/console)."""
    choices = {
        name: st.just(offered[0]) if name == "csrf" else st.one_of(st.sampled_from(offered or [""]), TYPED, st.none())
        for name, offered in form.fields.items()
    }
    return st.fixed_dictionaries(choices).map(lambda filled: {k: v for k, v in filled.items() if v is not None})


async def fuzz(client: Client, forms: list[Form], examples: int) -> tuple[Counter[int], list[tuple[str, int]]]:
    """Posts every form ``examples`` times; the statuses seen, and the posts answered outside ALLOWED."""
    loop = asyncio.get_running_loop()
    statuses: Counter[int] = Counter()
    failures: list[tuple[str, int]] = []

    async def post(action: str, data: dict[str, str]) -> int:
        response = await client.post(action, data=data, allow_redirects=False)
        await response.read()
        statuses[response.status] += 1
        return response.status

    def run_form(form: Form) -> None:
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(fillings(form))
        def property_of(data: dict[str, str]) -> None:
            status = asyncio.run_coroutine_threadsafe(post(form.action, data), loop).result(timeout=30)
            if status not in ALLOWED:
                failures.append((form.action, status))
            assert status in ALLOWED, (form.action, status, {k: v[:60] for k, v in data.items()})

        property_of()

    for form in forms:
        try:
            await asyncio.to_thread(run_form, form)
        except AssertionError:
            continue  # recorded; the other forms still run, so one run shows every broken form
    return statuses, failures


# The district admin sees every section; the others have forms of their own (a grid worker's cases, the hotline
# desk's and a provider's requests, a room manager's bookings).
@pytest.mark.parametrize(
    ("handle", "at_least"), [("admin", 20), ("li", 5), ("hotline", 1), ("liushifu", 2), ("sun", 2)]
)
async def test_every_console_form_answers_any_input_without_a_server_error(
    app: Linli, sign_in: SignIn, handle: str, at_least: int, caplog: pytest.LogCaptureFixture
) -> None:
    await request_plumbing(ChatDriver(app, user_id="wang", channel="terminal"))  # a request for the hotline's forms
    async with TestClient(TestServer(console_app(app))) as client:
        await sign_in(client, handle)
        forms = await crawl(client)
        assert len(forms) >= at_least, [f.action for f in forms]
        with caplog.at_level(logging.ERROR):
            statuses, failures = await fuzz(client, forms, examples=12)
        # Still signed in, so every post above reached its form and not the sign-in page.
        assert (await client.get("/console", allow_redirects=False)).status == 200
    assert failures == []
    assert statuses[303] + statuses[200] > 0, statuses  # some fillings were accepted: the forms were really read
    tracebacks = [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]
    assert tracebacks == [], [r.getMessage() for r in tracebacks]

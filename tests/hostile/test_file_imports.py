"""The files staff import (Hypothesis): the 12343 catalogue (TOML or JSON) and the residents' pact (TOML or
plain text). Whatever a file holds — broken syntax, wrong types, missing names, texts longer than their
columns, unknown codes — the import either succeeds or says where the file is wrong (CatalogueError,
PactFileError, a rule's DomainError), and nothing is half-written.

The database cases run Hypothesis in a thread and hand each import to the test's event loop, each in a
transaction that is rolled back, so every example starts from the same demo catalogue."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.app import Linli
from bot.cli.hotline import read_catalogue
from bot.cli.pact import PactFileError, read_pact_file
from handlers.core.scope import Acting
from handlers.pact.resident import publish_and_notify
from models.errors import DomainError
from models.hotline.catalogue import HotlineService
from models.hotline.catalogue_file import CatalogueError, export_catalogue, import_catalogue
from models.places import place_by_code

T = TypeVar("T")
EXAMPLES = settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
DB_EXAMPLES = settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
SCALARS = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | TEXT | st.text(min_size=900, max_size=1200)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
SECTIONS = ("categories", "services", "providers")
KEYS = (
    "code",
    "category",
    "name_zh",
    "name_en",
    "price_type",
    "price_fen",
    "open_hour",
    "close_hour",
    "questions",
    "kind",
    "services",
    "areas",
    "staff",
    "phone",
    "keywords",
    "is_open",
    "unknown",
)
DELETE = object()


def on_loop(loop: asyncio.AbstractEventLoop, work: Awaitable[T]) -> T:
    return asyncio.run_coroutine_threadsafe(work, loop).result(timeout=60)  # type: ignore[arg-type]


# --- reading the file ------------------------------------------------------------------------------


@EXAMPLES
@given(st.binary(max_size=400) | TEXT.map(str.encode), st.sampled_from([".toml", ".json"]))
def test_any_catalogue_file_is_read_or_refused(content: bytes, suffix: str) -> None:
    path = Path(f"/tmp/linli-catalogue-{abs(hash(content))}{suffix}")
    path.write_bytes(content)
    try:
        data = read_catalogue(path)
    except ValueError:  # TOML/JSON syntax, not UTF-8, not an object: cmd_import prints "cannot read …"
        return
    finally:
        path.unlink()
    assert isinstance(data, dict)


def toml_text(value: Any) -> str:
    """TOML for what the strategies make (strings, integers, booleans, lists, tables); None is left out."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(item) for item in value if item is not None) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_text(v)}" for k, v in value.items() if v is not None) + "}"


PACT_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "title_zh": VALUES,
        "title_en": VALUES,
        "articles": st.lists(
            st.fixed_dictionaries({}, optional={"zh": VALUES, "en": VALUES, "note": VALUES}) | VALUES, max_size=40
        )
        | VALUES,
        "extra": VALUES,
    },
)


@EXAMPLES
@given(PACT_FIELDS, st.text(max_size=3000))
def test_any_pact_file_is_read_or_refused(fields: dict[str, Any], plain: str) -> None:
    toml_file = Path(f"/tmp/linli-pact-{abs(hash(plain))}.toml")
    toml_file.write_text("\n".join(f"{k} = {toml_text(v)}" for k, v in fields.items() if v is not None))
    text_file = toml_file.with_suffix(".txt")
    text_file.write_text(plain, encoding="utf-8", errors="replace")
    refusals: list[str] = []
    try:
        for path in (toml_file, text_file):
            try:
                title_zh, _title_en, articles = read_pact_file(path)
            except PactFileError as error:
                refusals.append(str(error))
                continue
            assert title_zh is None or isinstance(title_zh, str)
            assert all(isinstance(article.zh, str) and article.zh for article in articles) or path == toml_file
    finally:
        toml_file.unlink()
        text_file.unlink()
    assert all(refusals)  # each says what is wrong


# --- importing into the store ----------------------------------------------------------------------

MUTATION = st.tuples(st.sampled_from(SECTIONS), st.integers(0, 40), st.sampled_from(KEYS), VALUES | st.just(DELETE))


def mutated(base: dict[str, Any], mutations: list[tuple[str, int, str, Any]]) -> Any:
    data = copy.deepcopy(base)
    for section, index, key, value in mutations:
        items = data.get(section)
        if not isinstance(items, list) or not items:
            continue
        item = items[index % len(items)]
        if value is DELETE:
            item.pop(key, None)
        else:
            item[key] = value
    return data


async def test_any_catalogue_import_succeeds_whole_or_says_where_and_writes_nothing(app: Linli) -> None:
    loop = asyncio.get_running_loop()
    async with app.sessionmaker() as session:
        base = await export_catalogue(session)
        services_before = await session.scalar(select(func.count()).select_from(HotlineService))

    async def attempt(data: Any) -> str:
        async with app.sessionmaker() as session:
            transaction = await session.begin()
            try:
                await import_catalogue(session, data)
                return "imported"
            except CatalogueError as error:
                return "refused" if str(error) else "refused without saying why"
            finally:
                await transaction.rollback()

    outcomes: list[str] = []

    @DB_EXAMPLES
    @given(st.lists(MUTATION, max_size=3) | st.just([]), st.booleans(), VALUES)
    def property_of(mutations: list[tuple[str, int, str, Any]], whole: bool, replacement: Any) -> None:
        outcomes.append(on_loop(loop, attempt(replacement if whole else mutated(base, mutations))))

    await asyncio.to_thread(property_of)
    assert {"imported", "refused"} <= set(outcomes)  # both ends were reached: the examples were not all broken
    assert "refused without saying why" not in outcomes
    async with app.sessionmaker() as session:  # every example was rolled back: the demo catalogue is intact
        assert await session.scalar(select(func.count()).select_from(HotlineService)) == services_before


async def test_any_pact_publishes_or_is_refused_with_a_rule(app: Linli, tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()

    async def attempt(path: Path) -> str:
        try:
            title_zh, title_en, articles = read_pact_file(path)
        except PactFileError:
            return "refused"
        async with app.sessionmaker() as session:
            transaction = await session.begin()
            try:
                community = await place_by_code(session, "yuntang")
                assert community is not None
                scope = Acting(app.services, session, app.services.clock())
                await publish_and_notify(scope, community, articles, title_zh=title_zh, title_en=title_en)
                return "published"
            except DomainError:
                return "refused"
            finally:
                await transaction.rollback()

    outcomes: list[str] = []

    @DB_EXAMPLES
    @given(PACT_FIELDS, st.sampled_from([".toml", ".txt"]), st.text(max_size=1500))
    def property_of(fields: dict[str, Any], suffix: str, plain: str) -> None:
        path = tmp_path / f"pact{suffix}"
        if suffix == ".toml":
            path.write_text("\n".join(f"{k} = {toml_text(v)}" for k, v in fields.items() if v is not None))
        else:
            path.write_text(plain, encoding="utf-8", errors="replace")
        outcomes.append(on_loop(loop, attempt(path)))

    await asyncio.to_thread(property_of)
    assert {"published", "refused"} <= set(outcomes)

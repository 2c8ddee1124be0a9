"""Message catalogs (Project Fluent, one .ftl file per language) and locale-aware formatting.

Fluent was chosen over gettext because its messages name their arguments (``{ $count }``), which lets
a test check that every call site passes exactly the arguments each message uses, in both languages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast, visitor

from config.settings import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en_GB"}


def catalog_paths(language: str) -> list[Path]:
    """The core's catalog (linli.ftl) first, then one file per feature (booking.ftl, grid.ftl…)."""
    directory = LOCALES_DIR / language
    return [directory / "linli.ftl", *sorted(p for p in directory.glob("*.ftl") if p.name != "linli.ftl")]


class _VariableCollector(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def catalog_messages(language: str) -> dict[str, set[str]]:
    """Message id -> the variables it uses, read from the catalog source (for parity tests)."""
    messages: dict[str, set[str]] = {}
    for path in catalog_paths(language):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                if entry.id.name in messages:
                    raise ValueError(f"{path}: message {entry.id.name} is defined in another file too")
                collector = _VariableCollector()
                collector.visit(entry)
                messages[entry.id.name] = collector.names
            elif isinstance(entry, ast.Junk):
                raise ValueError(f"{path}: cannot parse: {(entry.content or '')[:80]!r}")
    return messages


def has_value(value: Any) -> str:
    """``HAS($x)`` in a message: "yes" when a value was given, "no" for an empty one. An optional value (a
    phone number not shared, a room without equipment) is passed as "" and its message leaves the whole
    phrase out: ``{ HAS($phone) -> [yes] 电话:{ $phone } *[no] {""} }``, never a "-" in its place."""
    return "yes" if str(value).strip() else "no"


def new_bundle(language: str) -> FluentBundle:
    """One language's messages (``Catalog`` holds one of these per language; tests build their own)."""
    # use_isolating=False: bidi isolation marks show up as junk in Telegram and terminals.
    functions: dict[str, Any] = {"HAS": has_value}  # fluent.runtime's stubs want FluentType; a str is what it uses
    bundle = FluentBundle([BABEL_LOCALE[language].replace("_", "-")], use_isolating=False, functions=functions)
    for path in catalog_paths(language):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


class Catalog:
    """All languages' bundles, loaded once. ``t`` never raises: a missing message shows its id."""

    def __init__(self, languages: Iterable[str] = SUPPORTED_LANGUAGES) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        for language in languages:
            self._bundles[language] = new_bundle(language)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def has(self, language: str, message_id: str) -> bool:
        return self._bundles[language].has_message(message_id)

    def t(self, language: str, message_id: str, args: Mapping[str, Any] | None = None) -> str:
        bundle = self._bundles.get(language) or self._bundles["zh"]
        message = bundle.get_message(message_id) if bundle.has_message(message_id) else None
        if message is None or message.value is None:
            log.error("missing message %s in %s", message_id, language)
            return message_id
        text, errors = bundle.format_pattern(message.value, dict(args or {}))
        if errors:
            log.error("message %s in %s: %s", message_id, language, errors)
        return str(text)


@cache
def default_catalog() -> Catalog:
    return Catalog()


def language_from_code(language_code: str | None, default: str) -> str:
    """Telegram gives IETF tags like 'zh-hans', 'zh-hant', 'en', 'en-GB'; we speak zh and en."""
    if language_code:
        primary = language_code.split("-")[0].lower()
        if primary in SUPPORTED_LANGUAGES:
            return primary
    return default


def format_datetime(moment: datetime, language: str, tz: ZoneInfo) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    local = moment.astimezone(tz)
    pattern = "yyyy年M月d日 HH:mm" if language == "zh" else "d MMM yyyy, HH:mm"
    return str(babel_format_datetime(local, pattern, locale=BABEL_LOCALE[language]))

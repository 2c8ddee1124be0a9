"""`linli pact publish --community CODE FILE`: a new version of the residents' pact from a file, and every
earlier pledger told what changed."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from bot.app import open_linli
from config.settings import Settings
from handlers.core.scope import Acting
from handlers.pact.resident import parse_articles, publish_and_notify
from models.file_shapes import first_problem
from models.pact.store import ArticleText
from models.places import PlaceKind, place_by_code


class PactFileError(ValueError):
    """The file is not a pact; the message says where."""


class _Article(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: StrictStr
    en: StrictStr = ""


class _PactFile(BaseModel):
    # Lengths of the title columns; the articles' own rules (how many, how long) are the store's, which
    # explains them the same way to the console's form.
    model_config = ConfigDict(extra="forbid")
    title_zh: StrictStr | None = Field(None, max_length=100)
    title_en: StrictStr | None = Field(None, max_length=200)
    articles: list[_Article]


def register(sub: Any) -> None:
    pact = sub.add_parser("pact", help="the residents' pact")
    pact_sub = pact.add_subparsers(dest="pact_command", required=True)
    publish = pact_sub.add_parser("publish", help="publish a new version from a file (.toml or .txt)")
    publish.add_argument("--community", required=True, help="community code, e.g. yuntang")
    publish.add_argument("file", type=Path)
    publish.set_defaults(run=cmd_pact_publish)


def read_pact_file(path: Path) -> tuple[str | None, str | None, list[ArticleText]]:
    """A .toml file like config/demo/community.toml's pacts (title_zh, title_en, articles = [{zh, en}]),
    or plain text: one article per paragraph (Chinese only). Raises PactFileError or OSError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PactFileError(f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    if path.suffix != ".toml":
        return None, None, [ArticleText(article) for article in parse_articles(text)]
    try:
        parsed = _PactFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise PactFileError(f"not valid TOML: {error}") from None
    except ValidationError as error:
        raise PactFileError(first_problem(error)) from None
    return parsed.title_zh, parsed.title_en, [ArticleText(item.zh, item.en) for item in parsed.articles]


async def cmd_pact_publish(settings: Settings, args: argparse.Namespace) -> int:
    try:
        title_zh, title_en, articles = read_pact_file(args.file)
    except (OSError, PactFileError) as error:
        print(f"cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    linli = await open_linli(settings)
    try:
        async with linli.sessionmaker() as session, session.begin():
            community = await place_by_code(session, args.community)
            if community is None or community.kind is not PlaceKind.community:
                print(f"no community with code {args.community!r}", file=sys.stderr)
                return 2
            scope = Acting(linli.services, session, linli.services.clock())
            version, changes, told = await publish_and_notify(
                scope, community, articles, title_zh=title_zh, title_en=title_en
            )
        print(
            f"published {community.code} pact version {version.number} ({len(articles)} articles); "
            f"changed {changes.changed}, added {changes.added}, removed {changes.removed}; "
            f"{told} earlier pledgers will be told"
        )
    finally:
        await linli.close()
    return 0

"""The residents' pact for community managers: every version with its pledges, one version in full, what
changed between two versions, and an editor that publishes a new version.

Publishing goes through ``handlers.pact.resident.publish_and_notify``, as ``/publishpact`` in chat does: everyone who
pledged an earlier version is told what changed and invited to pledge again. The editor reads the text with
the chat's own ``parse_articles``, and its preview runs the real publish in a savepoint that is rolled
back, so the preview refuses exactly what publishing would and counts exactly who will be told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import func, select

from bot.console.page import NotFound, Page, Routes, Section, redirect, render
from bot.console.staff import Staff
from handlers.pact.resident import MAX_PACT_TEXT, changes_text, parse_articles, publish_and_notify
from models.errors import DomainError
from models.pact.store import (
    ArticleText,
    PactArticle,
    PactChanges,
    PactPledge,
    PactVersion,
    compare_articles,
    current_pact,
    earlier_pledgers,
    pact_articles,
    publish_pact,
)
from models.people import COMMUNITY_MANAGERS, Person
from models.places import Place, PlaceKind

PATH = "/console/pact"
MAX_TITLE_ZH = 100
MAX_TITLE_EN = 200


def may_publish(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


# --- scope ------------------------------------------------------------------------------------------


async def managed_communities(page: Page) -> list[Place]:
    return await page.communities(COMMUNITY_MANAGERS)


def number_in_path(page: Page, name: str) -> int:
    return page.path_id(name)


async def scoped_community(page: Page) -> Place:
    community = await page.session.get(Place, number_in_path(page, "community_id"))
    if community is None or community.kind is not PlaceKind.community:
        raise NotFound()
    if not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    return community


async def version_numbered(page: Page, community: Place, number: int) -> PactVersion:
    version = await page.session.scalar(
        select(PactVersion).where(PactVersion.community_id == community.id, PactVersion.number == number)
    )
    if version is None:
        raise NotFound()
    return version


async def pledges_by_version(page: Page, community_ids: Sequence[int]) -> dict[int, int]:
    if not community_ids:
        return {}
    rows = await page.session.execute(
        select(PactPledge.version_id, func.count())
        .join(PactVersion, PactVersion.id == PactPledge.version_id)
        .where(PactVersion.community_id.in_(community_ids))
        .group_by(PactPledge.version_id)
    )
    return {version_id: int(count) for version_id, count in rows}


# --- reading -------------------------------------------------------------------------------------------


@dataclass
class CommunityRow:
    community: Place
    current: PactVersion | None
    pledges: int
    versions: int


async def index(page: Page) -> web.StreamResponse:
    communities = await managed_communities(page)
    pledges = await pledges_by_version(page, [c.id for c in communities])
    counts = dict(
        (
            await page.session.execute(
                select(PactVersion.community_id, func.count())
                .where(PactVersion.community_id.in_([c.id for c in communities]))
                .group_by(PactVersion.community_id)
            )
        ).all()
    )
    rows = []
    for community in communities:
        current = await current_pact(page.session, community.id)
        rows.append(
            CommunityRow(community, current, pledges.get(current.id, 0) if current else 0, counts.get(community.id, 0))
        )
    return render(page, "pact/index.html", rows=rows)


async def community_page(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    versions = list(
        (
            await page.session.scalars(
                select(PactVersion).where(PactVersion.community_id == community.id).order_by(PactVersion.number.desc())
            )
        ).all()
    )
    pledges = await pledges_by_version(page, [community.id])
    articles = dict(
        (
            await page.session.execute(
                select(PactArticle.version_id, func.count())
                .where(PactArticle.version_id.in_([v.id for v in versions]))
                .group_by(PactArticle.version_id)
            )
        ).all()
    )
    publishers = await names_of(page, [v.published_by_id for v in versions])
    return render(
        page,
        "pact/community.html",
        community=community,
        versions=versions,
        pledges=pledges,
        articles=articles,
        publishers=publishers,
    )


async def names_of(page: Page, person_ids: Sequence[int | None]) -> dict[int, str]:
    wanted = {person_id for person_id in person_ids if person_id is not None}
    if not wanted:
        return {}
    people = await page.session.execute(select(Person.id, Person.display_name).where(Person.id.in_(wanted)))
    return {person_id: name for person_id, name in people}


async def version_page(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    version = await version_numbered(page, community, number_in_path(page, "number"))
    pledges = await pledges_by_version(page, [community.id])
    current = await current_pact(page.session, community.id)
    publishers = await names_of(page, [version.published_by_id])
    return render(
        page,
        "pact/version.html",
        community=community,
        version=version,
        articles=await pact_articles(page.session, version.id),
        pledges=pledges.get(version.id, 0),
        is_current=current is not None and current.id == version.id,
        publisher=publishers.get(version.published_by_id or 0, "—"),
    )


@dataclass
class DiffRow:
    number: int
    kind: str  # same / changed / added / removed
    old: PactArticle | None
    new: PactArticle | None


async def diff_page(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    raw_old, raw_new = page.query.get("from", ""), page.query.get("to", "")
    if not raw_old.isdigit() or not raw_new.isdigit() or len(raw_old) > 9 or len(raw_new) > 9:
        raise NotFound()
    old = await version_numbered(page, community, int(raw_old))
    new = await version_numbered(page, community, int(raw_new))
    old_articles = await pact_articles(page.session, old.id)
    new_articles = await pact_articles(page.session, new.id)
    changes = compare_articles(old_articles, [ArticleText(a.text_zh, a.text_en) for a in new_articles])
    by_old = {a.number: a for a in old_articles}
    by_new = {a.number: a for a in new_articles}
    rows = []
    for number in range(1, max(len(old_articles), len(new_articles)) + 1):
        kind = (
            "added"
            if number in changes.added
            else "removed"
            if number in changes.removed
            else "changed"
            if number in changes.changed
            else "same"
        )
        rows.append(DiffRow(number, kind, by_old.get(number), by_new.get(number)))
    return render(
        page,
        "pact/diff.html",
        community=community,
        old=old,
        new=new,
        rows=rows,
        summary=changes_text(page.services, page.language, changes) or page.t("pact-changes-none"),
        title_changed=old.title_zh != new.title_zh or old.title_en != new.title_en,
    )


# --- the editor ---------------------------------------------------------------------------------------


@dataclass
class Draft:
    title_zh: str
    title_en: str
    text_zh: str
    text_en: str
    base: str  # the version number the draft was written against ("0": none yet)


def numbered(texts: Sequence[str]) -> str:
    return "\n\n".join(f"{number}. {text}" for number, text in enumerate(texts, start=1))


async def editor(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    current = await current_pact(page.session, community.id)
    articles = await pact_articles(page.session, current.id) if current else []
    english = [a.text_en for a in articles]
    draft = Draft(
        title_zh=current.title_zh if current else f"{community.name_zh}居民公约",
        title_en=current.title_en if current else f"{community.name_en} Residents' Pact",
        text_zh=numbered([a.text_zh for a in articles]),
        # Only a complete translation is shown: an article without English would shift the rest.
        text_en=numbered(english) if english and all(english) else "",
        base=str(current.number if current else 0),
    )
    return show_editor(page, community, draft, current)


def show_editor(
    page: Page, community: Place, draft: Draft, current: PactVersion | None, *, error: str = "", status: int = 200
) -> web.Response:
    return render(
        page,
        "pact/edit.html",
        status=status,
        community=community,
        draft=draft,
        current=current,
        error=error,
        max_zh=MAX_PACT_TEXT,
        max_en=MAX_PACT_TEXT * 3,
        max_title_zh=MAX_TITLE_ZH,
        max_title_en=MAX_TITLE_EN,
    )


class DraftError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def posted_draft(page: Page) -> Draft:
    form = page.form
    values = {name: str(form.get(name, "")) if form is not None else "" for name in Draft.__annotations__}
    return Draft(**values)


async def drafted_articles(page: Page, draft: Draft, current: PactVersion | None) -> list[ArticleText]:
    """The articles of the draft, read as in chat; with no English, unchanged articles keep theirs."""
    limits = (
        (draft.text_zh, MAX_PACT_TEXT),
        (draft.text_en, MAX_PACT_TEXT * 3),
        (draft.title_zh, MAX_TITLE_ZH),
        (draft.title_en, MAX_TITLE_EN),
    )
    for text, limit in limits:
        if len(text) > limit:
            raise DraftError(page.t("console-error-field-too-long", limit=limit))
    if not draft.title_zh.strip():
        raise DraftError(page.t("console-pact-need-title"))
    chinese = parse_articles(draft.text_zh)
    if not chinese:
        raise DraftError(page.t("pact-publish-empty"))
    if draft.text_en.strip():
        english = parse_articles(draft.text_en)
        if len(english) != len(chinese):
            raise DraftError(page.t("pact-publish-count-mismatch", zh=len(chinese), en=len(english)))
        return [ArticleText(zh, en) for zh, en in zip(chinese, english, strict=True)]
    old = {a.number: a for a in (await pact_articles(page.session, current.id) if current else [])}
    kept = []
    for number, zh in enumerate(chinese, start=1):
        before = old.get(number)
        kept.append(ArticleText(zh, before.text_en if before is not None and before.text_zh == zh else ""))
    return kept


class _DryRun(Exception):
    """Raised to roll the preview's publish back."""


async def dry_run(page: Page, community: Place, draft: Draft, articles: list[ArticleText]) -> tuple[PactChanges, int]:
    """Publish in a savepoint and roll it back: the refusals, changes and audience of the real thing."""
    found: tuple[PactChanges, int] = (PactChanges(), 0)
    try:
        async with page.session.begin_nested():
            version, changes = await publish_pact(
                page.session, community, draft.title_zh, draft.title_en, articles, page.staff.person
            )
            found = (changes, len(await earlier_pledgers(page.session, version)))
            raise _DryRun()
    except _DryRun:
        pass
    return found


async def edit_post(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    current = await current_pact(page.session, community.id)
    draft = posted_draft(page)
    action = page.field("action", max_chars=20)
    if action == "edit":
        return show_editor(page, community, draft, current)
    if action not in ("preview", "publish"):
        raise NotFound()
    current_number = str(current.number if current else 0)
    if draft.base != current_number:  # published meanwhile (another tab, a colleague): a conflict, not a typo
        return show_editor(
            page, community, draft, current, error=page.t("console-pact-stale", version=current_number), status=409
        )
    try:
        articles = await drafted_articles(page, draft, current)
        if action == "preview":
            changes, told = await dry_run(page, community, draft, articles)
    except DraftError as problem:
        return show_editor(page, community, draft, current, error=problem.message, status=400)
    except DomainError as refusal:  # the pact's rules on the text (too long, too many, nothing new): the form
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return show_editor(page, community, draft, current, error=message, status=400)
    if action == "preview":
        return render(
            page,
            "pact/preview.html",
            community=community,
            draft=draft,
            articles=articles,
            changes=changes_text(page.services, page.language, changes) or page.t("pact-changes-none"),
            told=told,
        )
    try:
        async with page.session.begin_nested():
            version, changes, told = await publish_and_notify(
                page,
                community,
                articles,
                published_by_id=page.staff.person.id,
                title_zh=draft.title_zh,
                title_en=draft.title_en,
            )
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return show_editor(page, community, draft, current, error=message, status=400)
    await page.audit(
        "pact.publish",
        object_type="pact_version",
        object_id=version.id,
        place_id=community.id,
        detail={
            "number": version.number,
            "articles": len(articles),
            "told": told,
            "added": changes.added,
            "changed": changes.changed,
            "removed": changes.removed,
        },
    )
    return redirect(
        page,
        f"{PATH}/{community.id}/versions/{version.number}",
        flash=page.t("pact-published", version=version.number, told=told),
    )


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/{community_id}", community_page)
    r.get(PATH + "/{community_id}/versions/{number}", version_page)
    r.get(PATH + "/{community_id}/diff", diff_page)
    r.get(PATH + "/{community_id}/edit", editor)
    r.post(PATH + "/{community_id}/edit", edit_post)


SECTION = Section("pact", "console-pact-nav", PATH, 50, may_publish, routes)

"""The residents' pact: read it article by article or whole, pledge to it; staff publish new versions.

Publishing (from chat or from the CLI) goes through ``publish_and_notify``: the new version is stored
and everyone who pledged an earlier one gets, through the outbox, what changed and a button to pledge
again, in their own language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from handlers.core.access import home_community
from handlers.core.buttons import InvalidButton, MenuAction, PactPage, PactPledgeButton, PactWhole, pack
from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Reply
from handlers.core.scope import Scope, Services
from models.pact.store import (
    ArticleText,
    PactArticle,
    PactChanges,
    PactVersion,
    PublishedArticle,
    PublishedPact,
    compare_articles,
    current_pact,
    earlier_pledgers,
    pact_articles,
    pact_status,
    pledge,
    pledge_count,
    publish_pact,
)
from models.people import Person
from models.places import Place

PUBLISH_FLOW = "pact-publish"
MAX_PACT_TEXT = 4000
SKIP = "-"
# "第三条", "3.", "3、", "(3)", "（3）" at the start of a line: numbering people type, not pact text.
_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百零\d]+条|[\d一二三四五六七八九十]+\s*[.、．)）]|[(（]\d+[)）])\s*"
)


# --- reading --------------------------------------------------------------------------------------


async def run_pact(ctx: Ctx) -> None:
    status = await _status(ctx)
    published = await ctx.services.pacts.get(ctx.session, status[0]) if status else None
    if status is None or published is None:
        ctx.say("pact-none", [menu_button(ctx)])
        return
    await show_overview(ctx, published, pledged=status[1], edit=False)


async def _status(ctx: Ctx) -> tuple[int, bool] | None:
    """(current version id of my community, have I pledged it)."""
    if ctx.person.community_id is None:
        return None
    return await pact_status(ctx.session, ctx.person.community_id, ctx.person.id)


async def show_overview(ctx: Ctx, version: PublishedPact, *, pledged: bool, edit: bool) -> None:
    ctx.say(
        "pact-overview",
        [
            [
                ctx.button("pact-read", PactPage(version.id, 1)),
                ctx.button("pact-whole", PactWhole(version.id)),
            ],
            [_pledge_button(ctx, version, pledged)],
            menu_button(ctx),
        ],
        edit=edit,
        title=version.title(ctx.language),
        version=version.number,
        date=ctx.when(version.published_at),
        articles=len(version.articles),
        count=await pledge_count(ctx.session, version.id),
        pledged="yes" if pledged else "no",
    )


def _pledge_button(ctx: Ctx, version: PublishedPact, pledged: bool) -> Button:
    return ctx.button("pact-pledged-button" if pledged else "pact-pledge", PactPledgeButton(version.id))


async def _current(ctx: Ctx, version_id: int) -> tuple[PublishedPact, bool] | None:
    """The version a button names, and whether I pledged it, if it is my community's current one.

    A forged id, or another community's, is just a stale button. A button from an older version leads
    to the current one, saying so (and then None: the caller has nothing more to do)."""
    version = await ctx.services.pacts.get(ctx.session, version_id)
    if version is None or version.community_id != ctx.person.community_id:
        raise InvalidButton("pact version not visible")
    status = await _status(ctx)
    if status is not None and status[0] != version.id:
        current = await ctx.services.pacts.get(ctx.session, status[0])
        assert current is not None
        ctx.say("pact-newer-version", version=current.number)
        await show_overview(ctx, current, pledged=status[1], edit=False)
        return None
    return version, bool(status and status[1])


async def on_page(ctx: Ctx, item: PactPage) -> None:
    found = await _current(ctx, item.version)
    if found is None:
        return
    version, pledged = found
    if item.article == 0:
        await show_overview(ctx, version, pledged=pledged, edit=True)
        return
    total = len(version.articles)
    if not 1 <= item.article <= total:
        raise InvalidButton("no such article")
    article = version.articles[item.article - 1]
    navigation = []
    if item.article > 1:
        navigation.append(ctx.button("pact-previous", PactPage(version.id, item.article - 1)))
    if item.article < total:
        navigation.append(ctx.button("pact-next", PactPage(version.id, item.article + 1)))
    ctx.say(
        "pact-article",
        [
            navigation,
            [ctx.button("pact-back", PactPage(version.id, 0)), _pledge_button(ctx, version, pledged)],
        ],
        edit=True,
        number=article.number,
        total=total,
        text=article.text(ctx.language),
    )


def whole_text(articles: Sequence[PublishedArticle], language: str) -> str:
    return "\n\n".join(f"{article.number}. {article.text(language)}" for article in articles)


async def on_whole(ctx: Ctx, item: PactWhole) -> None:
    found = await _current(ctx, item.version)
    if found is None:
        return
    version, pledged = found
    ctx.reply(
        f"{version.title(ctx.language)}\n\n{whole_text(version.articles, ctx.language)}",
        [[_pledge_button(ctx, version, pledged)], menu_button(ctx)],
    )


async def on_pledge(ctx: Ctx, item: PactPledgeButton) -> None:
    if not ctx.person.is_registered:  # e.g. after /forget, pressing an old invitation
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    found = await _current(ctx, item.version)
    if found is None:
        return
    version, _pledged = found
    created = await pledge(ctx.session, ctx.person, version)
    ctx.say(
        "pact-pledge-thanks" if created else "pact-pledge-already",
        [[ctx.button("pact-read", PactPage(version.id, 1))], menu_button(ctx)],
        count=await pledge_count(ctx.session, version.id),
        title=version.title(ctx.language),
    )


# --- publishing -----------------------------------------------------------------------------------


def parse_articles(text: str) -> list[str]:
    """Articles are paragraphs when the text has blank lines, otherwise lines; numbering is dropped."""
    text = text.replace("\r\n", "\n").strip()
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    articles = []
    for chunk in chunks:
        cleaned = _NUMBERING.sub("", chunk.strip(), count=1).strip()
        if cleaned:
            articles.append(cleaned)
    return articles


def changes_text(services: Services, language: str, changes: PactChanges) -> str:
    """'修改了第3条;新增第9条' / 'article 3 changed; article 9 added', from the catalogs."""
    t = services.catalog.t
    separator = t(language, "list-separator")
    parts = [
        t(language, f"pact-changes-{kind}", {"numbers": separator.join(str(n) for n in numbers)})
        for kind, numbers in (
            ("changed", changes.changed),
            ("added", changes.added),
            ("removed", changes.removed),
        )
        if numbers
    ]
    return t(language, "pact-changes-separator").join(parts)


async def publish_and_notify(
    scope: Scope,
    community: Place,
    articles: Sequence[ArticleText],
    *,
    published_by_id: int | None = None,
    title_zh: str | None = None,
    title_en: str | None = None,
) -> tuple[PactVersion, PactChanges, int]:
    """Store a new version and invite everyone who pledged an older one. Returns how many were told."""
    services, session = scope.services, scope.session
    previous = await current_pact(session, community.id)
    publisher = await session.get(Person, published_by_id) if published_by_id else None
    version, changes = await publish_pact(
        session,
        community,
        title_zh or (previous.title_zh if previous else f"{community.name_zh}居民公约"),
        title_en or (previous.title_en if previous else f"{community.name_en} Residents' Pact"),
        articles,
        publisher,
    )
    key = services.button_key

    def render(language: str) -> Reply:
        t = services.catalog.t
        return Reply(
            t(
                language,
                "pact-updated",
                {
                    "title": version.title(language),
                    "version": version.number,
                    "changes": changes_text(services, language, changes),
                },
            ),
            (
                (
                    Button(t(language, "pact-read"), pack(PactPage(version.id, 1), key)),
                    Button(t(language, "pact-pledge"), pack(PactPledgeButton(version.id), key)),
                ),
            ),
        )

    told = 0
    for person in await earlier_pledgers(session, version):
        if await scope.notify(person, "pact-updated", render):
            told += 1
    return version, changes, told


async def run_publish(ctx: Ctx) -> None:
    ctx.enter(PUBLISH_FLOW, "text_zh")
    await ask_text_zh(ctx)


async def ask_text_zh(ctx: Ctx) -> None:
    ctx.say("pact-publish-ask-zh", [menu_button(ctx)], max=MAX_PACT_TEXT)


async def on_text_zh(ctx: Ctx, text: str) -> None:
    articles = parse_articles(text)
    if not articles:
        ctx.say("pact-publish-empty")
        await ask_text_zh(ctx)
        return
    await ctx.advance("text_en", ask_text_en, zh=articles)


async def ask_text_en(ctx: Ctx) -> None:
    ctx.say("pact-publish-ask-en", [[ctx.pick(ctx.t("button-skip"), SKIP)]], count=len(ctx.data["zh"]))


async def on_text_en(ctx: Ctx, text: str) -> None:
    articles = parse_articles(text)
    if len(articles) != len(ctx.data["zh"]):
        ctx.say("pact-publish-count-mismatch", zh=len(ctx.data["zh"]), en=len(articles))
        await ask_text_en(ctx)
        return
    await ctx.advance("confirm", ask_confirm, en=articles)


async def on_skip_en(ctx: Ctx, value: str) -> None:
    """No new English: keep the current translation of every article whose Chinese is unchanged."""
    old = {a.number: a for a in await _current_articles(ctx)}
    kept = []
    for number, zh in enumerate(ctx.data["zh"], start=1):
        before = old.get(number)
        kept.append(before.text_en if before is not None and before.text_zh == zh else "")
    await ctx.advance("confirm", ask_confirm, en=kept)


async def _current_articles(ctx: Ctx) -> Sequence[PactArticle]:
    """The articles of my community's current pact (none yet: empty), to compare a draft against."""
    community = await home_community(ctx)
    previous = await current_pact(ctx.session, community.id) if community else None
    return await pact_articles(ctx.session, previous.id) if previous else []


def _drafted(ctx: Ctx) -> list[ArticleText]:
    english = ctx.data.get("en") or []
    return [
        ArticleText(zh=zh, en=english[index] if index < len(english) else "") for index, zh in enumerate(ctx.data["zh"])
    ]


async def ask_confirm(ctx: Ctx) -> None:
    community = await home_community(ctx)
    assert community is not None
    drafted = _drafted(ctx)
    changes = compare_articles(await _current_articles(ctx), drafted)  # against nothing: all added
    preview = whole_text(
        [PublishedArticle(number, a.zh, a.en) for number, a in enumerate(drafted, start=1)], ctx.language
    )
    ctx.say(
        "pact-publish-preview",
        [[ctx.pick(ctx.t("pact-publish-confirm"), "publish"), ctx.pick(ctx.t("button-cancel"), "cancel")]],
        community=community.name(ctx.language),
        count=len(drafted),
        changes=changes_text(ctx.services, ctx.language, changes) or ctx.t("pact-changes-none"),
        preview=preview[:3000],
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    community = await home_community(ctx)
    assert community is not None
    if value != "publish":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    drafted = _drafted(ctx)
    ctx.leave()
    version, _changes, told = await publish_and_notify(ctx, community, drafted, published_by_id=ctx.person.id)
    await show_menu(ctx, intro=ctx.t("pact-published", version=version.number, told=told))


FEATURE = Feature(
    name="pact",
    commands=[
        Command("pact", run_pact, "cmd-pact", Audience.residents, keywords=("公约", "承诺", "pact")),
        Command("publishpact", run_publish, "cmd-publishpact", Audience.managers),
    ],
    buttons={PactPage: on_page, PactWhole: on_whole, PactPledgeButton: on_pledge},
    flows=[
        Flow(
            PUBLISH_FLOW,
            {
                "text_zh": Step(ask_text_zh, on_text=on_text_zh, max_text=MAX_PACT_TEXT),
                "text_en": Step(ask_text_en, on_pick=on_skip_en, on_text=on_text_en, max_text=MAX_PACT_TEXT * 3),
                "confirm": Step(ask_confirm, on_pick=on_confirm),
            },
        )
    ],
    menu=[
        MenuEntry("menu-pact", "pact", Audience.residents, 10),
        MenuEntry("menu-publish-pact", "publishpact", Audience.managers, 70, staff=True),
    ],
)

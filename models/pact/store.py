"""The residents' pact (居民公约): numbered versions per community, their articles, and pledges.

A pledge binds a person to one version. Publishing a new version leaves old pledges in place (they are
history) and reports what changed, so the people who pledged before can be invited to pledge again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError
from models.people import Person
from models.places import Place, PlaceKind

MAX_ARTICLES = 30
MAX_ARTICLE_CHARS = 500


class PactVersion(Base):
    __tablename__ = "pact_versions"
    __table_args__ = (UniqueConstraint("community_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    number: Mapped[int]
    title_zh: Mapped[str] = mapped_column(String(100))
    title_en: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_zh


class PactArticle(Base):
    __tablename__ = "pact_articles"
    __table_args__ = (UniqueConstraint("version_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pact_versions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_zh


class PactPledge(Base):
    __tablename__ = "pact_pledges"
    __table_args__ = (UniqueConstraint("person_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pact_versions.id", ondelete="CASCADE"), index=True)
    pledged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class ArticleText:
    zh: str
    en: str = ""


@dataclass(frozen=True)
class PactChanges:
    """What a new version changed against the one before, by article number."""

    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True)
class PublishedArticle:
    number: int
    text_zh: str
    text_en: str

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_zh


@dataclass(frozen=True)
class PublishedPact:
    """A published version with its articles: never changed after publishing, so safe to keep in memory."""

    id: int
    community_id: int
    number: int
    title_zh: str
    title_en: str
    published_at: datetime
    articles: tuple[PublishedArticle, ...]

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_zh


class PublishedPacts:
    """Published versions by id, read once per process. Every message that shows the pact needs its text;
    versions are immutable, so no invalidation is needed (a new version has a new id)."""

    def __init__(self) -> None:
        self._by_id: dict[int, PublishedPact] = {}

    async def get(self, session: AsyncSession, version_id: int) -> PublishedPact | None:
        cached = self._by_id.get(version_id)
        if cached is not None:
            return cached
        version = await session.get(PactVersion, version_id)
        if version is None:
            return None
        articles = await pact_articles(session, version_id)
        published = PublishedPact(
            id=version.id,
            community_id=version.community_id,
            number=version.number,
            title_zh=version.title_zh,
            title_en=version.title_en,
            published_at=version.published_at,
            articles=tuple(PublishedArticle(a.number, a.text_zh, a.text_en) for a in articles),
        )
        self._by_id[version_id] = published
        return published


# Built once (they run on most messages that show the pact; see models.people._IDENTIFY for why).
_STATUS = (
    select(
        PactVersion.id,
        select(PactPledge.id)
        .where(PactPledge.person_id == bindparam("person_id"), PactPledge.version_id == PactVersion.id)
        .exists(),
    )
    .where(PactVersion.community_id == bindparam("community_id"))
    .order_by(PactVersion.number.desc())
    .limit(1)
)
_PLEDGE_COUNT = select(func.count()).select_from(PactPledge).where(PactPledge.version_id == bindparam("version_id"))


async def pact_status(session: AsyncSession, community_id: int, person_id: int) -> tuple[int, bool] | None:
    """(current version id, whether the person pledged it) in one query; None when there is no pact."""
    row = (await session.execute(_STATUS, {"community_id": community_id, "person_id": person_id})).first()
    return (int(row[0]), bool(row[1])) if row is not None else None


async def current_pact(session: AsyncSession, community_id: int) -> PactVersion | None:
    return await session.scalar(
        select(PactVersion).where(PactVersion.community_id == community_id).order_by(PactVersion.number.desc()).limit(1)
    )


async def pact_articles(session: AsyncSession, version_id: int) -> Sequence[PactArticle]:
    result = await session.scalars(
        select(PactArticle).where(PactArticle.version_id == version_id).order_by(PactArticle.number)
    )
    return result.all()


async def pledge_count(session: AsyncSession, version_id: int) -> int:
    return int(await session.scalar(_PLEDGE_COUNT, {"version_id": version_id}) or 0)


async def has_pledged(session: AsyncSession, person_id: int, version_id: int) -> bool:
    found = await session.scalar(
        select(PactPledge.id).where(PactPledge.person_id == person_id, PactPledge.version_id == version_id)
    )
    return found is not None


async def latest_pledge(session: AsyncSession, person_id: int) -> tuple[PactPledge, PactVersion] | None:
    row = (
        await session.execute(
            select(PactPledge, PactVersion)
            .join(PactVersion, PactVersion.id == PactPledge.version_id)
            .where(PactPledge.person_id == person_id)
            .order_by(PactPledge.pledged_at.desc(), PactPledge.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    found, version = row
    return found, version


async def pledge(session: AsyncSession, person: Person, version: PactVersion | PublishedPact) -> bool:
    """Pledge to ``version``; True if this made a new pledge, False if the person had already pledged.

    Only the current version of the person's own community can be pledged: a button from an older
    version, or from another community, is refused with a reason.
    """
    if person.community_id != version.community_id:
        raise DomainError("pact-not-your-community")
    status = await pact_status(session, version.community_id, person.id)
    if status is None or status[0] != version.id:
        raise DomainError("pact-outdated")
    if status[1]:
        return False
    try:
        async with session.begin_nested():
            session.add(PactPledge(person_id=person.id, version_id=version.id))
            await session.flush()
    except IntegrityError:
        return False  # a double press that raced us: the pledge exists, which is what was asked
    return True


def _validate_articles(articles: Sequence[ArticleText]) -> None:
    if not articles:
        raise DomainError("pact-publish-empty")
    if len(articles) > MAX_ARTICLES:
        raise DomainError("pact-publish-too-many", max=MAX_ARTICLES)
    for number, article in enumerate(articles, start=1):
        if not article.zh.strip():
            raise DomainError("pact-publish-empty")
        if len(article.zh) > MAX_ARTICLE_CHARS or len(article.en) > MAX_ARTICLE_CHARS * 3:
            raise DomainError("pact-publish-article-too-long", number=number, max=MAX_ARTICLE_CHARS)


def compare_articles(old: Sequence[PactArticle], new: Sequence[ArticleText]) -> PactChanges:
    old_by_number = {article.number: article for article in old}
    added, changed = [], []
    for number, article in enumerate(new, start=1):
        before = old_by_number.get(number)
        if before is None:
            added.append(number)
        elif before.text_zh.strip() != article.zh.strip() or before.text_en.strip() != article.en.strip():
            changed.append(number)
    removed = [number for number in sorted(old_by_number) if number > len(new)]
    return PactChanges(added=added, changed=changed, removed=removed)


async def publish_pact(
    session: AsyncSession,
    community: Place,
    title_zh: str,
    title_en: str,
    articles: Sequence[ArticleText],
    published_by: Person | None = None,
) -> tuple[PactVersion, PactChanges]:
    if community.kind is not PlaceKind.community:
        raise ValueError("a pact belongs to a community")
    _validate_articles(articles)
    previous = await current_pact(session, community.id)
    changes = PactChanges(added=list(range(1, len(articles) + 1)))
    if previous is not None:
        changes = compare_articles(await pact_articles(session, previous.id), articles)
        if changes.is_empty and previous.title_zh == title_zh and previous.title_en == title_en:
            raise DomainError("pact-publish-unchanged")
    version = PactVersion(
        community_id=community.id,
        number=(previous.number + 1) if previous else 1,
        title_zh=title_zh.strip()[:100],
        title_en=title_en.strip()[:200],
        published_by_id=published_by.id if published_by else None,
    )
    session.add(version)
    await session.flush()
    session.add_all(
        PactArticle(version_id=version.id, number=number, text_zh=article.zh.strip(), text_en=article.en.strip())
        for number, article in enumerate(articles, start=1)
    )
    await session.flush()
    return version, changes


async def earlier_pledgers(session: AsyncSession, version: PactVersion) -> Sequence[Person]:
    """People of the community who pledged an older version and not this one: to be invited again."""
    older = select(PactVersion.id).where(
        PactVersion.community_id == version.community_id, PactVersion.number < version.number
    )
    already = select(PactPledge.person_id).where(PactPledge.version_id == version.id)
    result = await session.scalars(
        select(Person)
        .where(
            Person.id.in_(select(PactPledge.person_id).where(PactPledge.version_id.in_(older))),
            Person.id.not_in(already),
            Person.forgotten_at.is_(None),
        )
        .order_by(Person.id)
    )
    return result.all()

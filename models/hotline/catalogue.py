"""The 12343 convenience hotline's catalogue: categories, services, providers, where they serve, their staff.

A service says what it costs (free, low-cost 低偿 with a price, or market price), when it runs (some round the
clock), what a request must answer (a small form), and how fast a request must be answered and finished —
the deadlines the operators supervise. Providers are member enterprises and social organisations; each
serves some services in some places (a street or district covers every community beneath it), and its
staff are people who get offers in the chat.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.errors import DomainError
from models.places import Place

MAX_QUESTIONS = 6
MAX_SERVICE_NAME = 40


class PriceType(enum.StrEnum):
    free = "free"
    low_cost = "low_cost"  # 低偿: a subsidised price below the market's
    market = "market"


class ProviderKind(enum.StrEnum):
    enterprise = "enterprise"  # 加盟企业
    organisation = "organisation"  # 社会组织


class HotlineCategory(Base):
    __tablename__ = "hotline_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


class HotlineService(Base):
    __tablename__ = "hotline_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("hotline_categories.id"), index=True)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))
    description_zh: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(String(800), default="")
    price_type: Mapped[PriceType] = mapped_column(Enum(PriceType, native_enum=False, length=16))
    price_fen: Mapped[int | None]  # set for low-cost; a market price may give a starting price
    unit_zh: Mapped[str] = mapped_column(String(20), default="")  # "次", "餐", "小时"
    unit_en: Mapped[str] = mapped_column(String(30), default="")
    open_hour: Mapped[int] = mapped_column(default=0)  # local hours [open, close); 0-24 is round the clock
    close_hour: Mapped[int] = mapped_column(default=24)
    response_minutes: Mapped[int] = mapped_column(default=30)
    completion_hours: Mapped[int] = mapped_column(default=24)
    # Words residents use for it ("漏水 水管 下水道"), for the free-text search.
    keywords: Mapped[str] = mapped_column(String(500), default="")
    # [{key, zh, en, required, options: [{zh, en}]}]: the small form a request must fill in.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    is_open: Mapped[bool] = mapped_column(default=True)
    # Served by volunteers rather than a provider (follow-up: create volunteer tasks).
    volunteer_served: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh

    def description(self, language: str) -> str:
        return self.description_en if language == "en" and self.description_en else self.description_zh

    def unit(self, language: str) -> str:
        return self.unit_en if language == "en" else self.unit_zh

    @property
    def round_the_clock(self) -> bool:
        return self.open_hour == 0 and self.close_hour == 24


class HotlineProvider(Base):
    __tablename__ = "hotline_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120))
    kind: Mapped[ProviderKind] = mapped_column(Enum(ProviderKind, native_enum=False, length=16))
    phone: Mapped[str | None] = mapped_column(String(20))  # the provider's business line, not a person's
    open_hour: Mapped[int] = mapped_column(default=0)
    close_hour: Mapped[int] = mapped_column(default=24)
    is_active: Mapped[bool] = mapped_column(default=True)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


class HotlineProviderService(Base):
    __tablename__ = "hotline_provider_services"
    __table_args__ = (UniqueConstraint("provider_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("hotline_providers.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("hotline_services.id", ondelete="CASCADE"), index=True)


class HotlineProviderArea(Base):
    """A place a provider serves: a community, or a street/district and so all communities beneath it."""

    __tablename__ = "hotline_provider_areas"
    __table_args__ = (UniqueConstraint("provider_id", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("hotline_providers.id", ondelete="CASCADE"))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)


class HotlineProviderStaff(Base):
    __tablename__ = "hotline_provider_staff"
    __table_args__ = (UniqueConstraint("provider_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("hotline_providers.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


# --- hours ----------------------------------------------------------------------------------------


def is_open_at(open_hour: int, close_hour: int, moment: datetime, tz: ZoneInfo) -> bool:
    hour = moment.astimezone(tz).hour
    if open_hour <= close_hour:
        return open_hour <= hour < close_hour
    return hour >= open_hour or hour < close_hour  # past midnight, e.g. 20-6


def next_opening(open_hour: int, close_hour: int, moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` if open then, else the next local ``open_hour`` (as aware UTC-comparable datetime)."""
    if is_open_at(open_hour, close_hour, moment, tz):
        return moment
    local = moment.astimezone(tz)
    opening = local.replace(hour=open_hour % 24, minute=0, second=0, microsecond=0)
    if opening <= local:
        opening += timedelta(days=1)
    return opening


# --- prices ---------------------------------------------------------------------------------------

_PRICE = re.compile(
    r"^\s*(免费|free|低偿|low[- ]?cost|市场价|market)\s*(?:¥|￥)?\s*(\d{1,6}(?:\.\d{1,2})?)?\s*(元|yuan)?\s*$"
)


def yuan_to_fen(text: str) -> int:
    whole, _, cents = text.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


def parse_price(text: str) -> tuple[PriceType, int | None]:
    """'免费', '低偿 20', '低偿 12.5元', '市场价', '市场价 80' (a starting price) -> (type, fen)."""
    match = _PRICE.match(text.lower())
    if match is None:
        raise DomainError("hotline-admin-price-invalid")
    word, amount = match.group(1), match.group(2)
    if word in ("免费", "free"):
        return PriceType.free, None
    kind = PriceType.low_cost if word in ("低偿", "low-cost", "lowcost", "low cost") else PriceType.market
    if kind is PriceType.low_cost and amount is None:
        raise DomainError("hotline-admin-price-invalid")
    return kind, yuan_to_fen(amount) if amount is not None else None


def format_fen(fen: int) -> str:
    """12050 -> '¥120.50', 2000 -> '¥20'."""
    yuan, cents = divmod(fen, 100)
    return f"¥{yuan}" if cents == 0 else f"¥{yuan}.{cents:02d}"


_HOURS = re.compile(r"^\s*(\d{1,2})(?::00)?\s*[-–~至到]\s*(\d{1,2})(?::00)?\s*$")


def parse_hours(text: str) -> tuple[int, int]:
    """'24', '24h', '全天' -> (0, 24); '8-20', '8:00-20:00' -> (8, 20)."""
    cleaned = text.strip().lower()
    if cleaned in ("24", "24h", "24小时", "全天"):
        return 0, 24
    match = _HOURS.match(cleaned)
    if match is None:
        raise DomainError("hotline-admin-hours-invalid")
    start, end = int(match.group(1)), int(match.group(2))
    if not (0 <= start <= 23 and 1 <= end <= 24 and start != end):
        raise DomainError("hotline-admin-hours-invalid")
    return start, end


# --- reading the catalogue ------------------------------------------------------------------------


async def categories(session: AsyncSession) -> Sequence[HotlineCategory]:
    result = await session.scalars(select(HotlineCategory).order_by(HotlineCategory.sort_order, HotlineCategory.id))
    return result.all()


async def services_in(session: AsyncSession, category_id: int, *, open_only: bool = True) -> Sequence[HotlineService]:
    query = select(HotlineService).where(HotlineService.category_id == category_id)
    if open_only:
        query = query.where(HotlineService.is_open.is_(True))
    result = await session.scalars(query.order_by(HotlineService.sort_order, HotlineService.id))
    return result.all()


async def all_services(session: AsyncSession) -> Sequence[HotlineService]:
    result = await session.scalars(select(HotlineService).order_by(HotlineService.sort_order, HotlineService.id))
    return result.all()


async def providers_serving(session: AsyncSession, service_id: int, community: Place) -> Sequence[HotlineProvider]:
    """Active providers of this service whose area covers the community."""
    result = await session.scalars(
        select(HotlineProvider)
        .join(HotlineProviderService, HotlineProviderService.provider_id == HotlineProvider.id)
        .join(HotlineProviderArea, HotlineProviderArea.provider_id == HotlineProvider.id)
        .where(
            HotlineProviderService.service_id == service_id,
            HotlineProviderArea.place_id.in_(community.ancestor_ids),
            HotlineProvider.is_active.is_(True),
        )
        .distinct()
        .order_by(HotlineProvider.id)
    )
    return result.all()


async def providers_of_service(session: AsyncSession, service_id: int) -> Sequence[HotlineProvider]:
    result = await session.scalars(
        select(HotlineProvider)
        .join(HotlineProviderService, HotlineProviderService.provider_id == HotlineProvider.id)
        .where(HotlineProviderService.service_id == service_id)
        .order_by(HotlineProvider.id)
    )
    return result.all()


async def all_providers(session: AsyncSession) -> Sequence[HotlineProvider]:
    result = await session.scalars(select(HotlineProvider).order_by(HotlineProvider.id))
    return result.all()


async def providers_of_person(session: AsyncSession, person_id: int) -> Sequence[HotlineProvider]:
    result = await session.scalars(
        select(HotlineProvider)
        .join(HotlineProviderStaff, HotlineProviderStaff.provider_id == HotlineProvider.id)
        .where(HotlineProviderStaff.person_id == person_id)
        .order_by(HotlineProvider.id)
    )
    return result.all()


async def is_provider_staff(session: AsyncSession, person_id: int, provider_id: int) -> bool:
    found = await session.scalar(
        select(HotlineProviderStaff.id).where(
            HotlineProviderStaff.person_id == person_id, HotlineProviderStaff.provider_id == provider_id
        )
    )
    return found is not None


async def staff_ids_of(session: AsyncSession, provider_id: int) -> Sequence[int]:
    result = await session.scalars(
        select(HotlineProviderStaff.person_id)
        .where(HotlineProviderStaff.provider_id == provider_id)
        .order_by(HotlineProviderStaff.id)
    )
    return result.all()


# --- search ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    service: HotlineService
    score: int


def _terms(service: HotlineService) -> list[tuple[str, int]]:
    """(term, weight): the name counts most, then keywords, then the description's words."""
    terms = [(service.name_zh, 6), (service.name_en.lower(), 6)]
    terms += [(word.lower(), 4) for word in service.keywords.split() if word]
    terms += [(word.lower(), 1) for word in re.split(r"[\s,，、。;；]+", service.description_en) if len(word) > 3]
    return terms


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


def search_services(services: Sequence[HotlineService], query: str, limit: int = 5) -> list[Match]:
    """Simple scoring, no external service: whole terms found in the query (Chinese has no spaces, so a
    keyword "水管" inside "水管漏了" counts), English words, and shared two-character pieces of Chinese."""
    text = query.strip().lower()
    if not text:
        return []
    words = set(re.findall(r"[a-z]{3,}", text))
    query_pairs = _bigrams(text)
    found: list[Match] = []
    for service in services:
        score = 0
        for term, weight in _terms(service):
            if not term:
                continue
            if re.search(r"[\u4e00-\u9fff]", term):
                if term in text:
                    score += weight * 2
                else:
                    score += weight * len(_bigrams(term) & query_pairs) // 2
            elif term in words or any(word.startswith(term) or term.startswith(word) for word in words):
                score += weight
        if score > 0:
            found.append(Match(service, score))
    found.sort(key=lambda match: (-match.score, match.service.sort_order, match.service.id))
    return found[:limit]


# --- changing the catalogue (chat and CLI) --------------------------------------------------------


async def set_service_open(session: AsyncSession, service: HotlineService, is_open: bool) -> None:
    service.is_open = is_open
    await session.flush()


async def link_provider(session: AsyncSession, provider: HotlineProvider, service: HotlineService) -> bool:
    """Let ``provider`` serve ``service``; False if it already does."""
    exists = await session.scalar(
        select(HotlineProviderService.id).where(
            HotlineProviderService.provider_id == provider.id, HotlineProviderService.service_id == service.id
        )
    )
    if exists is not None:
        return False
    session.add(HotlineProviderService(provider_id=provider.id, service_id=service.id))
    await session.flush()
    return True


def validate_questions(questions: Any) -> list[dict[str, Any]]:
    """The form of a service, checked when imported: keys unique, texts present, options well formed."""
    if not isinstance(questions, list) or len(questions) > MAX_QUESTIONS:
        raise ValueError(f"questions must be a list of at most {MAX_QUESTIONS}")
    cleaned: list[dict[str, Any]] = []
    keys: set[str] = set()
    for item in questions:
        key = str(item.get("key", ""))
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,19}", key) or key in keys:
            raise ValueError(f"question key {key!r} is missing, malformed or repeated")
        keys.add(key)
        if not item.get("zh"):
            raise ValueError(f"question {key} has no Chinese text")
        options = [{"zh": str(o["zh"]), "en": str(o.get("en") or o["zh"])} for o in item.get("options", [])]
        cleaned.append(
            {
                "key": key,
                "zh": str(item["zh"]),
                "en": str(item.get("en") or item["zh"]),
                "required": bool(item.get("required", False)),
                "options": options,
            }
        )
    return cleaned

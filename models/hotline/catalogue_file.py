"""The hotline catalogue as a file (TOML or JSON) and back: the demo loads through it, staff export, edit
and import. Import upserts by code (categories, services, providers) and replaces a provider's services,
areas and — when listed — staff; nothing is deleted (a service is closed with ``is_open = false``)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.file_shapes import first_problem
from models.hotline.catalogue import (
    MAX_QUESTIONS,
    HotlineCategory,
    HotlineProvider,
    HotlineProviderArea,
    HotlineProviderService,
    HotlineProviderStaff,
    HotlineService,
    PriceType,
    ProviderKind,
    all_providers,
    all_services,
    categories,
    validate_questions,
)
from models.people import ChannelAccount, Person
from models.places import Place, place_by_code

SERVICE_FIELDS = (
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "unit_zh",
    "unit_en",
    "open_hour",
    "close_hour",
    "response_minutes",
    "completion_hours",
    "keywords",
    "is_open",
    "volunteer_served",
)


class CatalogueError(ValueError):
    """The file does not describe a valid catalogue; the message says where."""


# --- the file's shape ------------------------------------------------------------------------------
# Checked (pydantic) before anything is written: a staff member's edit with a wrong type, a missing name or a
# text longer than its column gets "services[3].open_hour: …", never a traceback or a half-imported file.
# Lengths are the columns'; strict types, because TOML and JSON both have real integers and booleans.


Code = Annotated[StrictStr, Field(min_length=1, max_length=40)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Option(_Entry):
    zh: StrictStr = Field(max_length=40)
    en: StrictStr | None = Field(None, max_length=60)


class _Question(_Entry):
    key: StrictStr = Field(max_length=20)
    zh: StrictStr = Field(max_length=200)
    en: StrictStr | None = Field(None, max_length=300)
    required: StrictBool = False
    options: list[_Option] = []


class _Category(_Entry):
    code: StrictStr = Field(min_length=1, max_length=32)
    name_zh: StrictStr = Field(min_length=1, max_length=40)
    name_en: StrictStr = Field(min_length=1, max_length=60)


class _Service(_Entry):
    code: StrictStr = Field(min_length=1, max_length=40)
    category: StrictStr = Field(min_length=1, max_length=32)
    name_zh: StrictStr = Field(min_length=1, max_length=60)
    name_en: StrictStr = Field(min_length=1, max_length=80)
    description_zh: StrictStr = Field("", max_length=500)
    description_en: StrictStr = Field("", max_length=800)
    unit_zh: StrictStr = Field("", max_length=20)
    unit_en: StrictStr = Field("", max_length=30)
    open_hour: Annotated[StrictInt, Field(ge=0, le=23)] = 0
    close_hour: Annotated[StrictInt, Field(ge=1, le=24)] = 24
    response_minutes: Annotated[StrictInt, Field(ge=1, le=7 * 24 * 60)] = 30
    completion_hours: Annotated[StrictInt, Field(ge=1, le=24 * 90)] = 24
    keywords: StrictStr = Field("", max_length=500)
    is_open: StrictBool = True
    volunteer_served: StrictBool = False
    price_type: StrictStr = Field(min_length=1, max_length=16)
    price_fen: Annotated[StrictInt, Field(ge=0, le=10**9)] | None = None
    questions: Annotated[list[_Question], Field(max_length=MAX_QUESTIONS)] = []


class _Provider(_Entry):
    code: StrictStr = Field(min_length=1, max_length=40)
    name_zh: StrictStr = Field(min_length=1, max_length=80)
    name_en: StrictStr = Field(min_length=1, max_length=120)
    kind: StrictStr = Field(min_length=1, max_length=16)
    phone: StrictStr | None = Field(None, max_length=20)
    open_hour: Annotated[StrictInt, Field(ge=0, le=23)] = 0
    close_hour: Annotated[StrictInt, Field(ge=1, le=24)] = 24
    is_active: StrictBool = True
    services: list[Code] = []
    areas: list[Code] = []
    staff: list[Annotated[StrictStr, Field(max_length=200)]] | None = None


class _Catalogue(_Entry):
    categories: list[_Category] = []
    services: list[_Service] = []
    providers: list[_Provider] = []


def checked(data: object) -> dict[str, Any]:
    """The file's content as plain data of the right shape (only the keys it gave), or CatalogueError saying
    where the first problem is."""
    try:
        parsed = _Catalogue.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(first_problem(error)) from None
    return parsed.model_dump(exclude_unset=True)


async def export_catalogue(session: AsyncSession) -> dict[str, Any]:
    cats = await categories(session)
    code_of_category = {c.id: c.code for c in cats}
    services = await all_services(session)
    code_of_service = {s.id: s.code for s in services}
    data: dict[str, Any] = {
        "categories": [{"code": c.code, "name_zh": c.name_zh, "name_en": c.name_en} for c in cats],
        "services": [],
        "providers": [],
    }
    for service in services:
        item: dict[str, Any] = {"code": service.code, "category": code_of_category[service.category_id]}
        item.update({name: getattr(service, name) for name in SERVICE_FIELDS})
        item["price_type"] = service.price_type.value
        if service.price_fen is not None:
            item["price_fen"] = service.price_fen
        item["questions"] = service.questions
        data["services"].append(item)
    for provider in await all_providers(session):
        served = await session.scalars(
            select(HotlineProviderService.service_id).where(HotlineProviderService.provider_id == provider.id)
        )
        areas = await session.scalars(
            select(Place.code)
            .join(HotlineProviderArea, HotlineProviderArea.place_id == Place.id)
            .where(HotlineProviderArea.provider_id == provider.id)
            .order_by(HotlineProviderArea.id)
        )
        staff = await session.scalars(
            select(ChannelAccount.channel + ":" + ChannelAccount.external_id)
            .join(HotlineProviderStaff, HotlineProviderStaff.person_id == ChannelAccount.person_id)
            .where(HotlineProviderStaff.provider_id == provider.id)
            .order_by(HotlineProviderStaff.id, ChannelAccount.id)
        )
        item = {
            "code": provider.code,
            "name_zh": provider.name_zh,
            "name_en": provider.name_en,
            "kind": provider.kind.value,
            "open_hour": provider.open_hour,
            "close_hour": provider.close_hour,
            "is_active": provider.is_active,
            "services": sorted(code_of_service[s] for s in served.all()),
            "areas": list(areas.all()),
            "staff": list(staff.all()),
        }
        if provider.phone:
            item["phone"] = provider.phone
        data["providers"].append(item)
    return data


async def import_catalogue(session: AsyncSession, data: dict[str, Any]) -> dict[str, int]:
    """Upsert everything in ``data``; returns counts. Raises CatalogueError (nothing half-done: the caller's
    transaction rolls back)."""
    data = checked(data)
    counts = {"categories": 0, "services": 0, "providers": 0}
    category_ids: dict[str, int] = {c.code: c.id for c in await categories(session)}
    for order, item in enumerate(data.get("categories", [])):
        category = await session.scalar(select(HotlineCategory).where(HotlineCategory.code == item["code"]))
        if category is None:
            category = HotlineCategory(code=item["code"])
            session.add(category)
        category.name_zh, category.name_en, category.sort_order = item["name_zh"], item["name_en"], order
        await session.flush()
        category_ids[category.code] = category.id
        counts["categories"] += 1
    service_ids: dict[str, int] = {s.code: s.id for s in await all_services(session)}
    for order, item in enumerate(data.get("services", [])):
        where = f"service {item.get('code')!r}"
        if item.get("category") not in category_ids:
            raise CatalogueError(f"{where}: unknown category {item.get('category')!r}")
        service = await session.scalar(select(HotlineService).where(HotlineService.code == item["code"]))
        if service is None:
            service = HotlineService(code=item["code"])
            session.add(service)
        try:
            service.price_type = PriceType(item["price_type"])
            service.questions = validate_questions(item.get("questions", []))
        except (KeyError, ValueError) as error:
            raise CatalogueError(f"{where}: {error}") from error
        price = item.get("price_fen")
        if service.price_type is PriceType.low_cost and not isinstance(price, int):
            raise CatalogueError(f"{where}: a low-cost service needs price_fen (an integer, in fen)")
        service.price_fen = price if service.price_type is not PriceType.free else None
        service.category_id = category_ids[item["category"]]
        service.sort_order = order
        service.name_zh, service.name_en = item["name_zh"], item["name_en"]
        for name in SERVICE_FIELDS[2:]:
            if name in item:
                setattr(service, name, item[name])
        await session.flush()
        service_ids[service.code] = service.id
        counts["services"] += 1
    for item in data.get("providers", []):
        await _import_provider(session, item, service_ids)
        counts["providers"] += 1
    return counts


async def _import_provider(session: AsyncSession, item: dict[str, Any], service_ids: dict[str, int]) -> None:
    where = f"provider {item.get('code')!r}"
    provider = await session.scalar(select(HotlineProvider).where(HotlineProvider.code == item["code"]))
    if provider is None:
        provider = HotlineProvider(code=item["code"])
        session.add(provider)
    try:
        provider.kind = ProviderKind(item["kind"])
    except (KeyError, ValueError) as error:
        raise CatalogueError(f"{where}: kind must be enterprise or organisation") from error
    provider.name_zh, provider.name_en = item["name_zh"], item["name_en"]
    provider.phone = item.get("phone")
    provider.open_hour = int(item.get("open_hour", 0))
    provider.close_hour = int(item.get("close_hour", 24))
    provider.is_active = bool(item.get("is_active", True))
    await session.flush()
    await session.execute(delete(HotlineProviderService).where(HotlineProviderService.provider_id == provider.id))
    for code in item.get("services", []):
        if code not in service_ids:
            raise CatalogueError(f"{where}: unknown service {code!r}")
        session.add(HotlineProviderService(provider_id=provider.id, service_id=service_ids[code]))
    await session.execute(delete(HotlineProviderArea).where(HotlineProviderArea.provider_id == provider.id))
    for code in item.get("areas", []):
        place = await place_by_code(session, code)
        if place is None:
            raise CatalogueError(f"{where}: unknown place {code!r}")
        session.add(HotlineProviderArea(provider_id=provider.id, place_id=place.id))
    if "staff" in item:
        await session.execute(delete(HotlineProviderStaff).where(HotlineProviderStaff.provider_id == provider.id))
        for account in item["staff"]:
            person = await person_by_account(session, account)
            if person is None:
                raise CatalogueError(f"{where}: no person with account {account!r} (they must write to Linli once)")
            session.add(HotlineProviderStaff(provider_id=provider.id, person_id=person.id))
    await session.flush()


async def person_by_account(session: AsyncSession, account: str) -> Person | None:
    """'telegram:123456' or 'terminal:zhang' -> the person behind that account."""
    channel, _, external_id = account.partition(":")
    return await session.scalar(
        select(Person)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .where(ChannelAccount.channel == channel, ChannelAccount.external_id == external_id)
    )


# --- the file formats -----------------------------------------------------------------------------


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def to_toml(data: dict[str, Any]) -> str:
    """Arrays of tables of plain values: all the catalogue needs (tomllib reads it back; no writer ships
    with Python)."""
    lines = ["# 12343 hotline catalogue: linli hotline import FILE reads this back", ""]
    for section in ("categories", "services", "providers"):
        for item in data.get(section, []):
            lines.append(f"[[{section}]]")
            lines.extend(f"{key} = {_toml_value(value)}" for key, value in item.items())
            lines.append("")
    return "\n".join(lines)

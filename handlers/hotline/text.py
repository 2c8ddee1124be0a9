"""How hotline things read in a message: prices, hours, statuses, a case's card. Shared by the chat steps
and by notifications, so each takes the catalog and the reader's language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from config.i18n import Catalog, format_datetime
from models.hotline.cases import HotlineRequest, RequestStatus
from models.hotline.catalogue import HotlineService, PriceType, format_fen


def price_text(catalog: Catalog, language: str, service: HotlineService) -> str:
    unit = service.unit(language)
    if service.price_type is PriceType.free:
        return catalog.t(language, "hotline-price-free")
    if service.price_fen is None:
        return catalog.t(language, "hotline-price-quote")
    low = service.price_type is PriceType.low_cost
    return catalog.t(
        language,
        "hotline-price-low" if low else "hotline-price-market",
        {"price": format_fen(service.price_fen), "unit": unit or ""},
    )


def hours_text(catalog: Catalog, language: str, open_hour: int, close_hour: int) -> str:
    if open_hour == 0 and close_hour == 24:
        return catalog.t(language, "hotline-hours-24")
    return catalog.t(language, "hotline-hours", {"open": f"{open_hour}:00", "close": f"{close_hour}:00"})


def status_text(catalog: Catalog, language: str, status: RequestStatus) -> str:
    return catalog.t(language, f"hotline-status-{status.value}")


def preferred_text(catalog: Catalog, language: str, tz: ZoneInfo, request: HotlineRequest) -> str:
    if request.preferred_start is None or request.preferred_end is None:
        return catalog.t(language, "hotline-time-asap")
    return window_text(catalog, language, tz, request.preferred_start, request.preferred_end)


def window_text(catalog: Catalog, language: str, tz: ZoneInfo, start: datetime, end: datetime) -> str:
    return catalog.t(
        language,
        "hotline-window",
        {"start": format_datetime(start, language, tz), "end": end.astimezone(tz).strftime("%H:%M")},
    )


def answers_text(catalog: Catalog, language: str, service: HotlineService, answers: dict[str, str]) -> str:
    """The answers as the reader reads them: a chosen option is kept in Chinese (for the provider's staff)
    and shown in the reader's language; typed answers as typed. A question that ends in "?" takes its
    answer after a space, any other label after a colon ("哪里出问题? 厨房", never "哪里出问题?: 厨房")."""
    key = "en" if language == "en" else "zh"
    lines = []
    for question in service.questions:
        answer = answers.get(question["key"])
        if answer:
            option = next((o for o in question.get("options", []) if o["zh"] == answer), None)
            label = question[key].rstrip()
            asks = "yes" if label.endswith(("?", "？")) else "no"
            shown = option[key] if option else answer
            lines.append(catalog.t(language, "hotline-answer-line", {"question": label, "answer": shown, "asks": asks}))
    return "\n".join(lines)


def case_card(
    catalog: Catalog,
    language: str,
    tz: ZoneInfo,
    request: HotlineRequest,
    service: HotlineService,
    *,
    contact: bool,
    resident: str = "",
) -> str:
    """The case as provider staff and operators see it; ``contact`` adds who, where and the phone."""
    card = catalog.t(
        language,
        "hotline-case-card",
        {
            "ticket": request.ticket,
            "service": service.name(language),
            "status": status_text(catalog, language, request.status),
            "time": preferred_text(catalog, language, tz, request),
            "answers": answers_text(catalog, language, service, request.answers),
        },
    )
    if not contact:
        return card + "\n" + catalog.t(language, "hotline-contact-hidden")
    who = request.for_name or resident
    return (
        card
        + "\n"
        + catalog.t(
            language,
            "hotline-contact",
            {
                "address": request.address,
                "phone": request.for_phone or request.contact_phone or "",
                "who": who,
            },
        )
    )

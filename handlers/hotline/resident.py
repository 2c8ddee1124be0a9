"""12343 convenience hotline, the resident's side: /services → category (or a search by words) → service →
provider or "any" → the service's questions → preferred time → address → for whom → confirm → a ticket;
/myrequests to follow, cancel, confirm and rate, or say it was not done.

Operators taking a phone call run the same steps for the caller (``data["caller"]``); the staff side (provider
staff, operators, the catalogue) lives in handlers/hotline/staff.py, notifications and timers in
handlers/hotline/notify.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import models.timers as timers
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step, StepFn
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Document
from handlers.hotline.buttons import HotlineMine
from handlers.hotline.notify import CLOSE_TIMER, dispatch_and_tell, tell_operators, tell_provider, watch
from handlers.hotline.text import answers_text, hours_text, preferred_text, price_text, status_text, window_text
from models.errors import DomainError
from models.hotline.cases import (
    CANCELLABLE,
    NewRequest,
    RequestStatus,
    cancel_request,
    confirm_request,
    create_request,
    own_request,
    reopen_request,
    requests_of,
)
from models.hotline.catalogue import (
    HotlineCategory,
    HotlineProvider,
    HotlineService,
    all_services,
    categories,
    is_open_at,
    providers_serving,
    search_services,
    services_in,
)
from models.media import load_media
from models.people import Person
from models.places import Place

FLOW = "hotline"
RATE_FLOW = "hotline-rate"
CANCEL_FLOW = "hotline-cancel"
ANY = "any"
SKIP = "-"
BACK = "back"
MAX_ANSWER = 100
MAX_ADDRESS = 100
# Typed words that mean "skip" — refused on a required question rather than stored as its answer.
SKIP_WORDS = {"跳过", "不知道", "没有", "无", "skip", "-", "no", "none"}
# Preferred-time windows offered as buttons (local hours), for today and the next two days.
WINDOWS = ((8, 12), (13, 17), (18, 21))
DAYS_AHEAD = 3
PHONE = re.compile(r"^1[3-9]\d{9}$")
# "11月25日 14:00", "11-25 14:00", "11/25 9点": a typed preferred time (a 2-hour window from it).
_TYPED_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:月|-|/)\s*(\d{1,2})\s*日?\s+(\d{1,2})(?:[:：点](\d{2})?)?\s*分?\s*$")


def _rows(buttons: list[Button], per_row: int = 2) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


# --- entering -------------------------------------------------------------------------------------


async def run_services(ctx: Ctx) -> None:
    ctx.enter(FLOW, "category")
    await ask_category(ctx)


async def start_for_caller(ctx: Ctx, caller: Person) -> None:
    """An operator files a request for someone who phoned in: the same steps, for the caller."""
    ctx.enter(FLOW, "category", caller=caller.id)
    await ask_category(ctx)


async def _who(ctx: Ctx) -> Person:
    """The person the request is filed for: the caller when an operator files it, else me."""
    caller_id = ctx.data.get("caller")
    if caller_id is None:
        return ctx.person
    caller = await ctx.session.get(Person, caller_id)
    assert caller is not None
    return caller


async def _community(ctx: Ctx) -> Place:
    who = await _who(ctx)
    community = await ctx.session.get(Place, who.community_id) if who.community_id else None
    if community is None:
        raise DomainError("hotline-no-community")
    return community


# --- category, search, service --------------------------------------------------------------------


async def ask_category(ctx: Ctx) -> None:
    buttons = [ctx.pick(c.name(ctx.language), f"c{c.id}") for c in await categories(ctx.session)]
    rows = [*_rows(buttons, 3)]
    if ctx.data.get("caller") is None:
        rows.append([ctx.button("hotline-my-requests", MenuAction("myrequests"))])
    ctx.say("hotline-choose-category", [*rows, menu_button(ctx)])


async def on_category(ctx: Ctx, value: str) -> None:
    if value.startswith("s") and value[1:].isdigit():
        await _choose_service(ctx, int(value[1:]))
        return
    category = await ctx.session.get(HotlineCategory, int(value[1:])) if value[1:].isdigit() else None
    if category is None:
        await ask_category(ctx)
        return
    await ctx.advance("service", ask_service, category=category.id)


async def on_search(ctx: Ctx, text: str) -> None:
    matches = search_services([s for s in await all_services(ctx.session) if s.is_open], text)
    if not matches:
        ctx.say("hotline-search-none")
        await ask_category(ctx)
        return
    buttons = [[ctx.pick(m.service.name(ctx.language), f"s{m.service.id}")] for m in matches]
    ctx.say("hotline-search-results", [*buttons, [ctx.pick(ctx.t("hotline-all-categories"), "c0")], menu_button(ctx)])


async def ask_service(ctx: Ctx) -> None:
    services = await services_in(ctx.session, ctx.data["category"])
    buttons = [
        [ctx.pick(f"{s.name(ctx.language)} · {price_text(ctx.services.catalog, ctx.language, s)}", f"s{s.id}")]
        for s in services
    ]
    category = await ctx.session.get(HotlineCategory, ctx.data["category"])
    assert category is not None
    ctx.say(
        "hotline-choose-service",
        [*buttons, [ctx.pick(ctx.t("hotline-back"), BACK)]],
        category=category.name(ctx.language),
    )


async def on_service(ctx: Ctx, value: str) -> None:
    if value == BACK:
        await ctx.advance("category", ask_category)
        return
    await _choose_service(ctx, int(value[1:]) if value[1:].isdigit() else 0)


async def _choose_service(ctx: Ctx, service_id: int) -> None:
    service = await ctx.session.get(HotlineService, service_id)
    if service is None or not service.is_open:
        ctx.say("hotline-service-unavailable")
        await ctx.advance("category", ask_category)
        return
    await ctx.advance("provider", ask_provider, service=service.id, category=service.category_id, answers={}, q=0)


async def _service(ctx: Ctx) -> HotlineService:
    service = await ctx.session.get(HotlineService, ctx.data["service"])
    assert service is not None
    return service


# --- provider -------------------------------------------------------------------------------------


async def ask_provider(ctx: Ctx) -> None:
    service = await _service(ctx)
    providers = await providers_serving(ctx.session, service.id, await _community(ctx))
    catalog, language = ctx.services.catalog, ctx.language
    ctx.say(
        "hotline-service-card",
        edit=False,
        service=service.name(language),
        description=service.description(language) or "",
        price=price_text(catalog, language, service),
        hours=hours_text(catalog, language, service.open_hour, service.close_hour),
        open="yes" if is_open_at(service.open_hour, service.close_hour, ctx.now, ctx.services.settings.tz) else "no",
        minutes=service.response_minutes,
        providers=len(providers),
    )
    buttons = [[ctx.pick(ctx.t("hotline-provider-any"), ANY)]]
    buttons += [[ctx.pick(p.name(language), p.id)] for p in providers]
    buttons.append([ctx.pick(ctx.t("hotline-back"), BACK)])
    ctx.say("hotline-choose-provider", buttons)


async def on_provider(ctx: Ctx, value: str) -> None:
    if value == BACK:
        await ctx.advance("service", ask_service)
        return
    chosen = None
    if value != ANY:
        service = await _service(ctx)
        serving = await providers_serving(ctx.session, service.id, await _community(ctx))
        chosen = next((p.id for p in serving if str(p.id) == value), None)
        if chosen is None:
            await ask_provider(ctx)
            return
    ctx.remember(provider=chosen, q=0)
    await _next_question(ctx)


# --- the service's questions ----------------------------------------------------------------------


async def _next_question(ctx: Ctx) -> None:
    service = await _service(ctx)
    if ctx.data["q"] < len(service.questions):
        await ctx.advance("question", ask_question)
    else:
        await ctx.advance("time", ask_time)


def _question(service: HotlineService, index: int) -> dict[str, Any]:
    return service.questions[index]


async def ask_question(ctx: Ctx) -> None:
    service = await _service(ctx)
    question = _question(service, ctx.data["q"])
    text = question["en" if ctx.language == "en" else "zh"]
    buttons = [ctx.pick(o["en" if ctx.language == "en" else "zh"], i) for i, o in enumerate(question["options"])]
    rows = _rows(buttons, 2)
    if not question["required"]:
        rows.append([ctx.pick(ctx.t("button-skip"), SKIP)])
    ctx.say(
        "hotline-question",
        rows,
        number=ctx.data["q"] + 1,
        total=len(service.questions),
        question=text,
        required="yes" if question["required"] else "no",
        typed="no" if question["options"] else "yes",
    )


async def _answer(ctx: Ctx, answer: str | None) -> None:
    service = await _service(ctx)
    question = _question(service, ctx.data["q"])
    answers = dict(ctx.data["answers"])
    if answer is not None:
        answers[question["key"]] = answer
    ctx.remember(answers=answers, q=ctx.data["q"] + 1)
    await _next_question(ctx)


async def on_question_pick(ctx: Ctx, value: str) -> None:
    service = await _service(ctx)
    question = _question(service, ctx.data["q"])
    if value == SKIP and not question["required"]:
        await _answer(ctx, None)
        return
    options = question["options"]
    if not value.isdigit() or int(value) >= len(options):
        await ask_question(ctx)
        return
    await _answer(ctx, options[int(value)]["zh"])


async def on_question_text(ctx: Ctx, text: str) -> None:
    service = await _service(ctx)
    question = _question(service, ctx.data["q"])
    if question["required"] and text.strip().lower() in SKIP_WORDS:
        ctx.say("hotline-question-must")
        await ask_question(ctx)
        return
    if question["options"]:  # typed where buttons were offered: the closest option, else ask again
        match = next((o["zh"] for o in question["options"] if text in (o["zh"], o["en"])), None)
        if match is None:
            ctx.say("hint-use-buttons")
            await ask_question(ctx)
            return
        await _answer(ctx, match)
        return
    if not question["required"] and text.strip().lower() in SKIP_WORDS:
        await _answer(ctx, None)
        return
    await _answer(ctx, text[:MAX_ANSWER])


# --- preferred time -------------------------------------------------------------------------------


def _windows(ctx: Ctx, service: HotlineService) -> list[tuple[int, datetime, datetime]]:
    """(days from today, start, end) of windows still ahead (at least an hour left), within the service's
    hours, today and the next days."""
    tz = ctx.services.settings.tz
    today = ctx.now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    found = []
    for day in range(DAYS_AHEAD):
        base = today + timedelta(days=day)
        for start_hour, end_hour in WINDOWS:
            if not service.round_the_clock and (start_hour < service.open_hour or end_hour > service.close_hour):
                continue
            start, end = base.replace(hour=start_hour), base.replace(hour=end_hour)
            if end - timedelta(hours=1) > ctx.now:
                found.append((day, start, end))
    return found


async def ask_time(ctx: Ctx) -> None:
    service = await _service(ctx)
    buttons = [ctx.pick(ctx.t("hotline-time-asap"), "asap")]
    for day, start, end in _windows(ctx, service):
        label = ctx.t("hotline-window-day", day=day, start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))
        buttons.append(ctx.pick(label, f"{int(start.timestamp())}-{int(end.timestamp())}"))
    ctx.say("hotline-choose-time", [*_rows(buttons, 1), [ctx.pick(ctx.t("hotline-back"), BACK)]])


async def on_time_pick(ctx: Ctx, value: str) -> None:
    if value == BACK:
        await ctx.advance("provider", ask_provider, q=0, answers={})
        return
    if value == "asap":
        ctx.remember(start=None, end=None)
    else:
        start_text, _, end_text = value.partition("-")
        if not (start_text.isdigit() and end_text.isdigit()):
            await ask_time(ctx)
            return
        start = datetime.fromtimestamp(int(start_text), ctx.services.settings.tz)
        end = datetime.fromtimestamp(int(end_text), ctx.services.settings.tz)
        if end <= ctx.now:  # a window that passed while the buttons waited
            ctx.say("hotline-time-past")
            await ask_time(ctx)
            return
        ctx.remember(start=start.isoformat(), end=end.isoformat())
    await _after_time(ctx)


async def on_time_text(ctx: Ctx, text: str) -> None:
    match = _TYPED_TIME.match(text)
    tz = ctx.services.settings.tz
    local_now = ctx.now.astimezone(tz)
    try:
        if match is None:
            raise ValueError(text)
        month, day, hour = int(match.group(1)), int(match.group(2)), int(match.group(3))
        minute = int(match.group(4) or 0)
        start = local_now.replace(month=month, day=day, hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        ctx.say("hotline-time-invalid")
        await ask_time(ctx)
        return
    if start <= ctx.now:
        ctx.say("hotline-time-past")
        await ask_time(ctx)
        return
    ctx.remember(start=start.isoformat(), end=(start + timedelta(hours=2)).isoformat())
    await _after_time(ctx)


async def _after_time(ctx: Ctx) -> None:
    await ctx.advance("address", ask_address)


# --- address, for whom, phone ---------------------------------------------------------------------


async def _profile_address(ctx: Ctx, who: Person, language: str = "zh") -> str | None:
    """The address kept on the profile. Stored on the request in Chinese, as the provider's staff read it
    at the door; shown on the resident's button in the resident's language."""
    if who.building_id is None and not who.unit:
        return None
    community = await ctx.session.get(Place, who.community_id) if who.community_id else None
    building = await ctx.session.get(Place, who.building_id) if who.building_id else None
    parts = [p.name(language) for p in (community, building) if p is not None]
    if who.unit:
        parts.append(who.unit)
    return ("" if language == "zh" else " ").join(parts)


async def ask_address(ctx: Ctx) -> None:
    home = await _profile_address(ctx, await _who(ctx), ctx.language)
    rows = []
    if home:
        rows.append([ctx.pick(ctx.t("hotline-address-home", address=home), "home")])
    rows.append([ctx.pick(ctx.t("hotline-address-other"), "other")])
    ctx.say("hotline-choose-address", rows)


async def on_address_pick(ctx: Ctx, value: str) -> None:
    who = await _who(ctx)
    home = await _profile_address(ctx, who)
    if value == "home" and home:
        # Kept in Chinese for the provider's staff; the resident's summary shows it in their language.
        shown = await _profile_address(ctx, who, ctx.language)
        ctx.remember(address=home, address_shown=shown)
        await _after_address(ctx)
    elif value == "other":
        await ctx.advance("address_text", ask_address_text, address_shown=None)
    else:
        await ask_address(ctx)


async def ask_address_text(ctx: Ctx) -> None:
    ctx.say("hotline-address-ask", [menu_button(ctx)], max=MAX_ADDRESS)


async def on_address_text(ctx: Ctx, text: str) -> None:
    ctx.remember(address=" ".join(text.split()))
    await _after_address(ctx)


async def _after_address(ctx: Ctx) -> None:
    if ctx.data.get("caller") is not None:  # an operator filing for a caller: the caller is the one served
        await ctx.advance("confirm", ask_confirm)
        return
    await ctx.advance("for_whom", ask_for_whom)


async def ask_for_whom(ctx: Ctx) -> None:
    ctx.say(
        "hotline-for-whom",
        [[ctx.pick(ctx.t("hotline-for-me"), "me")], [ctx.pick(ctx.t("hotline-for-other"), "other")]],
    )


async def on_for_whom(ctx: Ctx, value: str) -> None:
    if value == "other":
        await ctx.advance("other_name", ask_other_name)
    elif value == "me":
        ctx.remember(for_name=None, for_phone=None)
        if ctx.person.phone:
            await ctx.advance("confirm", ask_confirm)
        else:
            await ctx.advance("phone", ask_phone)
    else:
        await ask_for_whom(ctx)


async def ask_other_name(ctx: Ctx) -> None:
    ctx.say("hotline-other-name", [menu_button(ctx)])


async def on_other_name(ctx: Ctx, text: str) -> None:
    await ctx.advance("other_phone", ask_other_phone, for_name=" ".join(text.split()))


async def ask_other_phone(ctx: Ctx) -> None:
    ctx.say("hotline-other-phone", [menu_button(ctx)])


def parse_phone(text: str) -> str | None:
    digits = re.sub(r"[\s\-()]", "", text).removeprefix("+86").removeprefix("0086")
    return digits if PHONE.match(digits) else None


async def phone_or_ask_again(ctx: Ctx, text: str, ask: StepFn) -> str | None:
    """The mobile number typed, or (not one) say so and ask the same question again."""
    phone = parse_phone(text)
    if phone is None:
        ctx.say("hotline-phone-invalid")
        await ask(ctx)
    return phone


async def on_other_phone(ctx: Ctx, text: str) -> None:
    phone = await phone_or_ask_again(ctx, text, ask_other_phone)
    if phone is None:
        return
    await ctx.advance("confirm", ask_confirm, for_phone=phone)


async def ask_phone(ctx: Ctx) -> None:
    ctx.say("hotline-phone-ask", [menu_button(ctx)])


async def on_phone(ctx: Ctx, text: str) -> None:
    phone = await phone_or_ask_again(ctx, text, ask_phone)
    if phone is None:
        return
    ctx.person.phone = phone  # kept on the profile, as /me would: the resident sees and can remove it there
    await ctx.advance("confirm", ask_confirm)


# --- confirm --------------------------------------------------------------------------------------


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def ask_confirm(ctx: Ctx) -> None:
    service = await _service(ctx)
    who = await _who(ctx)
    provider = await ctx.session.get(HotlineProvider, ctx.data["provider"]) if ctx.data.get("provider") else None
    catalog, language, tz = ctx.services.catalog, ctx.language, ctx.services.settings.tz
    start, end = _moment(ctx.data.get("start")), _moment(ctx.data.get("end"))
    ctx.say(
        "hotline-confirm-summary",
        [
            [ctx.pick(ctx.t("hotline-submit"), "yes")],
            [ctx.pick(ctx.t("button-cancel"), "no")],
        ],
        service=service.name(language),
        price=price_text(catalog, language, service),
        provider=provider.name(language) if provider else ctx.t("hotline-provider-any"),
        answers=answers_text(catalog, language, service, ctx.data["answers"]),
        time=window_text(catalog, language, tz, start, end) if start and end else ctx.t("hotline-time-asap"),
        address=ctx.data.get("address_shown") or ctx.data["address"],
        # Only what exists: a name without a phone, or the other way round, leaves no "-" behind.
        contact=" ".join(
            part
            for part in (ctx.data.get("for_name") or who.display_name, ctx.data.get("for_phone") or who.phone)
            if part
        )
        or "",
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value != "yes":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    service = await _service(ctx)
    who = await _who(ctx)
    community = await _community(ctx)
    new = NewRequest(
        service=service,
        community=community,
        requester_id=who.id,
        address=ctx.data["address"],
        contact_phone=who.phone,
        answers=dict(ctx.data["answers"]),
        preferred_start=_moment(ctx.data.get("start")),
        preferred_end=_moment(ctx.data.get("end")),
        chosen_provider_id=ctx.data.get("provider"),
        for_name=ctx.data.get("for_name"),
        for_phone=ctx.data.get("for_phone"),
        created_by_id=ctx.person.id if ctx.data.get("caller") is not None else None,
    )
    caller = ctx.data.get("caller") is not None
    ctx.leave()
    request = await create_request(ctx.session, new, ctx.now, ctx.services.settings.tz)
    offer = await dispatch_and_tell(ctx, request)
    ctx.say(
        "hotline-submitted",
        [[ctx.button("hotline-open-request", HotlineMine(request.id, "view"))] if not caller else [], menu_button(ctx)],
        ticket=request.ticket,
        service=service.name(ctx.language),
        queued="yes" if offer is None else "no",
        minutes=service.response_minutes,
    )


# --- /myrequests ----------------------------------------------------------------------------------


async def run_my_requests(ctx: Ctx) -> None:
    requests = await requests_of(ctx.session, ctx.person.id)
    if not requests:
        ctx.say("hotline-my-none", [[ctx.button("menu-hotline", MenuAction("services"))], menu_button(ctx)])
        return
    rows = []
    for request in requests:
        service = await ctx.session.get(HotlineService, request.service_id)
        assert service is not None
        label = ctx.t(
            "hotline-my-line",
            ticket=request.ticket[-4:],
            service=service.name(ctx.language),
            status=status_text(ctx.services.catalog, ctx.language, request.status),
        )
        rows.append([ctx.button("hotline-plain", HotlineMine(request.id, "view"), text=label)])
    ctx.say("hotline-my-list", [*rows, menu_button(ctx)], count=len(requests))


async def show_my_request(ctx: Ctx, request_id: int) -> None:
    request = await own_request(ctx.session, request_id, ctx.person.id)
    service = await ctx.session.get(HotlineService, request.service_id)
    assert service is not None
    provider = await ctx.session.get(HotlineProvider, request.provider_id) if request.provider_id else None
    catalog, language = ctx.services.catalog, ctx.language
    rows: list[list[Button]] = []
    if request.status in CANCELLABLE:
        rows.append([ctx.button("hotline-cancel-request", HotlineMine(request.id, "cancel"))])
    if request.status is RequestStatus.done:
        rows.append(
            [
                ctx.button("hotline-confirm", HotlineMine(request.id, "confirm")),
                ctx.button("hotline-notdone", HotlineMine(request.id, "notdone")),
            ]
        )
    if request.done_media_id is not None and request.status in (RequestStatus.done, RequestStatus.closed):
        rows.append([ctx.button("hotline-see-photo", HotlineMine(request.id, "photo"))])
    rows.append([ctx.button("hotline-my-back", MenuAction("myrequests"))])
    rows.append(menu_button(ctx))
    ctx.say(
        "hotline-my-request",
        rows,
        ticket=request.ticket,
        service=service.name(language),
        status=status_text(catalog, language, request.status),
        provider=provider.name(language) if provider else "",
        time=preferred_text(catalog, language, ctx.services.settings.tz, request),
        eta=ctx.when(request.eta_at) if request.eta_at else "",
        note=request.done_note or "",
        rating=request.rating or 0,
    )


async def on_mine(ctx: Ctx, item: HotlineMine) -> None:
    if item.action == "view":
        await show_my_request(ctx, item.case)
        return
    request = await own_request(ctx.session, item.case, ctx.person.id)
    if item.action == "cancel":
        if request.status not in CANCELLABLE:
            raise DomainError("hotline-cannot-cancel", ticket=request.ticket)
        ctx.enter(CANCEL_FLOW, "confirm", case=request.id)
        await ask_cancel(ctx)
    elif item.action == "confirm":
        if request.status is not RequestStatus.done:
            raise DomainError("hotline-not-done-yet", ticket=request.ticket)
        ctx.enter(RATE_FLOW, "stars", case=request.id)
        await ask_stars(ctx)
    elif item.action == "notdone":
        await _reopen(ctx, request.id)
    elif item.action == "photo":
        media = await load_media(ctx.session, request.done_media_id) if request.done_media_id else None
        if media is None:
            raise DomainError("hotline-no-photo")
        ctx.reply(
            ctx.t("hotline-photo-caption", ticket=request.ticket),
            [menu_button(ctx)],
            photo=Document(media.filename, media.content, media.mime_type),
        )
    else:
        raise InvalidButton(f"hotline mine action {item.action}")


async def _reopen(ctx: Ctx, request_id: int) -> None:
    request = await own_request(ctx.session, request_id, ctx.person.id)
    service = await ctx.session.get(HotlineService, request.service_id)
    assert service is not None
    await reopen_request(ctx.session, request, ctx.now, service.completion_hours)
    await timers.cancel(ctx.session, CLOSE_TIMER, request.id)
    await watch(ctx.session, request)
    assert request.provider_id is not None
    await tell_provider(ctx, request, request.provider_id, "reopened")
    await tell_operators(ctx, request, None, "hotline-reopened")
    ctx.say("hotline-reopened", [menu_button(ctx)], ticket=request.ticket)


async def ask_cancel(ctx: Ctx) -> None:
    ctx.say(
        "hotline-cancel-confirm",
        [[ctx.pick(ctx.t("hotline-cancel-yes"), "yes")], [ctx.pick(ctx.t("hotline-cancel-no"), "no")]],
    )


async def on_cancel(ctx: Ctx, value: str) -> None:
    case = ctx.data["case"]
    ctx.leave()
    if value != "yes":
        await show_my_request(ctx, case)
        return
    request = await own_request(ctx.session, case, ctx.person.id)
    had_provider = await cancel_request(ctx.session, request, ctx.now)
    await timers.cancel(ctx.session, "hotline.offer", request.current_offer_id or 0)
    await watch(ctx.session, request)
    if had_provider is not None:
        await tell_provider(ctx, request, had_provider, "cancelled")
    ctx.say("hotline-cancelled", [menu_button(ctx)], ticket=request.ticket)


async def ask_stars(ctx: Ctx) -> None:
    stars = [ctx.pick("⭐" * n, n) for n in range(5, 0, -1)]
    ctx.say("hotline-rate-ask", _rows(stars, 1))


async def on_stars(ctx: Ctx, value: str) -> None:
    if value not in ("1", "2", "3", "4", "5"):
        await ask_stars(ctx)
        return
    await ctx.advance("comment", ask_comment, stars=int(value))


async def ask_comment(ctx: Ctx) -> None:
    ctx.say("hotline-comment-ask", [[ctx.pick(ctx.t("button-skip"), SKIP)]])


async def _finish_rating(ctx: Ctx, comment: str | None) -> None:
    case, stars = ctx.data["case"], ctx.data["stars"]
    ctx.leave()
    request = await own_request(ctx.session, case, ctx.person.id)
    await confirm_request(ctx.session, request, ctx.now, stars, comment)
    await timers.cancel(ctx.session, CLOSE_TIMER, request.id)
    ctx.say("hotline-rated", [menu_button(ctx)], ticket=request.ticket, stars=stars)


async def on_comment_skip(ctx: Ctx, value: str) -> None:
    await _finish_rating(ctx, None)


async def on_comment(ctx: Ctx, text: str) -> None:
    await _finish_rating(ctx, text)


FLOWS = [
    Flow(
        FLOW,
        {
            "category": Step(ask_category, on_pick=on_category, on_text=on_search, max_text=60),
            "service": Step(ask_service, on_pick=on_service),
            "provider": Step(ask_provider, on_pick=on_provider),
            "question": Step(ask_question, on_pick=on_question_pick, on_text=on_question_text, max_text=MAX_ANSWER),
            "time": Step(ask_time, on_pick=on_time_pick, on_text=on_time_text, max_text=30),
            "address": Step(ask_address, on_pick=on_address_pick),
            "address_text": Step(ask_address_text, on_text=on_address_text, max_text=MAX_ADDRESS),
            "for_whom": Step(ask_for_whom, on_pick=on_for_whom),
            "other_name": Step(ask_other_name, on_text=on_other_name, max_text=20),
            "other_phone": Step(ask_other_phone, on_text=on_other_phone, max_text=30),
            "phone": Step(ask_phone, on_text=on_phone, max_text=30),
            "confirm": Step(ask_confirm, on_pick=on_confirm),
        },
    ),
    Flow(
        RATE_FLOW,
        {
            "stars": Step(ask_stars, on_pick=on_stars),
            "comment": Step(ask_comment, on_pick=on_comment_skip, on_text=on_comment, max_text=200),
        },
    ),
    Flow(CANCEL_FLOW, {"confirm": Step(ask_cancel, on_pick=on_cancel)}),
]


COMMANDS = [
    Command(
        "services",
        run_services,
        None,
        Audience.residents,
        keywords=(
            "12343",
            "便民",
            "家政",
            "保洁",
            "送餐",
            "助餐",
            "开锁",
            "家电",
            "上门",
            "service",
            "cleaning",
            "meal",
        ),
    ),
    Command("myrequests", run_my_requests, None, Audience.residents, keywords=("我的服务", "我的工单", "my request")),
]
BUTTONS: dict[type[Payload], ButtonFn] = {HotlineMine: on_mine}
MENU = [MenuEntry("menu-hotline", "services", Audience.residents, 15)]

"""Volunteers, the volunteer's side: /volunteer (register, edit, pause), answering offers, doing a task,
/myhours and the residents' ranking. The coordinator's side is in staff.py, the dispatching in
dispatch.py; the rules in models/volunteers/store.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Reply
from handlers.profile.resident import PHONE
from handlers.volunteers.buttons import Doing, Mine, OfferAnswer
from handlers.volunteers.dispatch import (
    Notifier,
    doing_buttons,
    hours_text,
    next_wave,
    task_text,
    tell_coordinators,
    window_text,
)
from handlers.volunteers.staff import (
    month_bounds,
    tell_about_application,
    tell_hours_reported,
)
from handlers.volunteers.text import parse_hours
from models.errors import DomainError
from models.people import Person
from models.places import Place, PlaceKind, buildings_of_community, children
from models.privacy import Shown, record_personal_view
from models.volunteers.store import (
    DAYS,
    ROLE_SKILLS,
    SERVICE_SKILLS,
    SKILLS,
    SLOTS,
    OfferStatus,
    TaskKind,
    VolunteerOffer,
    VolunteerProfile,
    VolunteerStatus,
    VolunteerTask,
    answer_offer,
    hours_summary,
    mark_on_way,
    monthly_ranking,
    my_offers,
    profile_of,
    public_ranking,
    report_done,
    set_paused,
    submit_profile,
    withdraw,
)

JOIN = "volunteers-join"
DONE = "volunteers-done"
NEXT = "next"
SKIP = "-"
HOURS_CHOICES = ("0.5", "1", "1.5", "2", "3", "4")
DONE_EARLY = timedelta(hours=1)  # "done" makes sense from shortly before the start


def _rows(buttons: list[Button], per_row: int = 2) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


# --- the volunteer page ---------------------------------------------------------------------------


async def run_volunteer(ctx: Ctx) -> None:
    await show_mine(ctx)


async def show_mine(ctx: Ctx, *, intro: str | None = None, edit: bool = False) -> None:
    profile = await profile_of(ctx.session, ctx.person.id)
    stars = ctx.button("volunteers-stars", Mine("stars"))
    if profile is None:
        ctx.say(
            "volunteers-intro",
            [[ctx.button("volunteers-register", Mine("register"))], [stars], menu_button(ctx)],
            edit=edit,
        )
        return
    if profile.status is VolunteerStatus.rejected:
        ctx.say(
            "volunteers-rejected-page",
            [[ctx.button("volunteers-apply-again", Mine("register"))], menu_button(ctx)],
            edit=edit,
            reason=profile.reject_reason or "",
        )
        return
    summary = await profile_summary(ctx, profile)
    pause = (
        ctx.button("volunteers-resume", Mine("resume"))
        if profile.status is VolunteerStatus.paused
        else ctx.button("volunteers-pause", Mine("pause"))
    )
    rows = []
    if profile.status is not VolunteerStatus.pending:
        rows.append(
            [ctx.button("volunteers-my-tasks", Mine("tasks")), ctx.button("volunteers-my-hours", Mine("hours"))]
        )
    rows += [
        [ctx.button("volunteers-edit-skills", Mine("skills")), ctx.button("volunteers-edit-areas", Mine("areas"))],
        [ctx.button("volunteers-edit-time", Mine("time")), ctx.button("volunteers-edit-phone", Mine("phone"))],
        [ctx.button("volunteers-edit-rank", Mine("rank"))]
        + ([pause] if profile.status is not VolunteerStatus.pending else []),
        [stars, *menu_button(ctx)],
    ]
    text = ctx.t("volunteers-page", summary=summary)
    ctx.reply(f"{intro}\n\n{text}" if intro else text, rows, edit=edit)


async def profile_summary(ctx: Ctx, profile: VolunteerProfile) -> str:
    return ctx.t(
        "volunteers-profile",
        status=profile.status.value,
        skills=_skills_text(ctx, profile.skills),
        areas=await _areas_text(ctx, profile.areas),
        time=_time_text(ctx, profile.days, profile.slots),
        phone="yes" if profile.share_phone else "no",
        rank="yes" if profile.in_ranking else "no",
    )


def _skills_text(ctx: Ctx, skills: list[str]) -> str:
    return ctx.t("list-separator").join(ctx.t("volunteers-skill", skill=s) for s in skills)


async def _areas_text(ctx: Ctx, areas: list[int]) -> str:
    names = []
    for area_id in areas:
        place = await ctx.session.get(Place, area_id)
        if place is not None:
            names.append(place.name(ctx.language))
    return ctx.t("list-separator").join(names)


def _time_text(ctx: Ctx, days: list[str], slots: list[str]) -> str:
    separator = ctx.t("list-separator")
    day_text = separator.join(ctx.t("volunteers-day", day=d) for d in days)
    slot_text = separator.join(ctx.t("volunteers-slot", slot=s) for s in slots)
    return ctx.t("volunteers-time", days=day_text, slots=slot_text)


async def on_mine(ctx: Ctx, item: Mine) -> None:
    if not ctx.person.is_registered:
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    profile = await profile_of(ctx.session, ctx.person.id)
    if item.action == "stars":
        await show_stars(ctx)
        return
    if item.action == "page":
        await show_mine(ctx, edit=True)
        return
    if item.action == "register":
        if profile is not None and profile.status is not VolunteerStatus.rejected:
            await show_mine(ctx, intro=ctx.t("volunteers-already-registered"))
            return
        ctx.enter(JOIN, "skills", mode="join", skills=[], areas=[], days=[], slots=[], share_phone=False, rank=False)
        await ask_skills(ctx)
        return
    if profile is None or profile.status is VolunteerStatus.rejected:
        await show_mine(ctx)
        return
    if item.action in ("pause", "resume"):
        set_paused(profile, item.action == "pause")
        await show_mine(ctx, intro=ctx.t("volunteers-paused" if item.action == "pause" else "volunteers-resumed"))
    elif item.action == "tasks":
        await show_my_tasks(ctx, profile)
    elif item.action == "hours":
        await show_hours(ctx)
    elif item.action == "cert":
        await show_certificate(ctx)
    elif item.action in ("skills", "areas", "time", "phone", "rank"):
        step = {"skills": "skills", "areas": "areas", "time": "days", "phone": "phone", "rank": "rank"}[item.action]
        ctx.enter(
            JOIN,
            step,
            mode="edit",
            section=item.action,
            skills=list(profile.skills),
            areas=list(profile.areas),
            days=list(profile.days),
            slots=list(profile.slots),
            share_phone=profile.share_phone,
            rank=profile.in_ranking,
        )
        await JOIN_STEPS[step].ask(ctx)
    else:
        raise InvalidButton(f"volunteer action {item.action}")


# --- registration and editing: one flow, entered at the start or at the section being edited -------


def _toggle(ctx: Ctx, key: str, value: str | int) -> None:
    chosen = list(ctx.data[key])
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    ctx.remember(**{key: chosen})


def _mark(selected: bool, label: str) -> str:
    return f"✅ {label}" if selected else label


def _next_button(ctx: Ctx) -> Button:
    editing = ctx.data.get("mode") == "edit"
    return ctx.pick(ctx.t("volunteers-save" if editing else "volunteers-next"), NEXT)


async def ask_skills(ctx: Ctx, *, edit: bool = False) -> None:
    chosen = ctx.data["skills"]

    def picks(skills: tuple[str, ...]) -> list[Button]:
        return [ctx.pick(_mark(s in chosen, ctx.t("volunteers-skill", skill=s)), s) for s in skills]

    rows = [*_rows(picks(ROLE_SKILLS)), *_rows(picks(SERVICE_SKILLS)), [_next_button(ctx)]]
    ctx.say("volunteers-ask-skills", rows, edit=edit)


async def on_skill(ctx: Ctx, value: str) -> None:
    if value == NEXT:
        if not ctx.data["skills"]:
            ctx.say("volunteers-need-skill")
            await ask_skills(ctx)
            return
        await _section_done(ctx, "areas")
        return
    if value not in SKILLS:
        raise InvalidButton("unknown skill")
    _toggle(ctx, "skills", value)
    await ask_skills(ctx, edit=True)


async def _community(ctx: Ctx) -> Place:
    community = await ctx.session.get(Place, ctx.person.community_id) if ctx.person.community_id else None
    if community is None:
        raise InvalidButton("no community")
    return community


async def ask_areas(ctx: Ctx, *, edit: bool = False) -> None:
    community = await _community(ctx)
    chosen = ctx.data["areas"]
    grids = await children(ctx.session, community.id)
    buttons = [ctx.pick(_mark(g.id in chosen, g.name(ctx.language)), str(g.id)) for g in grids]
    rows = [
        [ctx.pick(_mark(community.id in chosen, ctx.t("volunteers-whole-community")), str(community.id))],
        *_rows(buttons),
        [ctx.pick(ctx.t("volunteers-by-building"), "buildings")],
        [_next_button(ctx)],
    ]
    ctx.say("volunteers-ask-areas", rows, edit=edit, community=community.name(ctx.language))


async def on_area(ctx: Ctx, value: str) -> None:
    community = await _community(ctx)
    if value == NEXT:
        if not ctx.data["areas"]:
            ctx.say("volunteers-need-area")
            await ask_areas(ctx)
            return
        await _section_done(ctx, "days")
        return
    if value == "buildings":
        await ctx.advance("buildings", ask_buildings)
        return
    place = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if place is None or not community.contains(place):
        raise InvalidButton("area outside the community")
    if place.id == community.id:
        # The whole community covers everything; a list of grids beside it would say nothing more.
        ctx.remember(areas=[] if community.id in ctx.data["areas"] else [community.id])
    else:
        ctx.remember(areas=[a for a in ctx.data["areas"] if a != community.id])
        _toggle(ctx, "areas", place.id)
    await ask_areas(ctx, edit=True)


async def ask_buildings(ctx: Ctx, *, edit: bool = False) -> None:
    community = await _community(ctx)
    chosen = ctx.data["areas"]
    buildings = await buildings_of_community(ctx.session, community)
    buttons = [ctx.pick(_mark(b.id in chosen, b.name(ctx.language)), str(b.id)) for b in buildings]
    ctx.say("volunteers-ask-buildings", [*_rows(buttons, 3), [ctx.pick(ctx.t("volunteers-back"), "back")]], edit=edit)


async def on_building(ctx: Ctx, value: str) -> None:
    community = await _community(ctx)
    if value == "back":
        await ctx.advance("areas", ask_areas)
        return
    place = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if place is None or place.kind is not PlaceKind.building or not community.contains(place):
        raise InvalidButton("building outside the community")
    ctx.remember(areas=[a for a in ctx.data["areas"] if a != community.id])
    _toggle(ctx, "areas", place.id)
    await ask_buildings(ctx, edit=True)


async def ask_days(ctx: Ctx, *, edit: bool = False) -> None:
    chosen = ctx.data["days"]
    buttons = [ctx.pick(_mark(d in chosen, ctx.t("volunteers-day", day=d)), d) for d in DAYS]
    every = ctx.pick(_mark(len(chosen) == len(DAYS), ctx.t("volunteers-every-day")), "all")
    ctx.say("volunteers-ask-days", [*_rows(buttons, 4), [every], [_next_button_plain(ctx)]], edit=edit)


def _next_button_plain(ctx: Ctx) -> Button:
    return ctx.pick(ctx.t("volunteers-next"), NEXT)


async def on_day(ctx: Ctx, value: str) -> None:
    if value == NEXT:
        if not ctx.data["days"]:
            ctx.say("volunteers-need-time")
            await ask_days(ctx)
            return
        await ctx.advance("slots", ask_slots)
        return
    if value == "all":
        ctx.remember(days=[] if len(ctx.data["days"]) == len(DAYS) else list(DAYS))
    elif value in DAYS:
        _toggle(ctx, "days", value)
    else:
        raise InvalidButton("unknown day")
    await ask_days(ctx, edit=True)


async def ask_slots(ctx: Ctx, *, edit: bool = False) -> None:
    chosen = ctx.data["slots"]
    buttons = [ctx.pick(_mark(s in chosen, ctx.t("volunteers-slot", slot=s)), s) for s in SLOTS]
    ctx.say("volunteers-ask-slots", [[b] for b in buttons] + [[_next_button(ctx)]], edit=edit)


async def on_slot(ctx: Ctx, value: str) -> None:
    if value == NEXT:
        if not ctx.data["slots"]:
            ctx.say("volunteers-need-time")
            await ask_slots(ctx)
            return
        await _section_done(ctx, "phone")
        return
    if value not in SLOTS:
        raise InvalidButton("unknown slot")
    _toggle(ctx, "slots", value)
    await ask_slots(ctx, edit=True)


async def ask_phone(ctx: Ctx) -> None:
    ctx.say(
        "volunteers-ask-phone",
        [[ctx.pick(ctx.t("volunteers-phone-yes"), "yes")], [ctx.pick(ctx.t("volunteers-phone-no"), "no")]],
    )


async def on_phone(ctx: Ctx, value: str) -> None:
    if value not in ("yes", "no"):
        raise InvalidButton("phone answer")
    ctx.remember(share_phone=value == "yes")
    if value == "yes" and not ctx.person.phone:
        await ctx.advance("phone_number", ask_phone_number)
        return
    await _section_done(ctx, "rank")


async def ask_phone_number(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-phone-number", [[ctx.pick(ctx.t("volunteers-phone-no"), "no")]])


async def on_phone_number(ctx: Ctx, text: str) -> None:
    digits = re.sub(r"[\s\-()]", "", text).removeprefix("+86").removeprefix("0086")
    if not PHONE.match(digits):
        ctx.say("profile-phone-invalid")
        await ask_phone_number(ctx)
        return
    ctx.person.phone = digits
    await _section_done(ctx, "rank")


async def on_phone_number_skip(ctx: Ctx, value: str) -> None:
    ctx.remember(share_phone=False)
    await _section_done(ctx, "rank")


async def ask_rank(ctx: Ctx) -> None:
    ctx.say(
        "volunteers-ask-rank",
        [[ctx.pick(ctx.t("volunteers-rank-yes"), "yes")], [ctx.pick(ctx.t("volunteers-rank-no"), "no")]],
    )


async def on_rank(ctx: Ctx, value: str) -> None:
    if value not in ("yes", "no"):
        raise InvalidButton("rank answer")
    ctx.remember(rank=value == "yes")
    await _section_done(ctx, "confirm")


async def _section_done(ctx: Ctx, next_step: str) -> None:
    """Registering: on to the next question. Editing: save the section and go back to the page."""
    if ctx.data.get("mode") == "edit":
        profile = await profile_of(ctx.session, ctx.person.id)
        if profile is None:
            raise InvalidButton("no profile to edit")
        profile.skills = [s for s in SKILLS if s in ctx.data["skills"]]
        profile.areas = list(ctx.data["areas"])
        profile.days = [d for d in DAYS if d in ctx.data["days"]]
        profile.slots = [s for s in SLOTS if s in ctx.data["slots"]]
        profile.share_phone = bool(ctx.data["share_phone"])
        profile.in_ranking = bool(ctx.data["rank"])
        ctx.leave()
        await show_mine(ctx, intro=ctx.t("volunteers-saved"))
        return
    ctx.goto(next_step)
    await JOIN_STEPS[next_step].ask(ctx)


async def ask_confirm(ctx: Ctx) -> None:
    summary = ctx.t(
        "volunteers-profile",
        status="draft",
        skills=_skills_text(ctx, ctx.data["skills"]),
        areas=await _areas_text(ctx, ctx.data["areas"]),
        time=_time_text(ctx, ctx.data["days"], ctx.data["slots"]),
        phone="yes" if ctx.data["share_phone"] else "no",
        rank="yes" if ctx.data["rank"] else "no",
    )
    ctx.say(
        "volunteers-confirm",
        [[ctx.pick(ctx.t("volunteers-submit"), "submit")], [ctx.pick(ctx.t("button-cancel"), "cancel")]],
        summary=summary,
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value != "submit":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    profile = await submit_profile(
        ctx.session,
        ctx.person,
        skills=ctx.data["skills"],
        areas=ctx.data["areas"],
        days=ctx.data["days"],
        slots=ctx.data["slots"],
        share_phone=bool(ctx.data["share_phone"]),
        in_ranking=bool(ctx.data["rank"]),
    )
    ctx.leave()
    told = await tell_about_application(ctx, profile)
    await show_mine(ctx, intro=ctx.t("volunteers-submitted", told=told))


JOIN_STEPS = {
    "skills": Step(ask_skills, on_pick=on_skill),
    "areas": Step(ask_areas, on_pick=on_area),
    "buildings": Step(ask_buildings, on_pick=on_building),
    "days": Step(ask_days, on_pick=on_day),
    "slots": Step(ask_slots, on_pick=on_slot),
    "phone": Step(ask_phone, on_pick=on_phone),
    "phone_number": Step(ask_phone_number, on_pick=on_phone_number_skip, on_text=on_phone_number, max_text=30),
    "rank": Step(ask_rank, on_pick=on_rank),
    "confirm": Step(ask_confirm, on_pick=on_confirm),
}


# --- offers and doing the task --------------------------------------------------------------------


async def _my_offer(ctx: Ctx, offer_id: int) -> tuple[VolunteerOffer, VolunteerTask, VolunteerProfile]:
    offer = await ctx.session.get(VolunteerOffer, offer_id)
    profile = await ctx.session.get(VolunteerProfile, offer.profile_id) if offer else None
    if offer is None or profile is None or profile.person_id != ctx.person.id:
        raise DomainError("volunteers-not-yours")
    task = await ctx.session.get(VolunteerTask, offer.task_id)
    assert task is not None
    return offer, task, profile


async def on_offer(ctx: Ctx, item: OfferAnswer) -> None:
    if item.answer not in ("y", "n"):
        raise InvalidButton("offer answer")
    direct = False
    existing = await ctx.session.get(VolunteerOffer, item.offer)
    if existing is not None:
        direct = existing.status is OfferStatus.assigned
    offer = await answer_offer(ctx.session, item.offer, ctx.person.id, accept=item.answer == "y", now=ctx.now)
    task = await ctx.session.get(VolunteerTask, offer.task_id, populate_existing=True)
    assert task is not None
    n = Notifier(ctx)
    name = ctx.person.display_name
    if item.answer == "n":
        ctx.say("volunteers-declined-ok", [menu_button(ctx)], edit=True)
        if direct:
            await tell_coordinators(n, task, "refused", name)
        return
    facts = await task_text(ctx.session, ctx.services, ctx.language, task)
    details = await _visit_details(ctx, task)
    ctx.reply(
        ctx.t("volunteers-accepted", facts=facts, details=details or ""),
        doing_buttons(n, ctx.language, offer.id),
        edit=True,
    )
    if task.kind is TaskKind.visit and task.resident_id is not None:
        await _tell_resident(ctx, task, offer)
    if task.places_left == 0:
        await tell_coordinators(n, task, "filled", name)
    elif direct:
        await tell_coordinators(n, task, "confirmed", name)


async def _visit_details(ctx: Ctx, task: VolunteerTask) -> str:
    """Where to go and whom to call, for the volunteer who took a visit: only now, not in the offer."""
    if task.kind is not TaskKind.visit or task.resident_id is None:
        return ""
    resident = await ctx.session.get(Person, task.resident_id)
    if resident is None:
        return ""
    building = await ctx.session.get(Place, resident.building_id) if resident.building_id else None
    await record_personal_view(
        ctx.session,
        ctx.person.id,
        ctx.now,
        object_type="volunteer_task",
        object_id=task.id,
        place_id=task.community_id,
        shown=[Shown.address, Shown.phone] if resident.phone else [Shown.address],
        reason="volunteers.visit",
        via=ctx.account.channel,
    )
    return ctx.t(
        "volunteers-visit-details",
        name=resident.display_name,
        address=" ".join(x for x in (building.name(ctx.language) if building else "", resident.unit or "") if x),
        phone=resident.phone or "",
    )


async def _tell_resident(ctx: Ctx, task: VolunteerTask, offer: VolunteerOffer) -> None:
    resident = await ctx.session.get(Person, task.resident_id)
    profile = await ctx.session.get(VolunteerProfile, offer.profile_id)
    if resident is None or profile is None or resident.forgotten_at is not None:
        return
    n = Notifier(ctx)
    phone = ctx.person.phone if profile.share_phone and ctx.person.phone else ""
    name = ctx.person.display_name

    def render(language: str) -> Reply:
        t = ctx.services.catalog.t
        text = t(
            language,
            "volunteers-visit-coming",
            {"name": name, "window": window_text(ctx.services, language, task), "phone": phone or ""},
        )
        return Reply(text, ((n.menu(language),),))

    await n.tell(resident, "volunteers-visit-coming", render, quiet=True)


async def on_doing(ctx: Ctx, item: Doing) -> None:
    offer, task, _profile = await _my_offer(ctx, item.offer)
    n = Notifier(ctx)
    name = ctx.person.display_name
    if item.action == "way":
        await mark_on_way(offer, ctx.now)
        ctx.say("volunteers-on-way-ok", (*doing_buttons(n, ctx.language, offer.id)[:1], tuple(menu_button(ctx))))
        await tell_coordinators(n, task, "way", name)
    elif item.action == "cant":
        task = await withdraw(ctx.session, offer, ctx.now)
        ctx.say("volunteers-cant-ok", [menu_button(ctx)], edit=True)
        await tell_coordinators(n, task, "cant", name)
        await next_wave(n, task)
    elif item.action == "done":
        if offer.status is not OfferStatus.accepted:
            raise DomainError("volunteers-offer-gone")
        if ctx.now < task.starts_at - DONE_EARLY:
            raise DomainError("volunteers-too-early", start=ctx.when(task.starts_at))
        ctx.enter(DONE, "hours", offer=offer.id, visit=task.kind is TaskKind.visit)
        await ask_hours(ctx)
    else:
        raise InvalidButton(f"doing {item.action}")


async def show_my_tasks(ctx: Ctx, profile: VolunteerProfile) -> None:
    items = await my_offers(ctx.session, profile.id, ctx.now)
    if not items:
        ctx.say("volunteers-no-tasks", [[ctx.button("volunteers-back-page", Mine("page"))], menu_button(ctx)])
        return
    n = Notifier(ctx)
    for offer, task in items:
        facts = await task_text(ctx.session, ctx.services, ctx.language, task)
        if offer.status is OfferStatus.accepted:
            details = await _visit_details(ctx, task)
            ctx.say("volunteers-my-task", doing_buttons(n, ctx.language, offer.id), facts=facts, details=details or "")
        else:
            ctx.say(
                "volunteers-my-offer",
                [
                    [
                        ctx.button("volunteers-accept", OfferAnswer(offer.id, "y")),
                        ctx.button("volunteers-decline", OfferAnswer(offer.id, "n")),
                    ]
                ],
                facts=facts,
                deadline=ctx.when(offer.answer_by),
            )
    ctx.say("volunteers-tasks-end", [menu_button(ctx)], count=len(items))


# --- reporting "done" -----------------------------------------------------------------------------


async def ask_hours(ctx: Ctx) -> None:
    picks = [ctx.pick(ctx.t("volunteers-hours-choice", hours=h), h) for h in HOURS_CHOICES]
    ctx.say("volunteers-ask-hours", _rows(picks, 3))


async def on_hours_pick(ctx: Ctx, value: str) -> None:
    await _hours(ctx, value)


async def on_hours_text(ctx: Ctx, text: str) -> None:
    await _hours(ctx, text)


async def _hours(ctx: Ctx, text: str) -> None:
    minutes = parse_hours(text)
    if minutes is None:
        ctx.say("volunteers-bad-hours")
        await ask_hours(ctx)
        return
    await ctx.advance("outcome", ask_outcome, minutes=minutes)


async def ask_outcome(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-outcome", [[ctx.pick(ctx.t("button-skip"), SKIP)]])


async def on_outcome_text(ctx: Ctx, text: str) -> None:
    ctx.remember(outcome=text)
    await _after_outcome(ctx)


async def on_outcome_skip(ctx: Ctx, value: str) -> None:
    ctx.remember(outcome="")
    await _after_outcome(ctx)


async def _after_outcome(ctx: Ctx) -> None:
    if ctx.data.get("visit"):
        await ctx.advance("wellbeing", ask_wellbeing)
    else:
        await _finish_done(ctx)


async def ask_wellbeing(ctx: Ctx) -> None:
    picks = [ctx.pick(ctx.t("volunteers-wellbeing-choice", score=score), score) for score in range(5, 0, -1)]
    ctx.say("volunteers-ask-wellbeing", [[p] for p in picks])


async def on_wellbeing(ctx: Ctx, value: str) -> None:
    if value not in {"1", "2", "3", "4", "5"}:
        raise InvalidButton("wellbeing")
    await ctx.advance("note", ask_note, wellbeing=int(value))


async def ask_note(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-note", [[ctx.pick(ctx.t("button-skip"), SKIP)]])


async def on_note_text(ctx: Ctx, text: str) -> None:
    ctx.remember(note=text)
    await _finish_done(ctx)


async def on_note_skip(ctx: Ctx, value: str) -> None:
    ctx.remember(note="")
    await _finish_done(ctx)


async def _finish_done(ctx: Ctx) -> None:
    offer, task, profile = await _my_offer(ctx, int(ctx.data["offer"]))
    data = dict(ctx.data)
    ctx.leave()
    task = await report_done(
        ctx.session,
        offer,
        minutes=int(data["minutes"]),
        outcome=str(data.get("outcome", "")),
        wellbeing=data.get("wellbeing"),
        note=str(data.get("note", "")),
        now=ctx.now,
    )
    summary = await hours_summary(ctx.session, profile.id, ctx.services.settings.tz)
    ctx.say(
        "volunteers-done-thanks",
        [[ctx.button("volunteers-my-hours", Mine("hours"))], menu_button(ctx)],
        hours=hours_text(offer.minutes or 0),
        total=hours_text(summary.minutes),
    )
    await tell_hours_reported(ctx, task, offer)


DONE_STEPS = {
    "hours": Step(
        ask_hours, on_pick=on_hours_pick, on_text=on_hours_text, max_text=20, text_hint="volunteers-bad-hours"
    ),
    "outcome": Step(ask_outcome, on_pick=on_outcome_skip, on_text=on_outcome_text, max_text=300),
    "wellbeing": Step(ask_wellbeing, on_pick=on_wellbeing),
    "note": Step(ask_note, on_pick=on_note_skip, on_text=on_note_text, max_text=300),
}


# --- hours and ranking ----------------------------------------------------------------------------


async def run_myhours(ctx: Ctx) -> None:
    await show_hours(ctx)


async def show_hours(ctx: Ctx) -> None:
    profile = await profile_of(ctx.session, ctx.person.id)
    if profile is None:
        ctx.say("volunteers-not-volunteer", [[ctx.button("volunteers-register", Mine("register"))], menu_button(ctx)])
        return
    summary = await hours_summary(ctx.session, profile.id, ctx.services.settings.tz)
    months = "\n".join(
        ctx.t("volunteers-hours-line", label=month, hours=hours_text(minutes))
        for month, minutes in summary.by_month[:12]
    )
    kinds = "\n".join(
        ctx.t("volunteers-hours-line", label=ctx.t("volunteers-skill", skill=skill), hours=hours_text(minutes))
        for skill, minutes in summary.by_skill
    )
    ctx.say(
        "volunteers-hours",
        [[ctx.button("volunteers-certificate-button", Mine("cert"))], menu_button(ctx)],
        services=summary.services,
        hours=hours_text(summary.minutes),
        verified=hours_text(summary.verified_minutes),
        months=months or "",
        kinds=kinds or "",
    )


async def show_certificate(ctx: Ctx) -> None:
    profile = await profile_of(ctx.session, ctx.person.id)
    assert profile is not None
    summary = await hours_summary(ctx.session, profile.id, ctx.services.settings.tz)
    community = await ctx.session.get(Place, profile.community_id)
    ctx.say(
        "volunteers-certificate",
        [menu_button(ctx)],
        name=ctx.person.display_name,
        community=community.name(ctx.language) if community else "",
        since=_local_date(ctx, summary.since or profile.created_at),
        services=summary.services,
        hours=hours_text(summary.minutes),
        verified=hours_text(summary.verified_minutes),
        kinds=_skills_text(ctx, [skill for skill, _ in summary.by_skill]),
        date=_local_date(ctx, ctx.now),
    )


def _local_date(ctx: Ctx, moment: datetime) -> str:
    return moment.astimezone(ctx.services.settings.tz).strftime("%Y-%m-%d")


async def run_stars(ctx: Ctx) -> None:
    await show_stars(ctx)


async def show_stars(ctx: Ctx) -> None:
    """The residents' ranking of the month: only volunteers who agreed to appear in it, by name."""
    if ctx.person.community_id is None:
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    start, end, label = month_bounds(ctx.now, ctx.services.settings.tz, 0)
    rows = await monthly_ranking(ctx.session, ctx.person.community_id, start, end)
    shown, hidden, hidden_minutes = public_ranking(rows)
    lines = "\n".join(
        ctx.t("volunteers-rank-line", rank=i, name=row.name, hours=hours_text(row.minutes), services=row.services)
        for i, row in enumerate(shown[:10], start=1)
    )
    ctx.say(
        "volunteers-stars-text",
        [[ctx.button("volunteers-back-page", Mine("page"))], menu_button(ctx)],
        month=label,
        lines=lines,
        others=hidden,
        others_hours=hours_text(hidden_minutes),
    )


COMMANDS = [
    Command(
        "volunteer", run_volunteer, "cmd-volunteer", Audience.residents, keywords=("志愿", "义工", "七彩", "volunteer")
    ),
    Command("myhours", run_myhours, "cmd-myhours", Audience.residents, keywords=("时长", "我的时数", "my hours")),
    Command("vstars", run_stars, None, Audience.residents),
]
BUTTONS: dict[type[Payload], ButtonFn] = {Mine: on_mine, OfferAnswer: on_offer, Doing: on_doing}
FLOWS = [Flow(JOIN, JOIN_STEPS), Flow(DONE, DONE_STEPS)]
MENU = [MenuEntry("menu-volunteers", "volunteer", Audience.residents, 40)]

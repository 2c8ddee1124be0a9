"""Who is told what when a case changes: handlers of new and moved cases, the reporter and followers of
every status change, the staff of a level a case is escalated to. Shared by handlers and timers.

Residents' updates are never urgent (they wait for the morning during quiet hours); staff are told at
once only for urgent categories (safety hazards).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from handlers.core.buttons import MenuAction
from handlers.core.messages import Button, Reply
from handlers.core.scope import Scope
from handlers.grid.buttons import GridAct, GridResident
from handlers.grid.text import CaseFacts, Speaker, case_number, excerpt
from models.grid.store import LEVEL_ROLE, LEVELS, handlers_of, holders, level_place, watchers
from models.people import Person

Render = Callable[[Person, str], Reply]


def _bound(render: Render, person: Person) -> Callable[[str], Reply]:
    def in_language(language: str) -> Reply:
        return render(person, language)

    return in_language


async def _tell(scope: Scope, people: Sequence[Person], kind: str, render: Render, *, quiet: bool) -> int:
    told = 0
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        told += await scope.notify(person, kind, _bound(render, person), quiet=quiet)
    return told


def _staff_buttons(speak: Speaker, case_id: int, *, accept: bool) -> tuple[tuple[Button, ...], ...]:
    first = [speak.view_button(case_id)]
    if accept:
        first.append(speak.button("grid-act-accept", GridAct(case_id, "accept")))
    return (tuple(first), (speak.button("grid-button-cases", MenuAction("cases")),))


async def tell_new_case(scope: Scope, facts: CaseFacts, *, moved: bool = False) -> int:
    """The handlers of a new (or transferred, or reopened) case, with a button to accept it."""
    case = facts.case

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        return Reply(
            speak.t(
                "grid-told-new",
                number=case_number(case.id),
                category=facts.category.name(language),
                place=facts.place(language),
                description=excerpt(case.description, 200),
                due=speak.when(case.accept_due_at),
                moved="yes" if moved else "no",
            ),
            _staff_buttons(speak, case.id, accept=True),
        )

    people = await handlers_of(scope.session, case)
    return await _tell(scope, people, "grid-new", render, quiet=not facts.category.urgent)


async def tell_handlers(scope: Scope, facts: CaseFacts, kind: str, text: str) -> int:
    """The handlers hear what the reporter said: an answer, or why it is back."""
    case = facts.case

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        message = speak.t(
            "grid-told-handlers",
            kind=kind,
            number=case_number(case.id),
            category=facts.category.name(language),
            text=text,
        )
        return Reply(message, _staff_buttons(speak, case.id, accept=False))

    people = await handlers_of(scope.session, case)
    return await _tell(scope, people, f"grid-{kind}", render, quiet=not facts.category.urgent)


async def tell_watchers(
    scope: Scope,
    facts: CaseFacts,
    event: str,
    text: str = "",
    instead: str = "",
) -> int:
    """The reporter and every follower: one status change (accepted, progress, transferred, resolved,
    rejected, closed). After a resolution the reporter is asked to confirm; anyone may say it is back."""
    case = facts.case

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        message = speak.t(
            "grid-told-status",
            event=event,
            number=case_number(case.id),
            category=facts.category.name(language),
            text=text or "",
            instead=instead or "",
            days=scope.services.settings.grid_autoclose_days,  # resolved: closes unconfirmed after these
        )
        rows: list[tuple[Button, ...]] = []
        if event == "resolved" and person.id == case.reporter_id:
            rows.append(
                (
                    speak.button("grid-res-ok", GridResident(case.id, "ok")),
                    speak.button("grid-res-meh", GridResident(case.id, "meh")),
                )
            )
        if event in ("resolved", "closed"):
            rows.append((speak.button("grid-res-reopen", GridResident(case.id, "reopen")),))
        rows.append((speak.view_button(case.id), speak.menu_button()))
        return Reply(message, tuple(rows))

    return await _tell(scope, await watchers(scope.session, case), f"grid-{event}", render, quiet=True)


async def tell_question(scope: Scope, facts: CaseFacts, reporter: Person, question: str) -> int:
    case = facts.case

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        return Reply(
            speak.t("grid-told-question", number=case_number(case.id), question=question),
            (
                (speak.button("grid-res-answer", GridResident(case.id, "answer")),),
                (speak.view_button(case.id), speak.menu_button()),
            ),
        )

    return await _tell(scope, [reporter], "grid-question", render, quiet=True)


async def tell_warning(scope: Scope, facts: CaseFacts) -> int:
    """Yellow: 75% of the running deadline is used."""
    case = facts.case
    due = case.stage_due
    assert due is not None

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        return Reply(
            speak.t(
                "grid-told-warning",
                number=case_number(case.id),
                category=facts.category.name(language),
                state=speak.state(case.state.value),
                due=speak.when(due),
            ),
            _staff_buttons(speak, case.id, accept=case.state.value == "submitted"),
        )

    return await _tell(scope, await handlers_of(scope.session, case), "grid-warning", render, quiet=True)


async def tell_escalation(scope: Scope, facts: CaseFacts) -> int:
    """Red: the case went one level up. That level's staff are told, and the handlers below them."""
    case = facts.case
    level = LEVELS[case.level]
    place = await level_place(scope.session, facts.grid, case.level)
    role = LEVEL_ROLE.get(level)
    above = list(await holders(scope.session, [role], [place.id])) if role is not None and place is not None else []
    due = case.stage_due

    def render(person: Person, language: str) -> Reply:
        speak = Speaker(scope.services, language)
        return Reply(
            speak.t(
                "grid-told-escalated",
                number=case_number(case.id),
                category=facts.category.name(language),
                level=speak.level(case.level),
                place=place.name(language) if place is not None else "",
                state=speak.state(case.state.value),
                due=speak.when(due) if due is not None else "",
            ),
            _staff_buttons(speak, case.id, accept=False),
        )

    people = [*above, *await handlers_of(scope.session, case)]
    return await _tell(scope, people, "grid-escalated", render, quiet=not facts.category.urgent)

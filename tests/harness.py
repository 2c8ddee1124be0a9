"""A scripted person talking to the conversation core, for flow tests.

``ChatDriver`` sends what a channel adapter would hand the core (``Incoming``) and keeps every reply.
It goes straight to ``app.core.handle``: no platform, no network, the real router, handlers and store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select

from bot.app import FEATURES, Linli
from handlers.core.buttons import Payload, pack
from handlers.core.feature import Audience
from handlers.core.messages import Button, Incoming, Outcome, Reply, Sender
from models.conversation import ConversationState
from models.pact.store import PactVersion, current_pact
from models.people import ChannelAccount, Person
from models.places import Place, place_by_code

AppFactory = Callable[..., Awaitable[Linli]]
"""The ``make_app`` fixture: ``await make_app(**settings_overrides)`` (``fresh=True``: no template)."""


class ChatDriver:
    """One person in one private chat (chat id = user id, as in a Telegram private chat)."""

    def __init__(
        self,
        app: Linli,
        user_id: str = "1001",
        name: str = "王阿姨",
        language_code: str | None = "zh-hans",
        channel: str = "telegram",
    ) -> None:
        self.app = app
        self.channel = channel
        self.chat_id = user_id
        self.sender = Sender(user_id, name, language_code)
        self.replies: list[Reply] = []  # everything said to this person so far
        self.batch: list[Reply] = []  # what the latest action produced
        self.outcome = Outcome()

    # --- acting ----------------------------------------------------------------------------------------

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        self.outcome = await self.app.core.handle(incoming)
        self.batch = list(self.outcome.replies)
        self.replies.extend(self.batch)
        return self.batch

    async def send(self, text: str) -> list[Reply]:
        """Type a message (``/cmd args`` becomes a command, as the channels do)."""
        return await self._handle(Incoming.from_text(self.channel, self.chat_id, self.sender, text))

    async def press(self, label: str) -> list[Reply]:
        """Press a button of the latest reply that has buttons: the one whose label is ``label``, or else
        the only one whose label contains it."""
        return await self.press_data(self.find_button(label).data)

    async def press_data(self, data: str) -> list[Reply]:
        """Press a button with this raw callback data (a kept, stale or forged payload)."""
        return await self._handle(Incoming(self.channel, self.chat_id, self.sender, button=data))

    async def press_payload(self, item: Payload, key: bytes | None = None) -> list[Reply]:
        """Press a button carrying ``item``, correctly signed (with the app's key unless told otherwise)."""
        return await self.press_data(pack(item, self.app.services.button_key if key is None else key))

    # --- looking -----------------------------------------------------------------------------------------

    @property
    def last(self) -> Reply:
        assert self.replies, "no reply yet"
        return self.replies[-1]

    def texts(self) -> list[str]:
        """The texts of the latest action's replies."""
        return [reply.text for reply in self.batch]

    @property
    def text(self) -> str:
        """The latest action's replies as one string, for ``in`` checks."""
        return "\n".join(self.texts())

    def all_texts(self) -> list[str]:
        return [reply.text for reply in self.replies]

    @property
    def keyboard(self) -> Reply:
        """The latest reply that has buttons."""
        for reply in reversed(self.replies):
            if reply.buttons:
                return reply
        raise AssertionError("no reply with buttons yet")

    def labels(self, reply: Reply | None = None) -> list[str]:
        return [button.label for row in (reply or self.keyboard).buttons for button in row]

    def find_button(self, label: str, reply: Reply | None = None) -> Button:
        reply = reply or self.keyboard
        buttons = [button for row in reply.buttons for button in row]
        exact = [button for button in buttons if button.label == label]
        if len(exact) == 1:
            return exact[0]
        partial = [button for button in buttons if label in button.label]
        assert len(partial) == 1, (
            f"{'no' if not partial else 'more than one'} button matching {label!r}; "
            f"available: {[button.label for button in buttons]}"
        )
        return partial[0]

    def has_button(self, label: str, reply: Reply | None = None) -> bool:
        return any(label in candidate for candidate in self.labels(reply))

    # --- the store behind the chat -------------------------------------------------------------------

    async def person(self) -> Person | None:
        """This account's person as stored now (None once forgotten or before first contact)."""
        async with self.app.sessionmaker() as session:
            row = await session.scalar(
                select(Person)
                .join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.channel == self.channel, ChannelAccount.external_id == self.sender.external_id)
            )
            return row

    async def state(self) -> ConversationState | None:
        async with self.app.sessionmaker() as session:
            return await session.get(ConversationState, (self.channel, self.chat_id))

    async def flow_step(self) -> tuple[str | None, str | None]:
        state = await self.state()
        return (state.flow, state.step) if state is not None else (None, None)


def t(app: Linli, language: str, message_id: str, /, **args: Any) -> str:
    """A catalog text as the app would render it."""
    return app.services.catalog.t(language, message_id, args)


async def onboard(
    driver: ChatDriver,
    community: str = "云塘",
    building: str | None = "格兰小镇3栋",
    unit: str | None = "2单元301",
    language: str = "中文",
) -> None:
    """Join a community from scratch with /start, pressing the buttons a person would.

    ``community`` and ``building`` are button labels or unique parts of them (so "3栋" works in a
    community with a single "…3栋"); ``building=None`` presses "not listed", ``unit=None`` skips the unit.
    """
    await driver.send("/start")
    await driver.press(language)
    await driver.press(community)
    if building is None:
        await driver.press("列表里没有" if language == "中文" else "Not listed")
    else:
        await driver.press(building)
    if unit is None:
        await driver.press("跳过" if language == "中文" else "Skip")
    else:
        await driver.send(unit)
    await driver.press("✅ 同意" if language == "中文" else "✅ I agree")
    person = await driver.person()
    assert person is not None, "no person after onboarding"
    assert person.is_registered, f"onboarding did not finish: {driver.texts()}"


async def place(app: Linli, code: str) -> Place:
    async with app.sessionmaker() as session:
        found = await place_by_code(session, code)
        assert found is not None, code
        return found


async def current_version(app: Linli, community_code: str) -> PactVersion:
    community = await place(app, community_code)
    async with app.sessionmaker() as session:
        version = await current_pact(session, community.id)
        assert version is not None
        return version


async def demo_person(app: Linli, handle: str) -> Person:
    """A demo person, by their terminal handle."""
    async with app.sessionmaker() as session:
        found = await session.scalar(
            select(Person)
            .join(ChannelAccount, ChannelAccount.person_id == Person.id)
            .where(ChannelAccount.channel == "terminal", ChannelAccount.external_id == handle)
        )
        assert found is not None, handle
        return found


def menu_labels(app: Linli, language: str, *ids: str) -> list[str]:
    return [t(app, language, message_id) for message_id in ids]


# The main menu as each kind of person sees it, from the features' own declarations (a new entry is
# declared once, in its feature): entries in menu order, the audience deciding who sees which; what a
# person does for the community is behind "My work", on top.
def _entries(audiences: set[Audience], *, staff: bool, conditional: bool = True) -> tuple[str, ...]:
    """``conditional=False`` leaves out the entries shown only while something is open for the person."""
    entries = sorted((entry for feature in FEATURES for entry in feature.menu), key=lambda entry: entry.order)
    return tuple(
        entry.label
        for entry in entries
        if entry.staff is staff and entry.audience in audiences and (conditional or entry.shown is None)
    )


GUEST_MENU = _entries({Audience.everyone, Audience.guests}, staff=False)
# A resident of 云塘 sees every entry: its demo has a poll open and a hearing in its notice period.
RESIDENT_MENU = _entries({Audience.everyone, Audience.residents}, staff=False)
MANAGER_MENU = ("menu-work", *RESIDENT_MENU)
# Elsewhere in the demo (桥头) nothing is being voted on or heard: those entries are not shown.
QUIET_RESIDENT_MENU = _entries({Audience.everyone, Audience.residents}, staff=False, conditional=False)
QUIET_MANAGER_MENU = ("menu-work", *QUIET_RESIDENT_MENU)
# "My work" of community staff (zhou): every staff tool but the hotline's desk and work orders, which are
# for the hotline's operators and its providers' staff.
COMMUNITY_STAFF_WORK = (
    *(
        label
        for label in _entries({Audience.residents, Audience.managers}, staff=True)
        if label not in ("menu-hotline-desk", "menu-hotline-tickets")
    ),
    "button-menu",
)
# The commands a platform's command menu lists, in every language: described, and not for staff only.
LISTED_COMMANDS = frozenset(
    command.name
    for feature in FEATURES
    for command in feature.commands
    if command.description and command.audience is not Audience.managers
)

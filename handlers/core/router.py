"""The conversation core: who is this, what flow are they in, which step handles this; one transaction.

Every Incoming is handled in exactly one database transaction. A domain rule that says no rolls back
what the step wrote (a savepoint) and still answers; an unexpected error rolls back everything, is
logged for staff, and the person gets an apology and the menu, never silence.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.i18n import language_from_code
from handlers.core.access import admits
from handlers.core.buttons import InvalidButton, MenuAction, Payload, Pick, pack, unpack
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Feature, Flow, MenuEntry, Step
from handlers.core.flood import FloodGate, Verdict
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Incoming, Outcome, Reply
from handlers.core.scope import Scope, Services
from models.chat_lock import lock_chat, needs_chat_locks
from models.conversation import ConversationState
from models.errors import DomainError
from models.inbound import take, unsent_replies
from models.people import identify

log = logging.getLogger(__name__)


class Core:
    def __init__(
        self,
        services: Services,
        sessionmaker: async_sessionmaker[AsyncSession],
        features: Sequence[Feature],
    ) -> None:
        self.sessionmaker = sessionmaker
        self._locks_chats = needs_chat_locks(sessionmaker)  # several processes on one PostgreSQL
        self.flood = FloodGate(services.settings.flood_per_minute)
        self.flood_clock = time.monotonic  # real seconds, not the app's clock (tests move that one in jumps)
        self.commands: dict[str, Command] = {}
        self.buttons: dict[type[Payload], ButtonFn] = {}
        self.flows: dict[str, Flow] = {}
        menu: list[MenuEntry] = []
        self.settlers = tuple(feature.settle for feature in features if feature.settle is not None)
        for feature in features:
            for command in feature.commands:
                if command.name in self.commands:
                    raise ValueError(f"command /{command.name} registered twice")
                self.commands[command.name] = command
            for kind, handler in feature.buttons.items():
                if kind in self.buttons:
                    raise ValueError(f"button {kind.__name__} registered twice")
                self.buttons[kind] = handler
            for flow in feature.flows:
                # A second flow of the same name would take over the first one's conversations.
                if flow.name in self.flows:
                    raise ValueError(f"flow {flow.name!r} registered twice")
                self.flows[flow.name] = flow
            menu.extend(feature.menu)
        calendars = tuple(feature.calendar for feature in features if feature.calendar is not None)
        self.services = replace(services, menu=tuple(menu), calendars=calendars)

    @property
    def listed_commands(self) -> list[Command]:
        """Commands to show in the platform's command menu: described ones everyone may use; staff-only
        commands and undescribed ones stay unlisted (they still work when typed)."""
        return [
            command
            for command in self.commands.values()
            if command.description and command.audience is not Audience.managers
        ]

    def named_in(self, text: str) -> Command | None:
        """The command that typed words name ("我想订个房间" → /book): the one whose keyword found in the
        text is longest ("我的预约" beats "预约"); none when nothing matches or two match equally well."""
        said = " ".join(text.lower().split())
        if not said:
            return None
        scored = sorted(
            (
                (max((len(word) for word in command.keywords if word in said), default=0), command.name)
                for command in self.commands.values()
            ),
            reverse=True,
        )
        best, runner_up = scored[0], scored[1] if len(scored) > 1 else (0, "")
        if best[0] == 0 or best[0] == runner_up[0]:
            return None
        return self.commands[best[1]]

    async def settle(self, scope: Scope) -> None:
        """Every feature's end-of-transaction work (``Feature.settle``), in the scope that did the work."""
        for settle in self.settlers:
            await settle(scope)

    async def handle(self, incoming: Incoming) -> Outcome:
        if not incoming.resume:  # a reloaded page is not the person writing
            verdict = self.flood.admit(incoming.channel, incoming.chat_id, self.flood_clock())
            if verdict is not Verdict.handle:
                return self._slowed(incoming, verdict)
        try:
            async with self.sessionmaker() as session:
                await session.begin()
                if self._locks_chats:  # one step per chat at a time, across processes (models.chat_lock)
                    await lock_chat(session, incoming.channel, incoming.chat_id)
                ctx = await self._context(session, incoming)
                try:
                    await self._dispatch(ctx)
                    await self.settle(ctx)
                except DomainError as refusal:
                    # A rule said no: nothing the step wrote is kept (no savepoint per message: a refusal
                    # is rare, two extra statements on every message are not), and the person is told why.
                    language = ctx.language
                    await session.rollback()
                    return Outcome([self._refusal(language, refusal)], language=language)
                await self._keep_state(ctx)
                if incoming.delivery is not None and not await self._first_delivery(ctx):
                    language = ctx.language  # before the rollback expires the person
                    await session.rollback()
                    return await self._copy_of(incoming, language)
                await session.commit()
            return Outcome(ctx.replies, ctx.notified > 0, ctx.language)
        except Exception:
            # Log what happened, never what was said: message text may hold personal data.
            log.exception(
                "handling failed: channel=%s kind=%s command=%s",
                incoming.channel,
                _kind(incoming),
                incoming.command,
            )
            language = language_from_code(incoming.sender.language_code, self.services.settings.default_language)
            text = self.services.catalog.t(language, "error-unexpected")
            return Outcome([self._with_menu(language, text)], language=language)

    async def _first_delivery(self, ctx: Ctx) -> bool:
        """Take the delivery with the replies made (models.inbound), last in the transaction: a copy is rare,
        so it is cheaper to handle it and roll back than to ask first on every message."""
        delivery = ctx.incoming.delivery
        assert delivery is not None
        replies = [reply.to_payload() for reply in ctx.replies]
        return await take(ctx.session, ctx.incoming.channel, delivery, ctx.now, replies)

    async def _copy_of(self, incoming: Incoming, language: str) -> Outcome:
        """A delivery handled before (redelivered, replayed): nothing changes; its answers, if they were never
        marked sent, go out now."""
        assert incoming.delivery is not None
        async with self.sessionmaker() as session:
            kept = await unsent_replies(session, incoming.channel, incoming.delivery)
        log.info("a copy of a delivery on %s, handled before: %d answers sent again", incoming.channel, len(kept))
        return Outcome([Reply.from_payload(payload) for payload in kept], language=language)

    def _slowed(self, incoming: Incoming, verdict: Verdict) -> Outcome:
        """Over the flood limit: one "slow down", then nothing until the chat calms (no database work)."""
        language = language_from_code(incoming.sender.language_code, self.services.settings.default_language)
        if verdict is Verdict.drop:
            return Outcome([], language=language)
        log.warning("a chat on %s is sending faster than a person types; slowed down", incoming.channel)
        return Outcome([Reply(self.services.catalog.t(language, "flood-slow-down"))], language=language)

    def _refusal(self, language: str, refusal: DomainError) -> Reply:
        """Built without touching ORM objects: after the rollback they are expired."""
        text = self.services.catalog.t(language, refusal.message_id, refusal.args_for_message)
        return self._with_menu(language, text)

    def _with_menu(self, language: str, text: str) -> Reply:
        """A message with the way home under it: what is said when the step could not finish."""
        label = self.services.catalog.t(language, "button-menu")
        return Reply(text, ((Button(label, pack(MenuAction("menu"), self.services.button_key)),),))

    # --- set-up -----------------------------------------------------------------------------------

    async def _context(self, session: AsyncSession, incoming: Incoming) -> Ctx:
        now = self.services.clock()
        language = language_from_code(incoming.sender.language_code, self.services.settings.default_language)
        found = await identify(
            session,
            incoming.channel,
            incoming.sender.external_id,
            incoming.chat_id,
            incoming.sender.display_name,
            language,
        )
        state = found.state
        if state is None:
            state = ConversationState(
                channel=incoming.channel,
                chat_id=incoming.chat_id,
                flow=None,
                step=None,
                data={},
                nonce="",
                expires_at=now,
            )
        elif not state.is_live(now):
            state.flow, state.step, state.data, state.nonce = None, None, {}, ""
        return Ctx(
            self.services, session, incoming, found.person, found.account, state, now, is_new_person=found.is_new
        )

    async def _keep_state(self, ctx: Ctx) -> None:
        persistent = ctx.state in ctx.session
        if ctx.state.flow is None:
            if persistent:
                await ctx.session.delete(ctx.state)
        elif not persistent:
            ctx.session.add(ctx.state)

    # --- dispatch ---------------------------------------------------------------------------------

    async def _dispatch(self, ctx: Ctx) -> None:
        incoming = ctx.incoming
        if incoming.resume:
            step = self._current_step(ctx)
            if step is not None:
                await step.ask(ctx)
            else:
                await self.run_command(ctx, self.commands["start"])
        elif incoming.button is not None:
            await self._on_button(ctx, incoming.button)
        elif incoming.command is not None:
            await self._on_command(ctx, incoming.command)
        else:
            await self._on_input(ctx)

    async def _on_command(self, ctx: Ctx, name: str) -> None:
        command = self.commands.get(name)
        if command is None:
            unknown = ctx.t("unknown-command", command=f"/{name}"[:40])
            step = self._current_step(ctx)
            if step is not None:  # a typo mid-flow should not cost the answers given so far
                ctx.reply(unknown)
                await step.ask(ctx)
            else:
                await show_menu(ctx, intro=unknown)
            return
        await self.run_command(ctx, command)

    async def run_command(self, ctx: Ctx, command: Command) -> None:
        ctx.leave()  # a command is always a way out of whatever flow the chat was in
        if not await admits(ctx, command.audience):
            await self._refuse(ctx, command.audience)
            return
        await command.run(ctx)

    async def _refuse(self, ctx: Ctx, audience: Audience) -> None:
        if audience is Audience.residents:
            ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        elif audience is Audience.managers:
            ctx.say("staff-only", [menu_button(ctx)])
        else:
            await show_menu(ctx)

    async def _on_button(self, ctx: Ctx, data: str) -> None:
        try:
            item = unpack(data, self.services.button_key)
            if isinstance(item, Pick):
                await self._on_pick(ctx, item)
            elif isinstance(item, MenuAction):
                command = self.commands.get(item.action)
                if command is None:
                    raise InvalidButton(f"no command {item.action}")
                await self.run_command(ctx, command)
            else:
                handler = self.buttons.get(type(item))
                if handler is None:
                    raise InvalidButton(f"no handler for {type(item).__name__}")
                await handler(ctx, item)
        except InvalidButton as reason:
            log.info("stale or invalid button on %s: %s", ctx.incoming.channel, reason)
            step = self._current_step(ctx)
            if step is not None:  # keep the flow's progress: say so, and ask its question again
                ctx.say("button-expired")
                await step.ask(ctx)
            else:
                await show_menu(ctx, intro=ctx.t("button-expired"))

    def _current_step(self, ctx: Ctx) -> Step | None:
        flow = self.flows.get(ctx.state.flow or "")
        return flow.steps.get(ctx.state.step or "") if flow else None

    async def _on_pick(self, ctx: Ctx, item: Pick) -> None:
        step = self._current_step(ctx)
        if step is None or step.on_pick is None or item.nonce != ctx.state.nonce:
            raise InvalidButton("stale flow choice")
        await step.on_pick(ctx, item.value)

    async def _on_input(self, ctx: Ctx) -> None:
        step = self._current_step(ctx)
        if step is None:
            named = self.named_in(ctx.incoming.text or "")
            if named is not None:
                await self.run_command(ctx, named)
            else:
                await show_menu(ctx, intro=ctx.t("hint-no-flow"))
            return
        if step.on_media is not None and (ctx.incoming.location is not None or ctx.incoming.photo is not None):
            await step.on_media(ctx)
            return
        text = ctx.incoming.text
        if text is None or step.on_text is None:
            ctx.say(step.text_hint)
            await step.ask(ctx)
            return
        text = text.strip()
        if not text:
            await step.ask(ctx)
        elif len(text) > step.max_text:
            ctx.say("text-too-long", length=len(text), max=step.max_text)
            await step.ask(ctx)
        else:
            await step.on_text(ctx, text)


def _kind(incoming: Incoming) -> str:
    if incoming.resume:
        return "resume"
    if incoming.button is not None:
        return "button"
    if incoming.command is not None:
        return "command"
    if incoming.location is not None:
        return "location"
    if incoming.photo is not None:
        return "photo"
    return "text"

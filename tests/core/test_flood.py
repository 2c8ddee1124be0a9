"""A flood from one chat: told once to slow down, then not answered until it calms; others untouched."""

from __future__ import annotations

from handlers.core.flood import FloodGate, Verdict
from tests.harness import AppFactory, ChatDriver, t


def test_the_gate_counts_a_sliding_minute_per_chat() -> None:
    gate = FloodGate(per_minute=3)
    verdicts = [gate.admit("telegram", "1", 100.0 + second) for second in range(6)]
    assert verdicts == [Verdict.handle] * 3 + [Verdict.warn, Verdict.drop, Verdict.drop]
    assert gate.admit("telegram", "2", 105.0) is Verdict.handle  # another chat is not slowed
    assert gate.admit("web", "1", 105.0) is Verdict.handle  # nor the same id on another channel
    assert gate.admit("telegram", "1", 160.5) is Verdict.handle  # the first of the three left the minute
    assert gate.admit("telegram", "1", 160.6) is Verdict.warn  # over again: told again, once
    assert FloodGate(per_minute=0).admit("telegram", "1", 0.0) is Verdict.handle  # 0: no limit


def test_quiet_chats_are_forgotten() -> None:
    gate = FloodGate(per_minute=2)
    for chat in range(2000):
        gate.admit("web", str(chat), 0.0)
    gate.admit("web", "late", 1000.0)
    for _ in range(1100):
        gate.admit("web", "late", 1000.0)
    assert len(gate._recent) < 100  # the memory bound is the point


async def test_a_flooding_chat_is_slowed_and_answered_again_when_calm(make_app: AppFactory) -> None:
    app = await make_app(flood_per_minute=5)
    now = [1000.0]
    app.core.flood_clock = lambda: now[0]
    flooder, neighbour = ChatDriver(app, user_id="flood", channel="terminal"), ChatDriver(app, user_id="calm")
    for _ in range(5):
        await flooder.send("/help")
        assert t(app, "zh", "help-text").splitlines()[0] in flooder.text
    await flooder.send("/help")
    assert flooder.text == t(app, "zh", "flood-slow-down")
    for _ in range(20):
        await flooder.send("/help")
        assert flooder.batch == []  # not answered, not handled
    await neighbour.send("/help")
    assert t(app, "zh", "help-text").splitlines()[0] in neighbour.text
    now[0] += 61
    await flooder.send("/help")
    assert t(app, "zh", "help-text").splitlines()[0] in flooder.text

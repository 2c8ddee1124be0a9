"""Faults tried for real (bench/faults.py at a smaller size): `linli run` killed with SIGKILL under traffic,
by polling and by webhook, a Bot API answering 502 and one answering only after seconds. Every message is
answered; none is lost. Copies are bounded: only answers sent in the tenth of a second before the kill, or
sends Telegram was slow to answer, may go twice. (PostgreSQL restarting under traffic is tried by
`python -m bench.faults`, which restarts the local cluster.)"""

from __future__ import annotations

import pytest

from bench.faults import SLOW_SENDS, bot_api_fails, kill_and_restart, slow_bot_api, under_traffic

CHATS, MESSAGES = 20, 3


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_killed_mid_traffic_loses_nothing(webhook: bool) -> None:
    outcome = await under_traffic("kill -9", CHATS, MESSAGES, kill_and_restart, webhook=webhook)
    assert outcome.lost == 0, outcome.line()
    assert outcome.apologies == 0, outcome.line()
    # At most the answers given before the kill (a third of them) are sent again.
    assert outcome.duplicates <= CHATS * MESSAGES // 2, outcome.line()


async def test_a_bot_api_answering_502_loses_nothing() -> None:
    outcome = await under_traffic("502", CHATS, MESSAGES, bot_api_fails)
    assert (outcome.lost, outcome.duplicates, outcome.apologies) == (0, 0, 0), outcome.line()


async def test_a_slow_bot_api_loses_nothing_and_leaves_the_web_side_quick() -> None:
    """Sends held 7 s, past the 5 s Linli waits: each is tried again, so what was held comes twice (Telegram
    delivers it late) — at most once per held send — and the web side answers quickly all along."""
    outcome = await under_traffic("slow", CHATS, MESSAGES, slow_bot_api(seconds=7.0))
    assert outcome.lost == 0, outcome.line()
    assert outcome.apologies == 0, outcome.line()
    assert 0 < outcome.duplicates <= SLOW_SENDS, outcome.line()
    measured = outcome.responsiveness
    assert measured is not None
    assert measured.failed == 0, outcome.line()
    assert max(measured.slowest.values()) < 1.0, outcome.line()


async def test_killed_with_web_chat_pages_open_loses_nothing() -> None:
    """Web chat pages (as chat.js behaves) beside Telegram chats: the pages reconnect to the restarted process
    and send again what had no "done"; each of their messages is answered, none handled twice."""
    outcome = await under_traffic("kill -9, web chat", CHATS, MESSAGES, kill_and_restart, visitors=CHATS)
    assert outcome.sent == 2 * CHATS * MESSAGES
    assert outcome.lost == 0, outcome.line()
    assert outcome.apologies == 0, outcome.line()
    assert outcome.duplicates <= outcome.sent // 2, outcome.line()

"""Faults tried for real (bench/faults.py at a smaller size): `linli run` killed with SIGKILL under traffic,
by polling and by webhook, and a Bot API answering 502. Every message is answered; none is lost. Copies are
bounded: only answers sent in the tenth of a second before the kill may go twice. (PostgreSQL restarting
under traffic is tried by `python -m bench.faults`, which restarts the local cluster.)"""

from __future__ import annotations

import pytest

from bench.faults import bot_api_fails, kill_and_restart, under_traffic

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

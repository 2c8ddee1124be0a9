"""Deadlines on a controlled clock: warning at 75%, escalation at every level, auto-close, reopen, quiet hours."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import models.timers as timers
from bot.app import Linli
from bot.cli.main import parser
from handlers.grid.buttons import GridAct, GridResident
from models.grid.store import TIMER_AUTOCLOSE, CaseState, case_number
from tests.grid.helpers import NOW, PNG_BYTES, driver, events, get_case, latest_case, queued, report, send_photo, texts
from tests.harness import AppFactory, t


async def _at(app: Linli, moment: datetime) -> int:
    app.set_clock(lambda: moment)
    return await app.timers.run_due()


async def test_warning_then_escalation_up_every_level(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), "安全隐患", "配电箱门开着,电线裸露")  # accept within 2 h, urgent
    case_id = (await latest_case(app)).id

    await _at(app, NOW + timedelta(minutes=89))  # 74%: nothing yet
    assert await queued(app, "li", "grid-warning") == []
    await _at(app, NOW + timedelta(minutes=90))  # 75%: yellow
    warning = texts(await queued(app, "li", "grid-warning"))
    assert len(warning) == 1
    assert "🟡" in warning[0]

    await _at(app, NOW + timedelta(hours=2))  # 100%: red, up to the community
    case = await get_case(app, case_id)
    assert case.level == 1
    # (The demo's own open cases are overdue by now too: only this case's messages count.)
    number = case_number(case_id)
    told = [text for text in texts(await queued(app, "zhou", "grid-escalated")) if number in text]
    assert len(told) == 1
    assert "上报到社区:云塘社区" in told[0]
    assert [text for text in texts(await queued(app, "admin", "grid-escalated")) if number in text] == []
    assert await _at(app, NOW + timedelta(hours=2, minutes=1)) == 0  # no double escalation

    await _at(app, NOW + timedelta(hours=26))  # still overdue a day later: the street
    assert (await get_case(app, case_id)).level == 2
    assert any("暮云街道" in text and number in text for text in texts(await queued(app, "admin", "grid-escalated")))
    await _at(app, NOW + timedelta(hours=50))  # and the district
    assert (await get_case(app, case_id)).level == 3
    assert any("天心区" in text and number in text for text in texts(await queued(app, "sun", "grid-escalated")))
    await _at(app, NOW + timedelta(hours=200))  # the top: nothing further
    assert (await get_case(app, case_id)).level == 3
    history = [detail for kind, _t, detail in await events(app, case_id) if kind == "escalated"]
    assert history == ["community", "street", "district"]

    # The escalation shows in the case and in the list.
    zhou = driver(app, "zhou")
    await zhou.send("/cases")
    assert f"🔴 {case_number(case_id)}" in zhou.text
    assert "已上报区" in zhou.text


async def test_accepting_in_time_stops_the_accept_clock(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), "环境卫生", "垃圾桶满了")  # accept 8 h, resolve 2 days
    case_id = (await latest_case(app)).id
    app.set_clock(lambda: NOW + timedelta(hours=1))
    await driver(app, "li").press_payload(GridAct(case_id, "accept"))
    await _at(app, NOW + timedelta(hours=9))  # past the accept deadline, but accepted
    assert (await get_case(app, case_id)).level == 0
    await _at(app, NOW + timedelta(hours=36))  # 75% of the 2 days to resolve
    assert sum(case_number(case_id) in text for text in texts(await queued(app, "li", "grid-warning"))) == 1
    await _at(app, NOW + timedelta(days=2))  # resolve deadline passed: escalated
    assert (await get_case(app, case_id)).level == 1


async def _resolved(app: Linli) -> int:
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), "公共设施损坏", "健身器材坏了")
    case_id = (await latest_case(app)).id
    li = driver(app, "li")
    await li.press_payload(GridAct(case_id, "accept"))
    await li.press_payload(GridAct(case_id, "resolve"))
    await li.send("已更换零件")
    await send_photo(li, PNG_BYTES + b"fixed")
    return case_id


async def test_the_days_before_closing_follow_the_setting_in_what_residents_read(make_app: AppFactory) -> None:
    app = await make_app(grid_autoclose_days=3)
    case_id = await _resolved(app)
    (resolved,) = texts(await queued(app, "wang", "grid-resolved"))
    assert "3 天内不确认将自动结案" in resolved
    await _at(app, NOW + timedelta(days=2, hours=23))
    assert (await get_case(app, case_id)).state is CaseState.resolved
    await _at(app, NOW + timedelta(days=3))
    assert (await get_case(app, case_id)).state is CaseState.closed
    assert "已处理 3 天未确认" in texts(await queued(app, "wang", "grid-closed"))[0]


async def test_resolved_case_closes_itself_after_seven_days_and_can_be_reopened(app: Linli) -> None:
    case_id = await _resolved(app)
    await _at(app, NOW + timedelta(days=6, hours=23))
    assert (await get_case(app, case_id)).state is CaseState.resolved
    await _at(app, NOW + timedelta(days=7))
    assert (await get_case(app, case_id)).state is CaseState.closed
    assert "自动结案" in texts(await queued(app, "wang", "grid-closed"))[0]

    # Twenty days later it's back: the reporter reopens it, the grid worker is told.
    app.set_clock(lambda: NOW + timedelta(days=20))
    wang = driver(app, "wang")
    await wang.press_payload(GridResident(case_id, "reopen"))
    await wang.send("又坏了")
    case = await get_case(app, case_id)
    assert (case.state, case.reopen_count) == (CaseState.submitted, 1)
    assert "又坏了" in texts(await queued(app, "li", "grid-reopened"))[0]
    assert case.accept_due_at == NOW + timedelta(days=20, hours=12)


async def test_reopen_is_refused_after_thirty_days_and_for_strangers(app: Linli) -> None:
    case_id = await _resolved(app)
    await driver(app, "wang").press_payload(GridResident(case_id, "meh"))
    assert (await get_case(app, case_id)).satisfied is False
    emma = driver(app, "emma")
    await emma.press_payload(GridResident(case_id, "reopen"))
    assert t(app, "en", "grid-not-yours", case=case_number(case_id)) in emma.text
    app.set_clock(lambda: NOW + timedelta(days=31))
    wang = driver(app, "wang")
    await wang.press_payload(GridResident(case_id, "reopen"))
    await wang.send("又坏了")
    assert t(app, "zh", "grid-reopen-too-late", case=case_number(case_id), days=30) in wang.text
    assert (await get_case(app, case_id)).state is CaseState.closed


async def test_confirming_cancels_the_auto_close(app: Linli) -> None:
    case_id = await _resolved(app)
    async with app.sessionmaker() as session:
        assert await timers.due_at(session, TIMER_AUTOCLOSE, case_id) == NOW + timedelta(days=7)
    await driver(app, "wang").press_payload(GridResident(case_id, "ok"))
    async with app.sessionmaker() as session:
        assert await timers.due_at(session, TIMER_AUTOCLOSE, case_id) is None
    # A second press finds it closed; a follower cannot confirm for the reporter.
    wang = driver(app, "wang")
    await wang.press_payload(GridResident(case_id, "ok"))
    assert t(app, "zh", "grid-wrong-state", case=case_number(case_id)) in wang.text


async def test_residents_updates_wait_for_the_morning(app: Linli) -> None:
    night = datetime(2027, 3, 1, 15, 0, tzinfo=NOW.tzinfo)  # 23:00 in Shanghai
    app.set_clock(lambda: night)
    await report(driver(app, "wang"), "其他", "路灯一直亮着")
    case_id = (await latest_case(app)).id
    await driver(app, "li").press_payload(GridAct(case_id, "accept"))
    accepted = await queued(app, "wang", "grid-accepted")
    morning = datetime(2027, 3, 1, 23, 0, tzinfo=NOW.tzinfo)  # 07:00 next day in Shanghai
    assert [message.not_before for message in accepted] == [morning]
    new = await queued(app, "li", "grid-new")  # not urgent: waits too
    assert [message.not_before for message in new] == [morning]
    await report(driver(app, "wang"), "安全隐患", "燃气味很重")  # urgent: the handler is told at once
    urgent = await queued(app, "li", "grid-new")
    assert urgent[-1].not_before == night


async def test_stats_in_chat_with_a_chart_and_as_csv(make_app: AppFactory, tmp_path: Path) -> None:
    app = await make_app()
    case_id = await _resolved(app)
    await driver(app, "wang").press_payload(GridResident(case_id, "ok"))
    zhou = driver(app, "zhou")
    await zhou.send("/stats")
    reply = zhou.last
    assert reply.photo is not None
    assert reply.photo.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        "公共设施损坏:2" in reply.text
    )  # the demo's broken street light and this one and "满意率:100%" in reply.text and "按期办结率:100%" in reply.text
    li = driver(app, "li")
    await li.send("/stats")
    assert li.texts() == [t(app, "zh", "grid-stats-staff-only")]

    out = tmp_path / "stats.csv"
    args = parser().parse_args(["grid", "stats", "--place", "yuntang", str(out)])
    assert await args.run(app.settings, args) == 0
    rows = {(row[0], row[1]): row[4] for row in csv.reader(out.read_text(encoding="utf-8").splitlines())}
    assert rows[("category", "facility")] == "2"
    assert rows[("total", "yuntang")] == "4"  # the demo's three and this one
    assert rows[("metric", "satisfaction")] == "1.000"
    assert rows[("metric", "on_time_share")] == "1.000"

"""Handling a case in chat: accept, ask, answer, note, transfer, resolve with evidence, reject; who may act."""

from __future__ import annotations

from datetime import timedelta

from bot.app import Linli
from handlers.grid.buttons import GridAct, GridFilter, GridList, GridResident, GridView
from models.grid.store import CaseState, case_number
from tests.grid.helpers import NOW, PNG_BYTES, driver, events, get_case, latest_case, queued, report, send_photo, texts
from tests.harness import place, t


async def _reported(app: Linli, category: str = "违章搭建", submit: str = "匿名提交") -> int:
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), category, submit=submit)
    return (await latest_case(app)).id


async def test_accept_ask_answer_note_resolve_confirm(app: Linli) -> None:
    case_id = await _reported(app)
    number = case_number(case_id)
    li, wang = driver(app, "li"), driver(app, "wang")

    await li.press_payload(GridView(case_id))
    assert li.labels()[:1] == ["✅ 受理"]
    assert not li.has_button("办结")  # nothing to resolve before it is accepted
    await li.press("✅ 受理")
    assert (await get_case(app, case_id)).state is CaseState.accepted
    assert "已受理,正在处理" in texts(await queued(app, "wang", "grid-accepted"))[0]

    # A question to the reporter; the answer comes back into the case and to the handler.
    await li.press("问反映人")
    await li.send("棚子是在几楼楼顶?")
    question = await queued(app, "wang", "grid-question")
    assert "棚子是在几楼楼顶" in texts(question)[0]
    await wang.press_payload(GridResident(case_id, "answer"))
    assert "棚子是在几楼楼顶" in wang.text
    await wang.send("18楼顶上")
    assert t(app, "zh", "grid-answered", number=number) in wang.text
    assert "18楼顶上" in texts(await queued(app, "li", "grid-answer"))[0]
    assert ("answer", "18楼顶上", None) in await events(app, case_id)
    await wang.press_payload(GridResident(case_id, "answer"))  # nothing left to answer
    assert t(app, "zh", "grid-no-question", case=number) in wang.text

    # A progress note is news, not a resolution.
    await li.press_payload(GridView(case_id))
    await li.press("进展")
    await li.send("已联系城管,明天上门")
    case = await get_case(app, case_id)
    assert case.state is CaseState.in_progress
    assert case.resolved_at is None
    assert "已联系城管" in texts(await queued(app, "wang", "grid-progress"))[0]

    # Resolving needs a photo as evidence: text gets a hint, the photo resolves.
    await li.press("办结")
    await li.send("棚子已拆除")
    assert "照片" in li.text
    await li.send("拆了")
    assert t(app, "zh", "grid-hint-evidence") in li.text
    assert (await get_case(app, case_id)).state is CaseState.in_progress
    await send_photo(li, PNG_BYTES + b"after")
    case = await get_case(app, case_id)
    assert case.state is CaseState.resolved
    assert case.resolved_on_time is True
    resolved = await queued(app, "wang", "grid-resolved")
    assert "棚子已拆除" in texts(resolved)[0]

    # The reporter sees both photos (theirs none here, the evidence one), and confirms.
    await wang.press_payload(GridResident(case_id, "photos"))
    assert [r.photo.content for r in wang.batch if r.photo is not None] == [PNG_BYTES + b"after"]
    await wang.press_payload(GridResident(case_id, "ok"))
    case = await get_case(app, case_id)
    assert (case.state, case.satisfied) == (CaseState.closed, True)
    kinds = [kind for kind, _text, _detail in await events(app, case_id)]
    assert kinds == ["submitted", "accepted", "question", "answer", "note", "resolved", "confirmed"]


async def test_grid_worker_cannot_act_on_another_grids_case(app: Linli) -> None:
    case_id = await _reported(app)
    ma = driver(app, "ma")  # grid worker of Grid 2; the case is in Grid 1
    for action in ("accept", "note", "resolve", "reject", "transfer", "ask", "photos"):
        await ma.press_payload(GridAct(case_id, action))
        assert ma.texts() == [t(app, "zh", "grid-not-yours", case=case_number(case_id))], action
    await ma.press_payload(GridView(case_id))
    assert t(app, "zh", "grid-not-yours", case=case_number(case_id)) in ma.text
    await ma.send("/cases")
    assert case_number(case_id) not in ma.text
    assert (await get_case(app, case_id)).state is CaseState.submitted
    # Community staff may act on every grid of their community; the other community's may not.
    tang = driver(app, "tang")
    await tang.press_payload(GridAct(case_id, "accept"))
    assert t(app, "zh", "grid-not-yours", case=case_number(case_id)) in tang.text
    zhou = driver(app, "zhou")
    await zhou.press_payload(GridAct(case_id, "accept"))
    assert (await get_case(app, case_id)).state is CaseState.accepted


async def test_flow_started_then_rights_lost_is_refused_at_the_end(app: Linli) -> None:
    case_id = await _reported(app)
    li, zhou = driver(app, "li"), driver(app, "zhou")
    await li.press_payload(GridAct(case_id, "ask"))
    # Meanwhile the community moves the case to Grid 2.
    await zhou.press_payload(GridAct(case_id, "transfer"))
    await zhou.press("云塘社区第二网格")
    await zhou.send("属于二网格的范围")
    await li.send("请问具体位置?")
    assert t(app, "zh", "grid-not-yours", case=case_number(case_id)) in li.text
    assert [kind for kind, _t, _d in await events(app, case_id)] == ["submitted", "transferred"]


async def test_transfer_and_reject_with_where_to_go(app: Linli) -> None:
    case_id = await _reported(app)
    li, ma = driver(app, "li"), driver(app, "ma")
    await li.press_payload(GridAct(case_id, "transfer"))
    assert li.has_button("矛盾纠纷调解员")
    assert li.has_button("云塘社区第二网格")
    await li.press("云塘社区第二网格")
    await li.send("这栋楼归二网格管")
    case = await get_case(app, case_id)
    assert case.grid_id == (await place(app, "yuntang-g2")).id
    assert case.state is CaseState.submitted
    assert t(app, "zh", "grid-transferred-away") in li.text
    assert "转给您的案件" in texts(await queued(app, "ma", "grid-new"))[0]
    assert ("transferred", "这栋楼归二网格管", "yuntang-g2/grid_worker") in await events(app, case_id)
    await li.press_payload(GridAct(case_id, "accept"))
    assert t(app, "zh", "grid-not-yours", case=case_number(case_id)) in li.text

    await ma.press_payload(GridAct(case_id, "reject"))
    await ma.send("这是小区红线外的市政道路")
    await ma.send("拨打 12345 市民热线")
    case = await get_case(app, case_id)
    assert case.state is CaseState.rejected
    told = texts(await queued(app, "wang", "grid-rejected"))[0]
    assert "市政道路" in told
    assert "12345" in told


async def test_disputes_go_to_the_mediator_property_to_the_supervisor(app: Linli) -> None:
    dispute = await _reported(app, "邻里纠纷")
    assert texts(await queued(app, "xu", "grid-new"))
    assert await queued(app, "li", "grid-new") == []
    li = driver(app, "li")
    await li.press_payload(GridAct(dispute, "accept"))  # a grid worker is not the mediator
    assert t(app, "zh", "grid-not-yours", case=case_number(dispute)) in li.text
    xu = driver(app, "xu")
    await xu.press_payload(GridAct(dispute, "accept"))
    assert (await get_case(app, dispute)).state is CaseState.accepted

    await _reported(app, "物业服务")
    assert texts(await queued(app, "zhao", "grid-new"))


async def test_cases_list_by_deadline_with_colours_and_filters(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")
    await report(wang, "安全隐患", "楼道里有人给电动车充电")  # accept within 2 hours
    urgent = (await latest_case(app)).id
    await report(wang, "其他", "小区门口积水")  # within 24 hours
    later = (await latest_case(app)).id
    app.set_clock(lambda: NOW + timedelta(hours=1, minutes=40))  # 83% of the 2 hours
    li = driver(app, "li")
    await li.send("/cases")
    listing = li.text
    assert listing.index(case_number(urgent)) < listing.index(case_number(later))
    assert f"🟡 {case_number(urgent)}" in listing
    assert f"🟢 {case_number(later)}" in listing
    app.set_clock(lambda: NOW + timedelta(hours=3))
    await li.send("/cases")
    assert f"🔴 {case_number(urgent)}" in li.text

    await li.press("类别")
    await li.press("安全隐患")
    assert case_number(urgent) in li.text
    assert case_number(later) not in li.text
    await li.press("状态")
    await li.press("已结案")
    assert t(app, "zh", "grid-list-empty") in li.text
    await li.press_payload(GridList(0, 0, "bogus"))
    assert t(app, "zh", "button-expired") in li.text
    await li.press_payload(GridFilter("nonsense", 0, 0, "open"))
    assert t(app, "zh", "button-expired") in li.text

    wang_staff = driver(app, "wang")
    await wang_staff.send("/cases")
    assert wang_staff.texts() == [t(app, "zh", "grid-staff-only")]


async def test_staff_add_a_category_residents_can_use(app: Linli) -> None:
    li = driver(app, "li")
    await li.send("/gridcategory")  # grid workers do not define categories
    assert li.texts() == [t(app, "zh", "grid-stats-staff-only")]
    zhou = driver(app, "zhou")
    await zhou.send("/gridcategory")
    await zhou.send("高空抛物")
    await zhou.press("跳过")
    await zhou.press("2 小时")
    await zhou.press("3 天")
    await zhou.press("网格员")
    assert "已新增类别“高空抛物”" in zhou.text
    await zhou.send("/gridcategory")
    await zhou.send("高空抛物")
    await zhou.press("跳过")
    await zhou.press("2 小时")
    await zhou.press("3 天")
    await zhou.press("网格员")
    assert t(app, "zh", "grid-category-exists", name="高空抛物") in zhou.text
    wang = driver(app, "wang")
    await wang.send("/report")
    assert "高空抛物" in wang.labels()

"""Reporting a problem: category → description → photos → where → "is it one of these?" → submit."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Linli
from handlers.core.buttons import Pick, pack
from handlers.grid.buttons import GridResident, GridView
from models.grid.store import CaseState, GridCaseFollower, GridCasePhoto, case_number
from models.media import load_media
from tests.grid.helpers import (
    NOW,
    PNG_BYTES,
    driver,
    get_case,
    latest_case,
    queued,
    report,
    send_location,
    send_photo,
    texts,
)
from tests.harness import ChatDriver, demo_person, onboard, place, t

B1 = (28.100000, 112.980000)  # yuntang-b1 in config/demo/grid.toml
B2 = (28.100000, 112.980700)  # yuntang-b2, ~69 m east


async def test_report_with_photos_reaches_the_grid_worker_anonymously(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")
    await wang.send("/report")
    assert "违章搭建" in wang.labels()
    assert "其他" in wang.labels()
    await wang.press("违章搭建")
    await wang.send("楼顶有人在搭铁皮棚")
    assert "已收到 0 张" in wang.text
    await send_photo(wang)
    assert "已收到 1 张" in wang.text
    await send_photo(wang, PNG_BYTES + b"2")
    await wang.press("照片发完了")
    assert wang.has_button("我住的格兰小镇3栋")
    await wang.press("我住的")
    assert "照片:2 张" in wang.text
    await wang.press("匿名提交")

    case = await latest_case(app)
    assert "已提交,案件编号 " + case_number(case.id) in wang.text
    assert (case.state, case.share_contact, case.pinned) == (CaseState.submitted, False, False)
    grid = await place(app, "yuntang-g1")
    assert case.grid_id == grid.id
    async with app.sessionmaker() as session:
        photos = (await session.scalars(select(GridCasePhoto).where(GridCasePhoto.case_id == case.id))).all()
        assert len(photos) == 2
        media = await load_media(session, photos[0].media_id)
        assert media is not None
        assert media.content == PNG_BYTES

    # The grid worker of Grid 1 is told, with a button to accept; Grid 2's is not.
    told = texts(await queued(app, "li", "grid-new"))
    assert len(told) == 1
    assert case_number(case.id) in told[0]
    assert "楼顶有人在搭铁皮棚" in told[0]
    assert await queued(app, "ma", "grid-new") == []

    # The handler sees no name: the reporter chose anonymity. Photos show on the terminal too.
    li = driver(app, "li")
    await li.press_payload(GridView(case.id))
    assert "匿名" in li.text
    assert "王秀英" not in li.text
    # The history's "submitted" line has no text of its own: it ends there, with no ":-" after it.
    assert " 提交\n" in li.text + "\n"
    assert "提交:-" not in li.text
    assert "13800000001" not in li.text
    await li.press("看照片")
    shown = [reply.photo for reply in li.batch if reply.photo is not None]
    assert [photo.content for photo in shown] == [PNG_BYTES, PNG_BYTES + b"2"]


async def test_shared_contact_is_shown_to_handlers_only(app: Linli) -> None:
    wang = driver(app, "wang")
    await report(wang, "违章搭建", submit="可以联系我")
    case = await latest_case(app)
    assert case.share_contact

    li = driver(app, "li")
    await li.press_payload(GridView(case.id))
    assert "王秀英 13800000001" in li.text
    # A follower sees the case but never the reporter's name.
    emma = driver(app, "emma")
    await emma.send("/report")
    await emma.press("Illegal construction")
    await emma.send("A shed on the roof of building 3")
    await emma.press("No photos")
    await emma.press("Another building")
    await emma.press("Gelan Town Building 3")
    assert "Is it one of these?" in emma.text
    assert "王秀英" not in emma.text
    assert case_number(case.id) in emma.text
    await emma.press(f"This one, {case_number(case.id)}")
    assert "You now follow" in emma.text
    await emma.press_payload(GridView(case.id))
    assert "(you follow it)" in emma.text
    assert "王秀英" not in emma.text


async def test_only_what_is_kept_is_offered_for_sharing(app: Linli) -> None:
    """Joining asks for neither a name nor a phone: someone with neither is not asked to share them."""
    nobody = ChatDriver(app, user_id="9801", name="")
    await onboard(nobody)
    await nobody.send("/report")
    await nobody.press("违章搭建")
    await nobody.send("楼顶有人在搭铁皮棚")
    await nobody.press("不发照片")
    await nobody.press("我住的")
    if "是其中一个吗" in nobody.text:
        await nobody.press("不是,这是新问题")
    assert "姓名和电话" not in nobody.text
    assert t(app, "zh", "grid-submit-share") not in nobody.labels()
    assert t(app, "zh", "grid-submit-anonymous") in nobody.labels()
    # wang has both: she is asked about both, and may share them.
    wang = driver(app, "wang")
    for chat in (nobody, wang):
        await chat.send("/menu")
    await wang.send("/report")
    await wang.press("违章搭建")
    await wang.send("楼顶有人在搭铁皮棚")
    await wang.press("不发照片")
    await wang.press("我住的")
    if "是其中一个吗" in wang.text:
        await wang.press("不是,这是新问题")
    assert "姓名和电话" in wang.text
    assert t(app, "zh", "grid-submit-share") in wang.labels()


async def test_duplicate_by_building_makes_a_follower_not_a_case(app: Linli) -> None:
    # The demo has an open 毁绿种菜 case at yuntang-b3 (wang's), followed by chen.
    before = await latest_case(app)
    emma = driver(app, "emma")
    await emma.send("/report")
    await emma.press("Vegetables in green belts")
    await emma.send("Someone dug up the lawn")
    await emma.press("No photos")
    await emma.press("Another building")
    await emma.press("Gelan Town Building 3")
    assert "Is it one of these?" in emma.text
    await emma.press("This one")
    assert "3 people have reported it" in emma.text
    assert (await latest_case(app)).id == before.id  # no new case
    emma_person = await demo_person(app, "emma")
    async with app.sessionmaker() as session:
        follows = (
            await session.scalars(select(GridCaseFollower.case_id).where(GridCaseFollower.person_id == emma_person.id))
        ).all()
    assert len(follows) == 1


async def test_duplicate_by_distance_between_two_buildings(app: Linli) -> None:
    wang = driver(app, "wang")
    near_b1 = (B1[0], B1[1] + 0.0003)  # ~29 m east of b1: b1 is nearest
    await report(wang, "宠物扰民", "有狗每天晚上叫", pin=near_b1)
    first = await latest_case(app)
    assert first.pinned
    assert first.building_id == (await place(app, "yuntang-b1")).id

    chen = driver(app, "chen")
    near_b2 = (B1[0], B1[1] + 0.0004)  # ~39 m east of b1, ~29 m from b2: b2 is nearest, ~10 m from the first
    await chen.send("/report")
    await chen.press("宠物扰民")
    await chen.send("狗叫")
    await chen.press("不发照片")
    await send_location(chen, *near_b2)
    assert "是其中一个吗" in chen.text
    assert case_number(first.id) in chen.text

    # 60 m away and in another building: not a duplicate.
    zhou = driver(app, "zhou")
    await zhou.send("/report")
    await zhou.press("宠物扰民")
    await zhou.send("狗叫")
    await zhou.press("不发照片")
    await send_location(zhou, B2[0] + 0.0003, B2[1] + 0.0002)
    assert "是其中一个吗" not in zhou.text
    assert "请核对" in zhou.text


async def test_bad_input_while_reporting_loses_nothing(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/report")
    await wang.send("随便写点")  # text where a category button is expected
    assert t(app, "zh", "hint-use-buttons") in wang.text
    assert "违章搭建" in wang.labels()
    stale = wang.find_button("违章搭建").data
    await wang.press("违章搭建")
    await wang.send("长" * 501)
    assert "最多 500 个字" in wang.text
    await wang.send("楼道堆满了杂物")
    await wang.send("这是文字不是照片")
    assert t(app, "zh", "grid-hint-photos") in wang.text
    await send_location(wang, *B1)  # a location where photos are asked
    assert t(app, "zh", "grid-photo-expected") in wang.text
    await wang.press_data(stale)  # a button of an earlier step
    assert t(app, "zh", "button-expired") in wang.text
    forged = pack(Pick("x" * 8, "999"), b"wrong-key")
    await wang.press_data(forged)
    assert t(app, "zh", "button-expired") in wang.text
    await wang.press("不发照片")
    await send_photo(wang)  # a photo where the place is asked
    assert t(app, "zh", "grid-location-expected") in wang.text
    await send_location(wang, 39.9, 116.4)  # Beijing: far from every building
    assert t(app, "zh", "grid-pin-too-far", max=1000) in wang.text
    await wang.press("其他楼栋")
    await wang.press("格兰小镇2栋")
    assert "楼道堆满了杂物" in wang.text  # the description survived it all
    await wang.press("取消")
    assert t(app, "zh", "cancelled") in wang.text


async def test_guest_cannot_report_and_nobody_sees_others_cases(app: Linli) -> None:
    guest = driver(app, "stranger")
    await guest.send("/report")
    assert t(app, "zh", "need-registration") in guest.text
    wang = driver(app, "wang")
    await report(wang, "其他", "小区门口积水")
    case = await latest_case(app)
    he = driver(app, "he")  # a resident of another community
    await he.press_payload(GridView(case.id))
    assert t(app, "zh", "grid-not-yours", case=case_number(case.id)) in he.text
    await he.press_payload(GridResident(case.id, "reopen"))
    assert t(app, "zh", "grid-not-yours", case=case_number(case.id)) in he.text
    await he.press_payload(GridView(999999))
    assert t(app, "zh", "button-expired") in he.text
    assert (await get_case(app, case.id)).state is CaseState.submitted


async def test_my_cases_lists_reported_and_followed(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/mycases")
    assert "3栋楼下绿化带" in wang.text  # the demo's case wang reported
    emma = driver(app, "emma")
    await emma.send("/mycases")
    assert t(app, "en", "grid-mine-none") in emma.text

"""The residents' talk section: matters of one's communities only, a public answer told to the
supporters and audited, a meeting scheduled in a room (held in the booking store, invitation notice with
a sign-up button), minutes that reach the supporters, cancelling; scope and bad input."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import Linli
from handlers.core.buttons import unpack
from handlers.talk.buttons import TalkJoin
from models.booking.store import Booking, BookingStatus, Room
from models.notices.store import Notice
from models.places import place_by_code
from models.talk.store import Matter, MatterStatus, Meeting, MeetingStatus
from tests.console.conftest import SignIn, audited, told
from tests.harness import ChatDriver, t

Client = TestClient[web.Request, web.Application]


async def matter_titled(app: Linli, title: str) -> Matter:
    async with app.sessionmaker() as session:
        matter = await session.scalar(select(Matter).where(Matter.title == title))
        assert matter is not None
        return matter


async def community_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        return place.id


async def test_matters_of_ones_own_communities(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    page = await (await console.get("/console/talk")).text()
    assert "小区东门的路灯坏了好几盏" in page
    assert "楼道堆放杂物" not in page  # 湘园's
    assert "王秀英" not in page  # the list names no one
    answered = await (await console.get("/console/talk?status=answered")).text()
    assert "希望在广场边增设几张休息座椅" in answered
    assert "小区东门的路灯坏了好几盏" not in answered
    xiangyuan = await matter_titled(app, "楼道堆放杂物存在消防隐患")
    assert (await console.get(f"/console/talk/matters/{xiangyuan.id}")).status == 404
    assert (await console.get("/console/talk?status=<script>")).status == 200  # unknown filter: the default


async def test_residents_and_grid_workers_do_not_get_in(console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "li")  # a grid worker: not a community manager
    assert (await console.get("/console/talk")).status == 403


async def test_answer_is_public_told_and_audited(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    matter = await matter_titled(app, "小区东门的路灯坏了好几盏")
    page = await (await console.get(f"/console/talk/matters/{matter.id}")).text()
    assert "王秀英" in page  # staff see who raised it
    refused = await console.post(
        f"/console/talk/matters/{matter.id}/answer", data={"csrf": csrf, "decision": "decline", "text": ""}
    )
    assert refused.status == 400  # declining needs a reason
    unknown = await console.post(
        f"/console/talk/matters/{matter.id}/answer",
        data={"csrf": csrf, "decision": "accept", "text": "马上修", "link": "G999999"},
    )
    assert unknown.status == 400
    assert t(app, "zh", "talk-link-unknown", number="G999999") in await unknown.text()
    response = await console.post(
        f"/console/talk/matters/{matter.id}/answer",
        data={"csrf": csrf, "decision": "accept", "text": "已安排电工,周五前修好。"},
        allow_redirects=False,
    )
    assert response.status == 303
    done = await matter_titled(app, matter.title)
    assert done.status is MatterStatus.accepted
    assert await told(app, "wang", "talk.answer") == 1
    assert await told(app, "emma", "talk.answer") == 1
    [entry] = await audited(app, "talk.accept")
    assert entry.object_id == str(matter.id)
    again = await console.post(
        f"/console/talk/matters/{matter.id}/answer", data={"csrf": csrf, "decision": "decline", "text": "不办了"}
    )
    assert again.status == 409  # answered already: not changed behind the supporters' backs


async def test_meeting_scheduled_minuted_and_told(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    matter = await matter_titled(app, "垃圾分类投放点的气味太大")
    await console.post(
        f"/console/talk/matters/{matter.id}/answer", data={"csrf": csrf, "decision": "agenda", "text": ""}
    )
    form = await (await console.get(f"/console/talk/communities/{yuntang}/meetings/new")).text()
    assert "垃圾分类投放点的气味太大" in form  # waiting for a meeting: goes on its agenda
    async with app.sessionmaker() as session:
        room = await session.scalar(select(Room).where(Room.code == "yuntang-meeting"))
        assert room is not None
    day = (app.services.clock() + timedelta(days=3)).astimezone(app.settings.tz).date().isoformat()
    fields = {
        "csrf": csrf,
        "title": "12月居民说事会",
        "room": str(room.id),
        "day": day,
        "start": "19:00",
        "end": "20:30",
    }
    past = await console.post(f"/console/talk/communities/{yuntang}/meetings/new", data={**fields, "day": "2020-01-01"})
    assert past.status == 409
    assert t(app, "zh", "booking-err-past") in await past.text()
    made = await console.post(f"/console/talk/communities/{yuntang}/meetings/new", data=fields, allow_redirects=False)
    assert made.status == 303, await made.text()
    clash = await console.post(f"/console/talk/communities/{yuntang}/meetings/new", data=fields)
    assert clash.status == 409  # the room is held now
    async with app.sessionmaker() as session:
        meeting = await session.scalar(select(Meeting).where(Meeting.title == "12月居民说事会"))
        assert meeting is not None
        booking = await session.get(Booking, meeting.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        notice = await session.get(Notice, meeting.notice_id)
        assert notice is not None
        assert notice.action is not None
        assert unpack(notice.action["zh"][1], app.services.button_key) == TalkJoin(meeting.id, 1)
        meeting_id = meeting.id
    # A resident signs up from the notice's button; minutes cannot come before the meeting.
    wang = ChatDriver(app, user_id="wang", language_code=None, channel="terminal")
    await wang.press_data(notice.action["zh"][1])
    assert t(app, "zh", "talk-signed-up") in wang.text
    early = await console.post(f"/console/talk/meetings/{meeting_id}/minutes", data={"csrf": csrf, "minutes": "x"})
    assert early.status == 409
    # After it began: minutes with an outcome per matter on the agenda, told to the supporters.
    app.set_clock(lambda: meeting.starts_at + timedelta(minutes=30))
    csrf = await sign_in(console, "zhou")  # days later: a new sign-in
    missing = await console.post(
        f"/console/talk/meetings/{meeting_id}/minutes", data={"csrf": csrf, "minutes": "到会20人"}
    )
    assert missing.status == 409  # no outcome for the matter on the agenda
    minuted = await console.post(
        f"/console/talk/meetings/{meeting_id}/minutes",
        data={"csrf": csrf, "minutes": "到会20人", f"outcome-{matter.id}": "加装除臭设备,每天清运两次"},
        allow_redirects=False,
    )
    assert minuted.status == 303, await minuted.text()
    decided = await matter_titled(app, matter.title)
    assert decided.status is MatterStatus.decided
    assert decided.outcome == "加装除臭设备,每天清运两次"
    assert await told(app, "li", "talk.outcome") == 1  # li raised it
    assert await told(app, "wang", "talk.outcome") == 1  # wang supports it (and signed up: told once)
    assert await told(app, "wang", "talk.minutes") == 0
    assert len(await audited(app, "talk.minutes")) == 1


async def test_cancel_frees_the_room_and_tells_who_signed_up(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    async with app.sessionmaker() as session:
        room = await session.scalar(select(Room).where(Room.code == "yuntang-meeting"))
        assert room is not None
    day = (app.services.clock() + timedelta(days=4)).astimezone(app.settings.tz).date().isoformat()
    fields = {"csrf": csrf, "title": "临时说事会", "room": str(room.id), "day": day, "start": "09:00", "end": "10:00"}
    await console.post(f"/console/talk/communities/{yuntang}/meetings/new", data=fields)
    async with app.sessionmaker() as session:
        meeting = await session.scalar(select(Meeting).where(Meeting.title == "临时说事会"))
        assert meeting is not None
    chen = ChatDriver(app, user_id="chen", language_code=None, channel="terminal")
    await chen.press_payload(TalkJoin(meeting.id, 1))
    no_reason = await console.post(f"/console/talk/meetings/{meeting.id}/cancel", data={"csrf": csrf})
    assert no_reason.status == 400
    done = await console.post(
        f"/console/talk/meetings/{meeting.id}/cancel", data={"csrf": csrf, "reason": "停电"}, allow_redirects=False
    )
    assert done.status == 303
    async with app.sessionmaker() as session:
        cancelled = await session.get(Meeting, meeting.id)
        assert cancelled is not None
        assert cancelled.status is MeetingStatus.cancelled
        booking = await session.get(Booking, cancelled.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.cancelled
    assert await told(app, "chen", "talk.cancelled") == 1


async def test_the_residents_photo_is_shown_to_staff_only(app: Linli, console: Client, sign_in: SignIn) -> None:
    from tests.grid.helpers import PNG_BYTES, send_photo

    wang = ChatDriver(app, user_id="wang", language_code=None, channel="terminal")
    await wang.send("/talknew")
    await wang.send("健身器材的螺丝松了")
    if "差不多" in wang.text:
        await wang.press("不一样")
    await wang.press("不用写了")
    await send_photo(wang)
    await wang.press("提交")
    matter = await matter_titled(app, "健身器材的螺丝松了")
    await sign_in(console, "zhou")
    page = await (await console.get(f"/console/talk/matters/{matter.id}")).text()
    assert f"/console/talk/matters/{matter.id}/photo" in page
    photo = await console.get(f"/console/talk/matters/{matter.id}/photo")
    assert photo.status == 200
    assert await photo.read() == PNG_BYTES
    other = await matter_titled(app, "小区东门的路灯坏了好几盏")  # no photo
    assert (await console.get(f"/console/talk/matters/{other.id}/photo")).status == 404
    await sign_in(console, "fangmin")  # 湘园's staff
    assert (await console.get(f"/console/talk/matters/{matter.id}/photo")).status == 404

"""Button payloads: typed, signed, at most 64 bytes, and nothing a client makes up gets through."""

from __future__ import annotations

import dataclasses
import string

import pytest

import handlers.core.buttons as buttons
from handlers.booking.buttons import (
    BookingApprove,
    BookingCalendar,
    BookingCancel,
    BookingCancelYes,
    BookingCheckIn,
    BookingHistory,
    BookingReject,
    StaffBlock,
    StaffCancel,
    StaffCentre,
    StaffDay,
    StaffStats,
    WaitClaim,
    WaitDecline,
    WaitLeave,
)
from handlers.calendar.buttons import CalendarNewAddress, CalendarStop
from handlers.core.buttons import (
    MAX_PAYLOAD_BYTES,
    InvalidButton,
    MenuAction,
    PactPage,
    PactPledgeButton,
    PactWhole,
    Payload,
    Pick,
    ProfileAction,
    SetLanguage,
    pack,
    unpack,
)
from handlers.evaluation.buttons import EvaluationResults, EvaluationStart
from handlers.grid.buttons import GridAct, GridFilter, GridList, GridResident, GridView
from handlers.hearings.buttons import HearingAnswer, HearingOpinionButton, HearingStaffView, HearingView
from handlers.hotline.buttons import (
    HotlineAccept,
    HotlineCase,
    HotlineDecline,
    HotlineDesk,
    HotlineMine,
    HotlineServiceAdmin,
)
from handlers.notices.buttons import (
    NoticeAckButton,
    NoticeCancelButton,
    NoticeLedgerButton,
    NoticeOpen,
    NoticeSentList,
    NoticeTopics,
)
from handlers.pact.resident import MAX_PACT_TEXT
from handlers.polls.buttons import PollCloseButton, PollManage, PollModerate, PollNominate, PollOpen, PollResults
from handlers.talk.buttons import TalkAnswer, TalkJoin, TalkList, TalkMeeting, TalkSupport, TalkView
from handlers.volunteers.buttons import (
    Doing,
    HoursAction,
    Mine,
    OfferAnswer,
    PairingAction,
    Review,
    StaffAction,
    TaskAction,
)
from models.conversation import new_nonce
from models.pact.store import MAX_ARTICLES

KEY = b"k" * 43  # the generated secret is token_urlsafe(32): 43 characters
# Ids are 32-bit integer columns on both backends: the largest id a button can carry.
MAX_ID = 2**31 - 1
LONGEST_COMMAND = "publishpact"

# The largest values the code puts in each kind, plus ordinary ones; every registered kind must be here.
EXAMPLES: dict[type[Payload], list[Payload]] = {
    Pick: [
        Pick(new_nonce(), "yes"),
        Pick("ffff", str(MAX_ID)),  # a building or community id
        Pick("0000", "publish"),
        Pick("abcd", "-"),
    ],
    MenuAction: [MenuAction(LONGEST_COMMAND), MenuAction("menu"), MenuAction("start")],
    SetLanguage: [SetLanguage("zh"), SetLanguage("en")],
    ProfileAction: [ProfileAction("address"), ProfileAction("forget"), ProfileAction("phone"), ProfileAction("name")],
    PactPage: [PactPage(MAX_ID, MAX_ARTICLES), PactPage(1, 0), PactPage(MAX_ID, MAX_PACT_TEXT)],
    PactWhole: [PactWhole(MAX_ID), PactWhole(1)],
    PactPledgeButton: [PactPledgeButton(MAX_ID), PactPledgeButton(1)],
    # grid management: the longest action, state and filter names it uses
    GridView: [GridView(MAX_ID)],
    GridAct: [GridAct(MAX_ID, "transfer"), GridAct(1, "accept")],
    GridResident: [GridResident(MAX_ID, "reopen"), GridResident(1, "ok")],
    GridList: [GridList(MAX_ID, MAX_ID, "in_progress"), GridList(0, 0, "open")],
    GridFilter: [GridFilter("category", MAX_ID, MAX_ID, "in_progress")],
    # volunteers: the longest action names each kind carries
    OfferAnswer: [OfferAnswer(MAX_ID, "y"), OfferAnswer(1, "n")],
    Doing: [Doing(MAX_ID, "done"), Doing(1, "cant"), Doing(1, "way")],
    Review: [Review(MAX_ID, "ok"), Review(1, "no")],
    TaskAction: [TaskAction(MAX_ID, "cancelok"), TaskAction(1, "view")],
    HoursAction: [HoursAction(MAX_ID, "edit"), HoursAction(1, "ok")],
    Mine: [Mine("register"), Mine("resume"), Mine("stars")],
    StaffAction: [StaffAction("pairings", 24), StaffAction("hub", 0)],
    PairingAction: [PairingAction(MAX_ID, "stop")],
    # room booking: ids, a day as its date ordinal (up to 9999-12-31), a month as yyyymm
    BookingCancel: [BookingCancel(MAX_ID)],
    BookingCancelYes: [BookingCancelYes(MAX_ID)],
    BookingCheckIn: [BookingCheckIn(MAX_ID)],
    BookingCalendar: [BookingCalendar(MAX_ID), BookingCalendar(0)],
    BookingHistory: [BookingHistory(100), BookingHistory(0)],
    BookingApprove: [BookingApprove(MAX_ID)],
    BookingReject: [BookingReject(MAX_ID)],
    WaitClaim: [WaitClaim(MAX_ID)],
    WaitDecline: [WaitDecline(MAX_ID)],
    WaitLeave: [WaitLeave(MAX_ID)],
    StaffCentre: [StaffCentre(MAX_ID)],
    StaffDay: [StaffDay(MAX_ID, 3652059), StaffDay(1, 741000)],
    StaffCancel: [StaffCancel(MAX_ID)],
    StaffStats: [StaffStats(MAX_ID, 210012)],
    StaffBlock: [StaffBlock(MAX_ID)],
    # 12343 hotline: offer and case ids, the longest action names each kind carries
    HotlineAccept: [HotlineAccept(MAX_ID, "today"), HotlineAccept(1, "1h"), HotlineAccept(1, "asked")],
    HotlineDecline: [HotlineDecline(MAX_ID)],
    HotlineCase: [HotlineCase(MAX_ID, f"o{MAX_ID}"), HotlineCase(1, "done")],
    HotlineMine: [HotlineMine(MAX_ID, "notdone"), HotlineMine(1, "view")],
    HotlineDesk: [HotlineDesk(MAX_ID, "reassign"), HotlineDesk(0, "catalogue")],
    HotlineServiceAdmin: [HotlineServiceAdmin(MAX_ID, "provider"), HotlineServiceAdmin(1, "toggle")],
    NoticeAckButton: [NoticeAckButton(MAX_ID)],
    NoticeTopics: [NoticeTopics(""), NoticeTopics("volunteering")],
    NoticeOpen: [NoticeOpen(MAX_ID)],
    NoticeLedgerButton: [NoticeLedgerButton(MAX_ID)],
    NoticeCancelButton: [NoticeCancelButton(MAX_ID, 1)],
    NoticeSentList: [NoticeSentList(0)],
    CalendarNewAddress: [CalendarNewAddress(1), CalendarNewAddress(0)],
    CalendarStop: [CalendarStop(0), CalendarStop(1)],
    # 居民说事, polls, hearings, evaluation: ids, and the longest words each kind carries
    TalkView: [TalkView(MAX_ID)],
    TalkSupport: [TalkSupport(MAX_ID)],
    TalkList: [TalkList("mine", 10_000), TalkList("meet", 0)],
    TalkMeeting: [TalkMeeting(MAX_ID)],
    TalkJoin: [TalkJoin(MAX_ID, 1), TalkJoin(1, 0)],
    TalkAnswer: [TalkAnswer(MAX_ID, "decline"), TalkAnswer(1, "agenda")],
    PollOpen: [PollOpen(MAX_ID)],
    PollResults: [PollResults(MAX_ID)],
    PollNominate: [PollNominate(MAX_ID)],
    PollManage: [PollManage(MAX_ID)],
    PollModerate: [PollModerate(MAX_ID, 1), PollModerate(1, 0)],
    PollCloseButton: [PollCloseButton(MAX_ID, 1), PollCloseButton(1, 0)],
    HearingView: [HearingView(MAX_ID)],
    HearingOpinionButton: [HearingOpinionButton(MAX_ID)],
    HearingAnswer: [HearingAnswer(MAX_ID, 1), HearingAnswer(1, 0)],
    HearingStaffView: [HearingStaffView(MAX_ID)],
    EvaluationStart: [EvaluationStart(MAX_ID)],
    EvaluationResults: [EvaluationResults(MAX_ID)],
}
ALL_EXAMPLES = [item for items in EXAMPLES.values() for item in items]


def test_every_kind_has_examples() -> None:
    assert set(buttons._REGISTRY.values()) == set(EXAMPLES)
    assert {kind.prefix for kind in EXAMPLES} == set(buttons._REGISTRY)


@pytest.mark.parametrize("item", ALL_EXAMPLES, ids=repr)
def test_round_trip(item: Payload) -> None:
    packed = pack(item, KEY)
    assert packed.startswith(f"{type(item).prefix}:")
    assert unpack(packed, KEY) == item
    assert type(unpack(packed, KEY)) is type(item)


@pytest.mark.parametrize("item", ALL_EXAMPLES, ids=repr)
def test_fits_telegram(item: Payload) -> None:
    packed = pack(item, KEY)
    assert packed.isascii()
    assert len(packed.encode()) <= MAX_PAYLOAD_BYTES


def test_headroom_for_the_largest_numbers_unpack_accepts() -> None:
    """unpack takes up to 12 digits per number: packing those must still fit (and round-trip)."""
    for kind, items in EXAMPLES.items():
        fields = dataclasses.fields(items[0])  # type: ignore[arg-type]
        widest = kind(**{f.name: (10**12 - 1) if f.type in (int, "int") else "x" * 12 for f in fields})
        assert unpack(pack(widest, KEY), KEY) == widest


@pytest.mark.parametrize("item", ALL_EXAMPLES, ids=repr)
def test_any_changed_character_is_refused(item: Payload) -> None:
    packed = pack(item, KEY)
    alphabet = string.ascii_letters + string.digits + "-_:~."
    for position, original in enumerate(packed):
        for replacement in {alphabet[(alphabet.index(original) + 1) % len(alphabet)], "A" if original != "A" else "B"}:
            tampered = packed[:position] + replacement + packed[position + 1 :]
            with pytest.raises(InvalidButton):
                unpack(tampered, KEY)
    for cut in range(len(packed)):
        with pytest.raises(InvalidButton):
            unpack(packed[:cut], KEY)
    with pytest.raises(InvalidButton):
        unpack(packed + "A", KEY)


@pytest.mark.parametrize("item", ALL_EXAMPLES, ids=repr)
def test_another_key_is_refused(item: Payload) -> None:
    with pytest.raises(InvalidButton, match="bad signature"):
        unpack(pack(item, KEY), b"another deployment's key")


def _signed(body: str) -> str:
    return f"{body}~{buttons._sign(KEY, body)}"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_signed("zz:1"), "unknown prefix"),
        (_signed("pa:x:1"), "version is not a number"),
        (_signed("pa:1:1.5"), "article is not a number"),
        (_signed("pa:1234567890123:1"), "version is not a number"),  # 13 digits
        (_signed("pa:1"), "wrong field count"),
        (_signed("pa:1:2:3"), "wrong field count"),
        (_signed("k:" + "a" * 60), "malformed"),
        ("m:menu", "malformed"),
        ("", "malformed"),
        ("m:菜单~AAAAAAAA", "not ascii"),
        ("m:menu~AAAAAAA\u00e9", "not ascii"),
    ],
)
def test_malformed_payloads(data: str, reason: str) -> None:
    with pytest.raises(InvalidButton, match=reason):
        unpack(data, KEY)


def test_pack_refuses_what_buttons_cannot_carry() -> None:
    for bad in ("a:b", "a~b", "中文", "a b", ""):
        if bad == "":
            assert unpack(pack(MenuAction(""), KEY), KEY) == MenuAction("")  # empty is fine
            continue
        with pytest.raises(ValueError, match="characters buttons cannot carry"):
            pack(MenuAction(bad), KEY)
    with pytest.raises(ValueError, match="over 64 bytes"):
        pack(Pick("abcd", "x" * 60), KEY)


def test_kinds_are_registered_once() -> None:
    with pytest.raises(ValueError, match="used twice"):

        @buttons.payload("k")
        @dataclasses.dataclass(frozen=True)
        class Again(Payload):
            value: str

    with pytest.raises(TypeError, match="int or str"):

        @buttons.payload("zz-float")
        @dataclasses.dataclass(frozen=True)
        class Floaty(Payload):
            value: float

    assert "zz-float" not in buttons._REGISTRY

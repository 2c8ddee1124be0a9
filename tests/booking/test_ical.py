"""iCalendar output: RFC 5545 line endings, folding at 75 octets, escaping, stable UIDs, cancellations; and
what a calendar app reads back (parsed with the icalendar library)."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from handlers.booking.ical import CalendarEvent, calendar
from models.booking.store import Booking, BookingStatus

NOW = datetime(2030, 3, 4, 0, 0, tzinfo=UTC)


def unfold(content: bytes) -> list[str]:
    text = content.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line break is CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def booking(status: BookingStatus, sequence: int = 0) -> Booking:
    return Booking(
        id=42,
        room_id=1,
        person_id=1,
        starts_at=datetime(2030, 3, 5, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 5, 3, 30, tzinfo=UTC),
        status=status,
        purpose="p",
        attendees=3,
        sequence=sequence,
    )


def event(item: Booking) -> CalendarEvent:
    long = "快乐老人大学舞蹈班;排练,新年联欢会节目\n请带水杯" * 3
    return CalendarEvent(item, summary=long, location="桥头社区综合服务中心 三楼", description="a\\b")


def test_lines_are_crlf_and_folded_without_splitting_characters() -> None:
    content = calendar([event(booking(BookingStatus.confirmed))], NOW)
    raw_lines = content.split(b"\r\n")[:-1]
    assert max(len(line) for line in raw_lines) <= 75
    assert any(line.startswith(b" ") for line in raw_lines)  # the long summary was folded
    for line in raw_lines:
        line.decode("utf-8")  # no multi-byte character cut in half
    lines = unfold(content)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "METHOD:PUBLISH" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert "\\;" in summary
    assert "\\," in summary
    assert "\\n" in summary
    assert "DESCRIPTION:a\\\\b" in lines
    assert "DTSTART:20300305T020000Z" in lines
    assert "DTEND:20300305T033000Z" in lines
    assert "DTSTAMP:20300304T000000Z" in lines
    assert "STATUS:CONFIRMED" in lines


def test_cancellation_updates_the_same_event() -> None:
    before = unfold(calendar([event(booking(BookingStatus.confirmed))], NOW))
    after = unfold(calendar([event(booking(BookingStatus.cancelled, sequence=1))], NOW))
    uid = [line for line in before if line.startswith("UID:")]
    assert uid == ["UID:B000042@booking.linli"]
    assert [line for line in after if line.startswith("UID:")] == uid
    assert "METHOD:CANCEL" in after
    assert "STATUS:CANCELLED" in after
    assert "SEQUENCE:1" in after
    assert "SEQUENCE:0" in before
    pending = unfold(calendar([event(booking(BookingStatus.pending))], NOW))
    assert "STATUS:TENTATIVE" in pending
    assert "METHOD:PUBLISH" in pending


def test_a_calendar_app_reads_back_what_was_written() -> None:
    written = event(booking(BookingStatus.confirmed))
    parsed = Calendar.from_ical(calendar([written], NOW, name="邻里 · 我的预约"))
    assert parsed["X-WR-CALNAME"] == "邻里 · 我的预约"
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == written.summary  # semicolons, commas and line breaks survive
    assert str(vevent["DESCRIPTION"]) == "a\\b"
    assert vevent.decoded("DTSTART") == datetime(2030, 3, 5, 2, 0, tzinfo=UTC)
    assert vevent.decoded("DTEND") == datetime(2030, 3, 5, 3, 30, tzinfo=UTC)

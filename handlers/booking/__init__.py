"""Room booking in the community centres: residents book, staff approve, the calendar file, the demo rooms.
May import handlers.core, models/ and config/.
"""

from handlers.booking import demo, ical, notify, resident, staff
from handlers.core.feature import Feature

FEATURE = Feature(
    name="booking",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=[*resident.FLOWS, *staff.FLOWS],
    menu=[*resident.MENU, *staff.MENU],
    timers=notify.TIMERS,
    demo=demo.load_booking_demo,
    settle=notify.tell_offers,
    calendar=ical.feed_events,
)

__all__ = ["FEATURE"]

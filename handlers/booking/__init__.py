"""Room booking in the community centres: residents book, staff approve, the calendar file, the demo rooms.
May import handlers.core, models/ and config/.
"""

from handlers.booking.resident import FEATURE

__all__ = ["FEATURE"]

"""/calendar: a secret address that calendar apps subscribe to, with each feature's events in it
(``Feature.calendar``: room bookings today; meetings and volunteer tasks can add theirs).
May import handlers.core, models/ and config/.
"""

from handlers.calendar.resident import FEATURE

__all__ = ["FEATURE"]

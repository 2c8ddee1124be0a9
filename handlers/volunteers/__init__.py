"""Volunteers (七彩义工): registering, offers in waves, tasks, hours; the coordinators' side.
May import handlers.core, models/ and config/.
"""

from handlers.volunteers.volunteer import FEATURE

__all__ = ["FEATURE"]

"""Volunteers (七彩义工): registering, offers in waves, tasks, hours; the coordinators' side.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.volunteers import demo, dispatch, staff, volunteer

FEATURE = Feature(
    name="volunteers",
    commands=[*volunteer.COMMANDS, *staff.COMMANDS],
    buttons={**volunteer.BUTTONS, **staff.BUTTONS},
    flows=[*volunteer.FLOWS, *staff.FLOWS],
    menu=[*volunteer.MENU, *staff.MENU],
    timers=dispatch.TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

"""Volunteers (七彩义工): registering, offers in waves, tasks, hours; the coordinators' side.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.volunteers import demo, dispatch, resident, staff

FEATURE = Feature(
    name="volunteers",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=[*resident.FLOWS, *staff.FLOWS],
    menu=[*resident.MENU, *staff.MENU],
    timers=dispatch.TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

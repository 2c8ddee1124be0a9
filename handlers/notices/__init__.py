"""Staff notices: composing and sending to an audience, residents reading, muting, confirming.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.notices import demo, jobs, resident, staff

FEATURE = Feature(
    name="notices",
    commands=[*staff.COMMANDS, *resident.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=staff.FLOWS,
    menu=[*resident.MENU, *staff.MENU],
    timers=jobs.TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

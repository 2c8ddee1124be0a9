"""Grid management: residents report problems, grid workers handle them, overdue cases escalate.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.grid import demo, jobs, resident, staff

FEATURE = Feature(
    name="grid",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=[*resident.FLOWS, *staff.FLOWS],
    menu=[*resident.MENU, *staff.MENU],
    timers=jobs.TIMERS,
    demo=demo.load_grid_demo,
)

__all__ = ["FEATURE"]

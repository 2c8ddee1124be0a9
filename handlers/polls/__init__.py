"""Polls and votes of a community or building (one vote per household or per person), and model-household
nominations (文明家庭评选). May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.polls import demo, jobs, resident, staff

FEATURE = Feature(
    name="polls",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=[*resident.FLOWS, *staff.FLOWS],
    menu=[*resident.MENU, *staff.MENU],
    timers=jobs.TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

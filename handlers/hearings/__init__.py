"""Hearings (听证): a public notice period with residents' written opinions, invited representatives who
confirm attendance, the room held through room booking, and a published outcome.
May import handlers.core, handlers.booking's policy, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.hearings import demo, jobs, resident, staff

FEATURE = Feature(
    name="hearings",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=resident.FLOWS,
    menu=[*resident.MENU, *staff.MENU],
    timers=jobs.TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

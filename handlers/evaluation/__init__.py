"""Residents' evaluation of community work (群众评): each period residents score the community's work and
the services they used; staff see anonymous results, trends and comparisons.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.evaluation import demo, jobs, resident, staff

FEATURE = Feature(
    name="evaluation",
    commands=staff.COMMANDS,
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=resident.FLOWS,
    menu=staff.MENU,
    timers=jobs.TIMERS,
    demo=demo.load_evaluation_demo,
)

__all__ = ["FEATURE"]

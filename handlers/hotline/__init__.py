"""The 12343 convenience hotline: residents ask for a service, providers accept and do it, operators watch.
May import handlers.core, models/ and config/.
"""

from handlers.core.feature import Feature
from handlers.hotline import demo, resident, staff
from handlers.hotline.notify import TIMERS

FEATURE = Feature(
    name="hotline",
    commands=[*resident.COMMANDS, *staff.COMMANDS],
    buttons={**resident.BUTTONS, **staff.BUTTONS},
    flows=[*resident.FLOWS, *staff.FLOWS],
    menu=[*resident.MENU, *staff.MENU],
    timers=TIMERS,
    demo=demo.load_demo,
)

__all__ = ["FEATURE"]

"""Grid management: residents report problems, grid workers handle them, overdue cases escalate.
May import handlers.core, models/ and config/.
"""

from handlers.grid.resident import FEATURE

__all__ = ["FEATURE"]

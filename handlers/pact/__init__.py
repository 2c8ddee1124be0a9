"""The residents' pact (居民公约): reading, pledging, publishing a new version.
May import handlers.core, models/ and config/.
"""

from handlers.pact.resident import FEATURE

__all__ = ["FEATURE"]

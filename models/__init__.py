"""The store and the rules of the domain.

Operations here take an ``AsyncSession``, may flush, and never commit: the caller (one incoming message,
one CLI command, one worker round) owns the transaction. Nothing here imports ``handlers`` or ``bot``.
"""

from models.base import Base
from models.conversation import ConversationState
from models.media import MediaFile
from models.meta import AppMeta
from models.outbox import OutboxMessage
from models.pact import PactArticle, PactPledge, PactVersion
from models.people import ChannelAccount, Person, RoleGrant
from models.places import Place
from models.timers import Timer

__all__ = [
    "AppMeta",
    "Base",
    "ChannelAccount",
    "ConversationState",
    "MediaFile",
    "OutboxMessage",
    "PactArticle",
    "PactPledge",
    "PactVersion",
    "Person",
    "Place",
    "RoleGrant",
    "Timer",
]

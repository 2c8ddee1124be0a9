"""Every table of the store, imported in one place so that ``Base.metadata`` is complete: Alembic's
autogenerate and the schema test read it. Imports only models; nothing in the app needs it at run time.
"""

from models.base import Base
from models.booking.store import Blackout, Booking, Centre, Room, Suspension, WaitlistEntry
from models.calendar.store import CalendarFeed
from models.conversation import ConversationState
from models.evaluation.store import EvaluationAnswer, EvaluationInvitation, EvaluationRound
from models.grid.store import BuildingLocation, GridCase, GridCaseEvent, GridCaseFollower, GridCasePhoto, GridCategory
from models.hearings.store import Hearing, HearingInvitation, HearingOpinion
from models.hotline.cases import HotlineEvent, HotlineOffer, HotlineRequest, HotlineTicketDay
from models.hotline.catalogue import (
    HotlineCategory,
    HotlineProvider,
    HotlineProviderArea,
    HotlineProviderService,
    HotlineProviderStaff,
    HotlineService,
)
from models.inbound import InboundUpdate
from models.media import MediaFile
from models.meta import AppMeta
from models.notices.store import Notice, NoticeAck, NoticeMute
from models.outbox import OutboxMessage, OutboxSenderSeen
from models.pact.store import PactArticle, PactPledge, PactVersion
from models.people import ChannelAccount, Person, RoleGrant
from models.places import Place
from models.polls.store import Poll, PollBallot, PollBallotChoice, PollOption
from models.talk.store import Matter, Meeting, SignUp, Support
from models.timers import Timer
from models.volunteers.store import VolunteerOffer, VolunteerPairing, VolunteerProfile, VolunteerTask
from models.web import AuditEntry, ConsolePassword, OneTimeCode, SignInAttempt, WebSession
from models.webchat import WebVisitor
from models.wechat import WeChatChoices, WeChatContact, WeChatInbound, WeChatToken

__all__ = [
    "AppMeta",
    "AuditEntry",
    "Base",
    "Blackout",
    "Booking",
    "BuildingLocation",
    "CalendarFeed",
    "Centre",
    "ChannelAccount",
    "ConsolePassword",
    "ConversationState",
    "EvaluationAnswer",
    "EvaluationInvitation",
    "EvaluationRound",
    "GridCase",
    "GridCaseEvent",
    "GridCaseFollower",
    "GridCasePhoto",
    "GridCategory",
    "Hearing",
    "HearingInvitation",
    "HearingOpinion",
    "HotlineCategory",
    "HotlineEvent",
    "HotlineOffer",
    "HotlineProvider",
    "HotlineProviderArea",
    "HotlineProviderService",
    "HotlineProviderStaff",
    "HotlineRequest",
    "HotlineService",
    "HotlineTicketDay",
    "InboundUpdate",
    "Matter",
    "MediaFile",
    "Meeting",
    "Notice",
    "NoticeAck",
    "NoticeMute",
    "OneTimeCode",
    "OutboxMessage",
    "OutboxSenderSeen",
    "PactArticle",
    "PactPledge",
    "PactVersion",
    "Person",
    "Place",
    "Poll",
    "PollBallot",
    "PollBallotChoice",
    "PollOption",
    "RoleGrant",
    "Room",
    "SignInAttempt",
    "SignUp",
    "Support",
    "Suspension",
    "Timer",
    "VolunteerOffer",
    "VolunteerPairing",
    "VolunteerProfile",
    "VolunteerTask",
    "WaitlistEntry",
    "WeChatChoices",
    "WeChatContact",
    "WeChatInbound",
    "WeChatToken",
    "WebSession",
    "WebVisitor",
]

"""SQLAlchemy models, one module per area; import from here."""
from .assist import Assignment, IndependentSample
from .audit import AuditEvent
from .base import Base, OrgScoped, utcnow
from .casework import ContactPoint, Enquiry, Participant
from .conversation import DeliveryReport, InboundMessage, TextConversation
from .comments import CommentReview, CommentStatus, CommentTheme, comment_review_theme  # noqa: F401
from .enums import *  # noqa: F401,F403
from .import_job import ImportJob
from .invitation import ConsentEvent, Invitation
from .media import QuestionMedia
from .messaging import ApiKey, OutboundMessage
from .paper import PaperBatch, PaperKeying, PaperLetter
from .organisation import Membership, Organisation, Partnership, PendingMembership, User
from .reports import QuarterlyReturn
from .response import Alert, Answer, Response
from .saved_form import SavedForm

__all__ = [
    "Assignment", "IndependentSample", "AuditEvent", "Base", "OrgScoped", "utcnow", "ContactPoint", "Enquiry", "Participant",
    "ConsentEvent", "Invitation", "Membership", "Organisation", "Partnership", "PendingMembership", "User",
    "QuarterlyReturn", "Alert", "Answer", "Response", "ApiKey", "OutboundMessage", "DeliveryReport",
    "InboundMessage", "TextConversation", "PaperBatch", "PaperKeying", "PaperLetter", "QuestionMedia",
    "SavedForm", "ImportJob",
]

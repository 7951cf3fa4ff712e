"""Mail adapters: the :class:`Mailer` port and its SMTP, file and memory adapters.

Only the standard library's ``smtplib`` and ``email`` send and build mail.
"""

from mentorcore.adapters.mail.mailer import (
    BaseMailer,
    DeliveryError,
    Mailer,
    PermanentFailure,
    ServerUnavailable,
    TemporaryFailure,
)
from mentorcore.adapters.mail.memory import MemoryMailer
from mentorcore.adapters.mail.message import Address, Attachment, OutgoingMessage, to_email

__all__ = [
    "Address",
    "Attachment",
    "BaseMailer",
    "DeliveryError",
    "Mailer",
    "MemoryMailer",
    "OutgoingMessage",
    "PermanentFailure",
    "ServerUnavailable",
    "TemporaryFailure",
    "to_email",
]

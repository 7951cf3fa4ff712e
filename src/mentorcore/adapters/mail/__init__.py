"""Mail adapters: the :class:`Mailer` port and its SMTP, file and memory adapters.

Only the standard library's ``smtplib`` and ``email`` send and build mail.
"""

from mentorcore.adapters.mail.files import FileMailer
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
from mentorcore.adapters.mail.settings import SMTPSettings
from mentorcore.adapters.mail.smtp import Security, SMTPMailer

__all__ = [
    "Address",
    "Attachment",
    "BaseMailer",
    "DeliveryError",
    "FileMailer",
    "Mailer",
    "MemoryMailer",
    "OutgoingMessage",
    "PermanentFailure",
    "SMTPMailer",
    "SMTPSettings",
    "Security",
    "ServerUnavailable",
    "TemporaryFailure",
    "to_email",
]

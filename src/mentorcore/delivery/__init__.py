"""Delivery: the outbox's messages sent through a mailer, outside every command.

Between the two sides and the engine: it reads what is owed
(:mod:`mentorcore.read.outbox`), sends it through a
:class:`~mentorcore.adapters.mail.Mailer`, and records how each attempt
ended (:mod:`mentorcore.write.outbox`). A failure never fails a command:
commands only record events; delivery runs later (``mentorcore deliver``
from cron, or :meth:`mentorcore.Engine.deliver`) and retries with back-off.
"""

from mentorcore.delivery.report import Attempt, DeliveryReport
from mentorcore.delivery.run import Backoff, Delivery

__all__ = ["Attempt", "Backoff", "Delivery", "DeliveryReport"]

"""A mailer that writes each message to a folder as an ``.eml`` file.

For dry runs and demos (``--mail-to-dir``): every mail program opens the
files. A message's file is named after its Message-ID, so sending the same
message again overwrites its file: a folder holds each message once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from mentorcore.adapters.mail.mailer import BaseMailer, TemporaryFailure
from mentorcore.adapters.mail.message import OutgoingMessage, to_email
from mentorcore.errors import StoreError
from mentorcore.i18n import _

__all__ = ["FileMailer", "file_name"]

_UNSAFE = re.compile(r"[^A-Za-z0-9@._+=-]")


def file_name(message_id: str) -> str:
    """The file *message_id* is written to: its characters that are safe in
    file names everywhere, plus a hash of the id if others had to go."""
    bare = message_id.strip("<>")
    safe = _UNSAFE.sub("_", bare).lstrip(".")[:120]
    if safe != bare:  # two ids must not meet in one name
        safe = f"{safe}-{hashlib.sha256(message_id.encode()).hexdigest()[:12]}"
    return f"{safe}.eml"


class FileMailer(BaseMailer):
    """Writes messages as ``<message-id>.eml`` files into *directory*.

    :param directory: Created (with its parents) if missing.
    :raises StoreError: *directory* cannot be created or written to.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_(
                "cannot create the mail folder {path}: {problem}",
                path=str(self.directory), problem=exc.strerror or str(exc),
            )) from None  # fmt: skip
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise StoreError(_("cannot write to the mail folder {path}", path=str(self.directory)))

    def __repr__(self) -> str:
        return f"FileMailer({str(self.directory)!r})"

    def path_for(self, message: OutgoingMessage) -> Path:
        """Where *message* is (or will be) written."""
        return self.directory / file_name(message.message_id)

    def send(self, message: OutgoingMessage) -> None:
        """Write *message* (replacing its file atomically if it is there).

        :raises TemporaryFailure: the file cannot be written (disk full, folder gone).
        """
        target = self.path_for(message)
        data = to_email(message).as_bytes()
        temporary: str | None = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.directory)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from other readers
            os.replace(temporary, target)
        except OSError as exc:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            raise TemporaryFailure(_(
                "cannot write the message {path}: {problem}",
                path=str(target), problem=exc.strerror or str(exc),
            )) from None  # fmt: skip

"""E-mail addresses as mentorcore's mail shows them: a name beside the address."""

from __future__ import annotations

import contextlib
from email.headerregistry import Address as HeaderAddress
from email.utils import parseaddr

from attrs import frozen

from mentorcore.errors import InvalidInput
from mentorcore.i18n import _
from mentorcore.validation import check

__all__ = ["Address", "header_address", "no_line_break"]


def no_line_break(where: str, value: str) -> None:
    """Refuse *value* with a line break (:class:`InvalidInput` at *where*)."""
    # A line break in a header value would start a header of its own (injection).
    if "\r" in value or "\n" in value:
        raise InvalidInput([(where, _("contains a line break"))])


@frozen
class Address:
    """A mailbox: the address, and the name shown beside it (may be empty).

    :raises InvalidInput: the address has no ``@``, or a line break or space.
    """

    name: str
    address: str

    def __attrs_post_init__(self) -> None:
        check(self, "address")  # text, not whatever a caller had at hand
        no_line_break("name", self.name)
        local, at, domain = self.address.rpartition("@")
        if not (local and at and domain) or any(c.isspace() for c in self.address):
            raise InvalidInput(
                [("address", _("{address} is not an e-mail address", address=repr(self.address)))]
            )

    @classmethod
    def parse(cls, text: str) -> Address:
        """``"Name <addr>"`` or a bare ``"addr"`` as an address.

        :raises InvalidInput: there is no address in *text*.
        """
        no_line_break("address", text)
        name, address = parseaddr(text)
        return cls(name, address or text.strip())

    def __str__(self) -> str:
        return str(header_address(self))


def header_address(address: Address) -> HeaderAddress:
    """*address* for a header, its domain in IDNA (ASCII) form."""
    # A header with a UTF-8 domain would need SMTPUTF8; its IDNA form needs nothing.
    local, __, domain = address.address.rpartition("@")
    with contextlib.suppress(UnicodeError):  # else as it is: the server refuses it
        domain = domain.encode("idna").decode("ascii")
    return HeaderAddress(display_name=address.name, username=local, domain=domain)

"""Form tokens against cross-site request forgery (WEB-CSRF-1).

A signed double-submit token: the browser holds a random nonce in a cookie
(``HttpOnly``, ``SameSite=Lax``); every form carries, in a hidden field, the
nonce and an HMAC of it and the signed-in person under a server secret.
A POST is taken only when the field's nonce is the cookie's and its HMAC
is right for the person asking now. Another site can neither read the
cookie nor compute the HMAC, and a token given to one person is worthless
to another.

The secret is ``MENTORCORE_WEB_SECRET`` when set, else random per process
(one for the pages and the sign-in alike): several app servers behind one
name need the same secret.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets

from starlette.requests import Request

from mentorcore.domain import Actor

#: The hidden form field that carries the token.
FIELD = "csrf_token"
#: The cookie that carries the nonce.
COOKIE = "mentorcore_csrf"
#: The environment variable holding the server secret.
SECRET_ENV = "MENTORCORE_WEB_SECRET"


@functools.cache
def server_secret() -> bytes:
    """The secret from ``MENTORCORE_WEB_SECRET``, else 32 random bytes made
    once per process (so the pages and the sign-in take each other's tokens)."""
    given = os.environ.get(SECRET_ENV, "")
    return given.encode() if given else secrets.token_bytes(32)


class Csrf:
    """Makes and checks form tokens (WEB-CSRF-1).

    :param secret: The HMAC key (default: :func:`server_secret`).
    :param cookie: The name of the nonce cookie.
    """

    def __init__(self, secret: bytes | None = None, cookie: str = COOKIE) -> None:
        self._secret = secret or server_secret()
        self.cookie = cookie

    def token(self, request: Request, actor: Actor | None) -> tuple[str, str | None]:
        """The form token for *actor*, and a new nonce to set as the cookie
        when the request brought none (else ``None``)."""
        nonce = request.cookies.get(self.cookie, "")
        fresh = None
        if not _well_formed(nonce):
            nonce = fresh = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce, actor)}", fresh

    def valid(self, request: Request, token: str, actor: Actor | None) -> bool:
        """Whether *token* is the one this browser's cookie and *actor* give."""
        nonce, _dot, signature = token.partition(".")
        cookie = request.cookies.get(self.cookie, "")
        if not _well_formed(cookie) or not hmac.compare_digest(nonce, cookie):
            return False
        return hmac.compare_digest(signature, self._sign(nonce, actor))

    def _sign(self, nonce: str, actor: Actor | None) -> str:
        # nobody, the system and a person can never give the same text
        who = "\x01" if actor is None else "\x02" if actor.person_id is None else actor.person_id
        message = f"{nonce}\x00{who}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def _well_formed(nonce: str) -> bool:
    return 16 <= len(nonce) <= 64 and all(c.isalnum() or c in "-_" for c in nonce)

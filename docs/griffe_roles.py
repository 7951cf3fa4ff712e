"""A griffe extension for the API reference: reST roles in docstrings become Markdown code.

mentorcore's docstrings use Sphinx roles (``:class:`~mentorcore.domain.Programme```)
and double backticks; mkdocstrings renders docstrings as Markdown, where both would
show their markup. Loaded by ``mkdocs.yml`` (``extensions: [docs/griffe_roles.py]``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|data|mod|attr|exc|obj|const):`~?([^`]+)`")
#: ``:raises A, B: why`` (Sphinx reads it; griffe's parser wants one name per field).
_RAISES = re.compile(r"^(\s*):raises ([\w.]+(?:, [\w.]+)+):(.*)$", re.M)


def markdown(text: str) -> str:
    """*text* with roles as inline code (the last dotted part for ``~``-less names too)
    and a ``:raises:`` field of several exceptions split into one field each."""
    text = _RAISES.sub(
        lambda m: "\n".join(f"{m[1]}:raises {e}:{m[3]}" for e in m[2].split(", ")), text
    )
    return _ROLE.sub(lambda m: f"`{m[1].rsplit('.', 1)[-1]}`", text).replace("``", "`")


class RolesToMarkdown(griffe.Extension):
    """Rewrite every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)

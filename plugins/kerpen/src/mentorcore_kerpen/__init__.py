"""The City of Kerpen's internal mentoring for female junior leaders, for mentorcore.

The programme and its rules live in :mod:`mentorcore_kerpen.policy`, which is
the ``kerpen`` entry point of the ``mentorcore`` group.
"""

from __future__ import annotations

__version__ = "0.1.0"

"""Mentoring of the Ostalbkreis scholarship programmes for mentorcore.

The programme and its rules live in :mod:`mentorcore_ostalb.policy`, which is
the ``ostalb`` entry point of the ``mentorcore`` group.
"""

from __future__ import annotations

__version__ = "0.1.0"

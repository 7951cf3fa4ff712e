"""MEDiC 1:1 mentoring (Medizincampus Chemnitz of TU Dresden) for mentorcore.

The programme and its rules live in :mod:`mentorcore_medic.policy`, which is
the ``medic`` entry point of the ``mentorcore`` group.
"""

from __future__ import annotations

__version__ = "0.1.0"

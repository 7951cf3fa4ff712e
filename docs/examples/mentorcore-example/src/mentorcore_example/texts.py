"""The buddy programme's own translation domain.

Its catalogues ship inside the package, in
``mentorcore_example/locale/<language>/LC_MESSAGES/mentorcore_example.mo``.
"""

from mentorcore.i18n import Domain

_ = Domain("mentorcore_example", "mentorcore_example")

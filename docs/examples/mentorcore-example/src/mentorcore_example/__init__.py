"""An example programme plugin: peer mentoring between departments of one company."""

__version__ = "0.1.0"

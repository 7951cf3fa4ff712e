"""Adapters to the world outside: event stores, JSON (cattrs), iCalendar."""

"""The write side: commands are decided, then appended with their projections.

A command is decided against the state the store holds in one unit of work
(:mod:`~mentorcore.write.unit`), then its events and the projections they
change are stored in the same transaction, and plugins are told afterwards.
"""

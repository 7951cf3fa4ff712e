"""The read side: every read is made as someone.

:class:`~mentorcore.read.reader.Reader` is bound to one viewer; each query
checks that viewer's rights and withholds what the programme keeps from them,
naming the rule. There is no read that takes no viewer.
"""

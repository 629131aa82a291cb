"""Signals other apps subscribe to (voting imports none of them).

``result_published`` is sent after the commit that publishes a ballot's result, with
``ballot`` (the Ballot), ``decides`` (its opaque reference, e.g. "evaluations.Subject:12"),
``refs`` (per question, in order, each question's own opaque reference or "") and ``result``
(``{"counts": [[per option] per question], "trustees": [...], "head": <head hash>}``).
The evaluations app connects to it to record a decision.
"""

from __future__ import annotations

from django.dispatch import Signal

result_published = Signal()

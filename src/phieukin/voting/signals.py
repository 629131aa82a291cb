"""Signals other apps subscribe to (voting imports none of them).

``result_published`` is sent after the commit that publishes a ballot's result, with
``ballot`` (the Ballot), ``refs`` (per question, in order, each question's opaque reference —
set by the app that created the ballot, e.g. "evaluations.Subject:12" — or "") and ``result``
(``{"counts": [[per option] per question], "trustees": [...], "head": <head hash>}``).
The evaluations app connects to it to record the vote, and the decision or proposal.

``result_outcomes`` is sent (``send``, synchronously) when a page or the minutes show a
published result, with ``ballot``: a receiver that created the ballot returns, per question in
order, the outcome it recorded (a sentence; "" for none), and None for a ballot it did not
create. The voting app counts; what a count decides is the creating app's (one rule, one place).
"""

from __future__ import annotations

from django.dispatch import Signal

result_published = Signal()
result_outcomes = Signal()

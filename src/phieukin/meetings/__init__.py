"""Conferences, agenda items, documents, attendance, quorum, comments, projector."""

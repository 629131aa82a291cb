"""Models of the voting app."""

from __future__ import annotations

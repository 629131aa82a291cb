"""Models of the evaluations app."""

from __future__ import annotations

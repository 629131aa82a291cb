"""Models of the organizations app."""

from __future__ import annotations

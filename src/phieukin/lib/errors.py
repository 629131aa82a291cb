"""A base for typed domain errors whose message reads in the active language.

The message template (a lazy msgid) and its parameters are kept apart, so the same error is
shown in Vietnamese in the web UI and in English at the API/CLI edges (``exc.english``),
without the code that raises it knowing where it will be shown.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise


class TranslatableError(Exception):
    """An error with a stable ``code`` and a translatable, parameterized message."""

    code = "error"

    def __init__(self, message: str | Promise, **params: Any) -> None:
        self.template = message
        self.params = params
        super().__init__(self.english)

    def __str__(self) -> str:
        text = str(self.template)
        return text % self.params if self.params else text

    @property
    def english(self) -> str:
        with translation.override("en"):
            return self.__str__()

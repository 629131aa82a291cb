"""Forms of the staff pages (validation only; the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phieukin.voting.models import QuestionKind


class BallotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    threshold = forms.IntegerField(
        label=_("Trustees needed to decrypt (t)"), min_value=1, initial=2
    )
    trustee_count = forms.IntegerField(
        label=_("Trustees (n)"), min_value=1, max_value=32, initial=3
    )
    small_group_threshold = forms.IntegerField(
        label=_("Warn when fewer voters than"), min_value=1, initial=16
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        t, n = data.get("threshold"), data.get("trustee_count")
        if t and n and t > n:
            raise forms.ValidationError(_("t cannot exceed n."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    prompt = forms.CharField(label=_("Question or subject"), max_length=500)
    candidates = forms.CharField(
        label=_("Candidates (one per line, for choose k of n)"),
        widget=forms.Textarea,
        required=False,
    )
    max_choices = forms.IntegerField(label=_("Choose at most (k)"), min_value=1, required=False)


class RatingListForm(forms.Form):
    """A list of labels to rate. What a question rates (its opaque reference) is never typed:
    the app that creates the ballot sets it (evaluations, from a rating agenda item)."""

    subjects = forms.CharField(label=_("Subjects to rate (one per line)"), widget=forms.Textarea)

    def subject_lines(self) -> list[tuple[str, str, None]]:
        lines = self.cleaned_data["subjects"].splitlines()
        return [(line.strip(), "", None) for line in lines if line.strip()]


class TrusteesForm(forms.Form):
    trustees = forms.CharField(
        label=_("Counting board (user names, in order, one per line)"), widget=forms.Textarea
    )

    def usernames(self) -> list[str]:
        return [u.strip() for u in self.cleaned_data["trustees"].splitlines() if u.strip()]


class MessageForm(forms.Form):
    """A ceremony or decryption message pasted from ``phieukin trustee``."""

    message = forms.CharField(
        label=_("Message (JSON from the trustee tool)"), widget=forms.Textarea
    )

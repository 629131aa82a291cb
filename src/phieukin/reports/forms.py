"""Forms of the document pages: a signing date, a Quyết định's type, a target, an end time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phieukin.reports.register_models import DocType, TargetAssessment


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignedOnForm(forms.Form):
    signed_on = forms.DateField(label=_("Signing date"), widget=_date_widget())

    def __init__(self, *args: object, earliest: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.earliest = earliest

    def clean_signed_on(self) -> object:
        value = self.cleaned_data["signed_on"]
        if self.earliest is not None and value < self.earliest:
            raise forms.ValidationError(
                _("The signing date cannot be before %(day)s."),
                params={"day": f"{self.earliest:%d/%m/%Y}"},
            )
        return value


class DecisionIssueForm(SignedOnForm):
    doc_type = forms.ChoiceField(
        label=_("Document"),
        choices=[(DocType.DECISION, _("Decision")), (DocType.NOTICE, _("Notice"))],
        initial=DocType.DECISION,
    )


class YearTargetForm(forms.Form):
    name = forms.CharField(label=_("Target"), max_length=300)
    plan = forms.CharField(label=_("Plan"), max_length=120)
    result = forms.CharField(label=_("Result"), max_length=120)
    assessment = forms.ChoiceField(label=_("Assessment"), choices=TargetAssessment.choices)


class EndTimeForm(forms.Form):
    ends_at = forms.TimeField(
        label=_("End time of the conference"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

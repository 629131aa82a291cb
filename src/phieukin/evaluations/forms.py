"""Forms of the review pages: they parse and check the shape of the input; the rules and the
workflow's checks are the services' (a refusal comes back as a ``RuleRefusedError``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Cycle, Level, ShortcomingStatus, VoteMethod
from phieukin.evaluations.services import ShortcomingSpec
from phieukin.evaluations.services.kinds import BODY_LABELS
from phieukin.meetings.models import AgendaItem

TEXTS = (
    ("results", _("Strengths and results")),
    ("limitations", _("Limitations and shortcomings")),
    ("causes", _("Causes")),
    ("remedy_results", _("Remedy of shortcomings pointed out earlier")),
    ("explanations", _("Explanation of issues raised (if any)")),
    ("responsibility", _("Responsibility")),
    ("remedies", _("Direction and measures to remedy")),
    ("commitment", _("Self-improvement commitment")),
)
CRITERIA_124 = (
    ("politics", _("Politics, ideology, ethics and lifestyle")),
    ("discipline", _("Sense of organization and discipline, working style")),
    ("duties", _("Performance of duties and responsibilities")),
)
RATINGS_124 = (
    ("XUAT_SAC", _("Excellent")),
    ("TOT", _("Good")),
    ("TRUNG_BINH", _("Average")),
    ("KEM", _("Poor")),
)
LEVELS = [("", "—"), *Level.choices]


def _positive(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100000, required=False)


class SelfReviewForm(forms.Form):
    """Mẫu 01 / 2A / 2B / 2C: texts, scores (366) or ratings (124), tasks, level, shortcomings."""

    proposed_level = forms.ChoiceField(
        label=_("Self-proposed level"), choices=LEVELS, required=False
    )
    tasks_planned = _positive(_("Tasks planned"))
    tasks_completed = _positive(_("Tasks completed"))
    tasks_on_time = _positive(_("Completed on time"))
    tasks_exceeding = _positive(_("Exceeding requirements"))
    led_planned = _positive(_("Tasks planned of the unit led"))
    led_completed = _positive(_("Completed (unit led)"))
    led_on_time = _positive(_("On time (unit led)"))
    led_exceeding = _positive(_("Exceeding (unit led)"))
    shortcomings = forms.CharField(
        label=_("Shortcomings to track"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: shortcoming | remedy | responsible | deadline dd/mm/yyyy"),
    )

    def __init__(self, *args: Any, items: list[tuple[str, str, str]], regulation: str,
                 earlier: list[Any], leader: bool, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        for name, label in TEXTS:
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.score_codes = [code for code, _label, _max in items]
        for code, label, maximum in items:
            self.fields[f"score_{code}"] = forms.CharField(label=f"{code}. {label} (/{maximum})")
        if regulation == "reg366" and not items:
            self.fields["group_i"] = forms.CharField(label=_("Group I: general criteria (/30)"))
            self.fields["group_ii"] = forms.CharField(label=_("Group II: task results (/70)"))
        if regulation == "reg124":
            for code, label in CRITERIA_124:
                self.fields[f"rating_{code}"] = forms.ChoiceField(label=label, choices=RATINGS_124)
            self.fields["task_rating"] = forms.ChoiceField(
                label=_("Rating of the year's task results"), choices=RATINGS_124
            )
        if not leader:
            for name in ("led_planned", "led_completed", "led_on_time", "led_exceeding"):
                del self.fields[name]
        self.earlier_ids = [item.pk for item in earlier]
        for item in earlier:
            self.fields[f"earlier_{item.pk}"] = forms.ChoiceField(
                label=item.text, choices=ShortcomingStatus.choices
            )
            self.fields[f"earlier_note_{item.pk}"] = forms.CharField(
                label=_("How it was remedied"), required=False
            )

    def clean_proposed_level(self) -> str:
        value: str = self.cleaned_data["proposed_level"]
        if not value:
            raise forms.ValidationError(_("Choose one of the four levels."))
        return value

    def clean_shortcomings(self) -> list[ShortcomingSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["shortcomings"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3 or not all(parts[:3]):
                raise forms.ValidationError(
                    _("Line %(n)s: write shortcoming | remedy | responsible."), params={"n": number}
                )
            specs.append(
                ShortcomingSpec(parts[0], parts[1], parts[2], deadline=_date(parts, number))
            )
        return specs

    def tasks(self, prefix: str) -> tuple[int, int, int, int] | None:
        names = ("planned", "completed", "on_time", "exceeding")
        values = [self.cleaned_data.get(f"{prefix}{n}") for n in names]
        if values[0] is None:
            return None
        return (values[0], values[1] or 0, values[2] or 0, values[3] or 0)


def _date(parts: list[str], number: int) -> date | None:
    if len(parts) < 4 or not parts[3]:
        return None
    try:
        day, month, year = (int(x) for x in parts[3].split("/"))
        return date(year, month, day)
    except ValueError:
        raise forms.ValidationError(
            _("Line %(n)s: the deadline is not a date dd/mm/yyyy."), params={"n": number}
        ) from None


class AppraisalForm(forms.Form):
    body = forms.CharField(label=_("Advisory body"), max_length=300, initial="Ban Tổ chức")
    level = forms.ChoiceField(label=_("Proposed level"), choices=LEVELS)
    remarks = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("Author"), max_length=300)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


def body_choices() -> list[tuple[str, Any]]:
    return [(body.value, label) for body, label in BODY_LABELS.items()]


class DecisionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=LEVELS, required=False)
    body = forms.ChoiceField(label=_("Deciding body"), choices=body_choices)
    method = forms.ChoiceField(
        label=_("How it is decided"),
        choices=[
            ("superior", _("Decision of the competent level")),
            ("show_of_hands", _("Conference vote by show of hands")),
            ("secret_ballot", _("Conference vote by secret ballot")),
        ],
    )
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    granted = forms.MultipleChoiceField(label=_("Mitigations granted"), required=False, choices=())
    confirm_cap = forms.BooleanField(
        label=_("I have read the cap warnings and confirm"), required=False
    )

    def __init__(self, *args: Any, grantable: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["granted"].choices = grantable

    def clean_level(self) -> str:
        value: str = self.cleaned_data["level"]
        if not value:
            raise forms.ValidationError(_("Choose one of the four levels."))
        return value


class VoteForm(forms.Form):
    body = forms.ChoiceField(label=_("Voting body"), choices=body_choices)
    method = forms.ChoiceField(
        label=_("Method"), choices=VoteMethod.choices, initial="show_of_hands"
    )
    htxsnv = _positive(Level.HTXSNV.label)
    httnv = _positive(Level.HTTNV.label)
    htnv = _positive(Level.HTNV.label)
    khtnv = _positive(Level.KHTNV.label)
    blank = _positive(_("Blank"))
    convened = forms.IntegerField(
        label=_("Official members convened"), min_value=1, max_value=100000
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item (its resolution is the announced result)"),
        queryset=AgendaItem.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, items: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]

    def counts(self) -> dict[str, int]:
        return {lv: self.cleaned_data.get(lv) or 0 for lv in ("htxsnv", "httnv", "htnv", "khtnv")}


class ReRateForm(forms.Form):
    level = forms.ChoiceField(label=_("New level"), choices=LEVELS, required=False)
    number = forms.CharField(label=_("Decision number (Form 03)"), max_length=60, required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_cap = forms.BooleanField(
        label=_("I have read the cap warnings and confirm"), required=False
    )

    def clean_level(self) -> str:
        value: str = self.cleaned_data["level"]
        if not value:
            raise forms.ValidationError(_("Choose one of the four levels."))
        return value


class OpenPeriodForm(forms.Form):
    """The organization, the year and the kind of period (QĐ 366: quarterly with its quarter,
    by term, ad hoc with its reason); the service refuses what the regulation does not allow,
    citing it (``phieukin.rules.check_period_kind``)."""

    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("Evaluation year"), min_value=2023, max_value=2100)
    cycle = forms.ChoiceField(
        label=_("Kind of period"),
        choices=Cycle.choices,
        initial=Cycle.ANNUAL,
        required=False,  # annual when not given
        help_text=_(
            "Quarterly, by term and ad hoc periods exist from 2025 (Regulation 366-QĐ/TW)."
        ),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—"), *((str(q), str(q)) for q in range(1, 5))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For a quarterly period."),
    )
    reason = forms.CharField(
        label=_("Reason for the period"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for an ad hoc period."),
    )
    depth = forms.IntegerField(
        label=_("Levels below included"), min_value=0, max_value=10, required=False, initial=1
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class MemberFormForm(forms.Form):
    """Mẫu 2B (working in the political system) or 2C (not) for a member without a post."""

    form = forms.ChoiceField(
        label=_("Where the member works"),
        choices=[
            ("2B", _("In the political system (form 2B)")),
            ("2C", _("Not in the political system (form 2C)")),
        ],
    )

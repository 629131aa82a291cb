from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phieukin.federation.models import PeerRole
from phieukin.organizations.models import Organization

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


class BundleUploadForm(forms.Form):
    file = forms.FileField(label=_("Bundle file (.zip)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 MB."))
        return upload


class PeerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PeerRole.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.order_by("path"),
        help_text=_(
            "For a subordinate: the organization of this installation its results roll up "
            "under (the same code as its own top organization)."
        ),
    )
    public_key = forms.CharField(
        label=_("Public key (64 hexadecimal digits)"), max_length=64, min_length=64
    )
    url = forms.URLField(
        label=_("Address of its API (superior only)"), required=False, assume_scheme="https"
    )

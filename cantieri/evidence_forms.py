"""Forms of evidence: attaching a file, making it public (explicit choice and consent)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import SHORT_TEXT_MAX
from citta_del_noi.uploads import UploadValidator

from .evidence import EVIDENCE_KINDS
from .models.evidence import CAPTION_MAX


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Foto (JPEG, PNG) o documento (PDF, ODT, DOCX, XLSX). Dalle foto viene tolta la "
            "posizione e ogni altro dato EXIF."
        ),
        validators=[UploadValidator(kinds=EVIDENCE_KINDS, max_bytes_setting="EVIDENCE_MAX_BYTES")],
    )
    caption = forms.CharField(label=_("Didascalia"), max_length=CAPTION_MAX, required=False)


class PublishForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Rendo pubblico questo allegato: ho il consenso delle persone ritratte (o non ritrae "
            "persone riconoscibili)"
        ),
        required=False,
    )
    consent_note = forms.CharField(
        label=_("Nota sul consenso"),
        help_text=_("Per le foto: come e da chi è stato raccolto il consenso."),
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

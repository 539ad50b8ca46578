"""Forms of the Bilancio Sociale (validation of shape; business rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts.emails import email_normalize
from citta_del_noi.privacy.validators import no_personal_data

from .models import COMMENT_MAX_LENGTH, Outcome

TEXT_TOO_LONG = _(
    "Il testo è troppo lungo: al massimo %(limit_value)s caratteri (ne hai scritti %(show_value)s)."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EditionForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=200)
    period_start = forms.DateField(label=_("Inizio del periodo rendicontato"), widget=DateInput())
    period_end = forms.DateField(label=_("Fine del periodo rendicontato"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fine del periodo precede l'inizio."))
        return data


class EditionUpdateForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=200)
    consultation_closes_on = forms.DateField(
        label=_("La consultazione si chiude il"), required=False, widget=DateInput()
    )


class SectionTextForm(forms.Form):
    body = forms.CharField(
        label=_("Testo della sezione"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Testo semplice: una riga vuota separa i paragrafi. Nessun codice HTML."),
        error_messages={"max_length": TEXT_TOO_LONG},
    )

    def __init__(
        self,
        *args: Any,
        azioni: list[tuple[str, str]] | None = None,
        parts: list[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        """With `azioni` [(slug, title)] and `parts` [(key, label)]: one text per azione and
        part too (section "obiettivi-attivita"), fields named "<slug>__<part>"."""
        super().__init__(*args, **kwargs)
        self.azione_groups: list[tuple[str, list[Any]]] = []
        for slug, title in azioni or []:
            names = []
            for part, label in parts or []:
                name = f"{slug}__{part}"
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    error_messages={"max_length": TEXT_TOO_LONG},
                )
                names.append(name)
            self.azione_groups.append((title, names))

    def azione_fields(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.azione_groups]

    def parts_data(self) -> dict[str, str]:
        """{"<slug>/<part>": text} of the per-azione fields (after validation)."""
        return {
            name.replace("__", "/", 1): self.cleaned_data.get(name) or ""
            for _title, names in self.azione_groups
            for name in names
        }


class RefreshForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo dell'aggiornamento dei dati"),
        max_length=500,
        help_text=_("Per esempio: correzione approvata di una scheda del periodo."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del ritorno in consultazione"),
        max_length=500,
        help_text=_("Servirà una nuova approvazione del Consiglio di indirizzo."),
    )


class ApprovalForm(forms.Form):
    decision: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Decisione del Consiglio di indirizzo"),
        queryset=None,
        empty_label=_("Scegli la decisione"),
    )
    note = forms.CharField(
        label=_("Nota"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, decisions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["decision"].label_from_instance = _decision_label  # type: ignore[attr-defined]


def _decision_label(decision: Any) -> str:
    meeting = decision.agenda_item.meeting
    return f"{meeting.date:%d/%m/%Y} · {meeting.consiglio.name} · {decision.text[:80]}"


class CorrectionForm(forms.Form):
    erratum = forms.CharField(
        label=_("Nota di errata corrige"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Cosa si corregge e perché: compare sulla copertina della nuova versione."),
    )
    section_key = forms.ChoiceField(label=_("Sezione da correggere (facoltativo)"), required=False)
    body = forms.CharField(
        label=_("Nuovo testo della sezione"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    refresh_data = forms.BooleanField(
        label=_("Aggiorna anche i dati"),
        required=False,
        help_text=_(
            "La nuova versione riporta i dati del periodo come sono oggi (l'operazione è "
            "registrata); le versioni precedenti, i loro PDF e le impronte SHA-256 non cambiano."
        ),
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [("", _("Nessuna: solo nota"))] + list(sections or [])  # type: ignore[attr-defined]


class ContributionForm(forms.Form):
    section_key = forms.ChoiceField(label=_("Sezione che commenti"))
    text = forms.CharField(
        label=_("Il tuo contributo"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Al massimo 5.000 caratteri. Testo semplice: l'HTML viene mostrato come testo."
        ),
        error_messages={
            "max_length": TEXT_TOO_LONG,
            "required": _("Scrivi il tuo contributo."),
        },
        validators=[no_personal_data],
    )
    display_name = forms.CharField(
        label=_("Nome (facoltativo, non viene pubblicato)"), required=False, max_length=120
    )
    email = forms.EmailField(
        label=_("La tua email"),
        required=False,
        help_text=_("Ti mandiamo un collegamento per confermare il contributo."),
    )
    consent = forms.BooleanField(
        label=_(
            "Ho letto l'informativa privacy e acconsento al trattamento dei dati per la "
            "consultazione"
        ),
        error_messages={
            "required": _("Per inviare il contributo devi accettare l'informativa privacy.")
        },
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]] | None = None,
        citizen: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = list(sections or [])  # type: ignore[attr-defined]
        if citizen:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
                "Indica la tua email: ti mandiamo un collegamento di conferma."
            )
        else:
            del self.fields["email"]
            del self.fields["display_name"]

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email") or ""
        return email_normalize(value) if value else ""


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Moderazione"),
        choices=[("publish", _("Pubblica il contributo")), ("reject", _("Non pubblicare"))],
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Esito"), choices=Outcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(
        label=_("Risposta pubblica"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obbligatoria se il contributo non è accolto o è accolto in parte."),
        error_messages={"max_length": TEXT_TOO_LONG},
        validators=[no_personal_data],
    )


class MonitoringForm(forms.Form):
    """Section 8 (DM 4/7/2019): the control body's monitoring (rules in services)."""

    body = forms.CharField(
        label=_("Organo di controllo"),
        required=False,
        max_length=300,
        help_text=_("Per esempio: Collegio dei revisori, Organo di controllo del progetto."),
    )
    members = forms.CharField(
        label=_("Componenti"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nome e ruolo di ciascun componente, uno per riga."),
    )
    on = forms.DateField(
        label=_("Data del monitoraggio"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Indica una data valida.")},
    )
    attestation = forms.CharField(
        label=_("Attestazione di conformità alle linee guida"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Il testo con cui l'organo attesta che il bilancio sociale è redatto in conformità "
            "alle linee guida del DM 4 luglio 2019."
        ),
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    remarks = forms.CharField(
        label=_("Osservazioni (facoltative)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    not_required = forms.BooleanField(
        label=_("Per questa edizione l'organo di controllo non è previsto"), required=False
    )
    not_required_reason = forms.CharField(
        label=_("Motivo per cui l'organo di controllo non è previsto"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TEXT_TOO_LONG},
    )

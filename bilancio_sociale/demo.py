"""Demo data: editions 2016 and 2017 published (PDFs built), 2018 in consultation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from citta_del_noi.accounts.models import User
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.reporting.approval import approval_resolver

from . import services
from .approval import approving_council_slug, edition_subject
from .models import Edition, EditionStatus, Outcome

TEXTS = {
    "nota-metodologica": (
        "Questo bilancio segue le Linee guida per il bilancio sociale degli enti del Terzo "
        "settore (DM 4 luglio 2019), adattate a un programma pubblico.\n\n"
        "I dati vengono dalle schede attività approvate dal Comune e sono congelati "
        "all'apertura della consultazione: eventuali correzioni successive compaiono solo dopo "
        "un aggiornamento registrato."
    ),
    "identita": (
        "Brescia Città del Noi porta la città dal welfare dell'amministrazione al welfare della "
        "comunità: il Comune, le organizzazioni del Terzo settore, le università e i cittadini "
        "lavorano insieme in sette azioni sostenute da cinque agenzie."
    ),
    "citta": (
        "Brescia conta circa 197.000 residenti in cinque zone e trentatré quartieri. I Punti "
        "Comunità sono cresciuti anno dopo anno, con l'obiettivo di uno per quartiere."
    ),
    "partecipazione": (
        "Il bilancio è stato scritto con le organizzazioni partner, con i consigli e con i "
        "cittadini: ogni contributo ha ricevuto una risposta pubblica."
    ),
    "obiettivi-miglioramento": (
        "Per la prossima edizione: raccogliere gli esiti (outcome) di più cantieri rispetto "
        "alla baseline e coinvolgere più cittadini nella consultazione."
    ),
}

EDITIONS = [
    ("bilancio-2016", "Bilancio Sociale 2016", date(2016, 1, 1), date(2016, 12, 31), True),
    ("bilancio-2017", "Bilancio Sociale 2017", date(2017, 1, 1), date(2017, 12, 31), True),
    ("bilancio-2018", "Bilancio Sociale 2018", date(2018, 1, 1), date(2018, 12, 31), False),
]

CONTRIBUTIONS = [
    (
        "partner",
        "citta",
        "Nella zona Est mancano ancora Punti Comunità: suggeriamo di dirlo "
        "esplicitamente nel testo.",
        Outcome.ACCEPTED,
        "Aggiunto nel testo della sezione.",
    ),
    (
        "council",
        "partecipazione",
        "Sarebbe utile indicare quante riunioni ha tenuto il Consiglio di indirizzo.",
        Outcome.PARTLY,
        "Il dato è nella sezione sulla governance; lo richiamiamo qui.",
    ),
    (
        "citizen",
        "identita",
        "Non è chiaro come un cittadino possa partecipare ai cantieri.",
        Outcome.DECLINED,
        "La sezione rendiconta l'anno passato; le modalità di partecipazione "
        "sono sulle pagine dei cantieri.",
    ),
]


def _user(email: str) -> Any:
    return User.objects.filter(email=email).first()


def _decision(staff: Any, edition: Edition) -> Any:
    """The competent council's decision approving `edition` (the councils' demo helper, reached
    through the approval resolver): taken at the first meeting held with quorum after the end
    of the edition's period, naming the edition as its subject."""
    return approval_resolver().demo_decision(
        staff=staff,
        council_slug=approving_council_slug(),
        subject=edition_subject(edition),
        title=edition.title,
        period_end=edition.period_end,
    )


def _contributions(edition: Edition, staff: Any, *, answer: bool) -> None:
    partner = _user("referente@auser.demo")
    council = _user("consigliere@cittadelnoi.demo")
    for kind, section, text, outcome, reply in CONTRIBUTIONS:
        user = {"partner": partner, "council": council}.get(kind)
        if kind != "citizen" and user is None:
            continue
        contribution = services.contribution_submit(
            edition=edition,
            section_key=section,
            text=text,
            user=user,
            email="cittadina@esempio.demo" if kind == "citizen" else "",
            consent=True,
        )
        if kind == "citizen":
            services.contribution_confirm(token=contribution.confirm_token)
            contribution.refresh_from_db()
        services.contribution_moderate(contribution=contribution, publish=True, by=staff)
        if answer:
            services.contribution_answer(
                contribution=contribution, outcome=outcome, answer=reply, by=staff
            )


def seed(ctx: DemoContext) -> None:
    if ctx.done("bilancio_sociale.editions"):
        ctx.say("Bilancio Sociale: edizioni demo già presenti.")
        return
    staff = _user("staff@cittadelnoi.demo")
    for slug, title, start, end, publish in EDITIONS:
        if Edition.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            edition = services.edition_create(
                title=title, period_start=start, period_end=end, by=staff, slug=slug
            )
            for key, body in TEXTS.items():
                services.section_text_save(edition=edition, section_key=key, body=body, by=staff)
            edition = services.edition_open_consultation(edition=edition, by=staff)
            _contributions(edition, staff, answer=publish)
            if not publish:
                ctx.say(f"Bilancio Sociale: {title} in consultazione.")
                continue
            decision = _decision(staff, edition)
            if decision is None:
                ctx.say(
                    "Bilancio Sociale: nessuna riunione valida del consiglio competente, "
                    "edizione non approvata."
                )
                continue
            services.monitoring_save(
                edition=edition,
                by=staff,
                body="Organo di controllo del progetto Brescia Città del Noi",
                members=(
                    "Maria Rossi, presidente (revisora legale)\n"
                    "Luca Bianchi, componente\nGiulia Verdi, componente"
                ),
                on=date(start.year + 1, 4, 30),
                attestation=(
                    "L'organo di controllo attesta che il bilancio sociale è stato redatto in "
                    "conformità alle Linee guida per la redazione del bilancio sociale degli enti "
                    "del Terzo settore (DM 4 luglio 2019), adattate a un programma pubblico."
                ),
                remarks=(
                    "Si raccomanda di rilevare gli esiti (outcome) rispetto alla baseline in più "
                    "cantieri."
                ),
            )
            edition = services.edition_approve(edition=edition, decision=decision, by=staff)
            version = services.edition_publish(edition=edition, by=staff)
        path = services.version_build_pdf(version=version)
        ctx.say(f"Bilancio Sociale: {title} pubblicato, PDF {path}")
    if Edition.objects.filter(slug="bilancio-2017", status=EditionStatus.PUBLISHED).exists():
        ctx.mark("bilancio_sociale.editions")

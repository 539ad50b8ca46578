"""Demo data of the agencies' communication: library, news, events, pages."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from territori.models import PuntoComunita

from .. import models as m


def _communication(rng: random.Random, quartieri: list) -> None:
    today = timezone.localdate()
    now = timezone.now()
    for i, title in enumerate(
        [
            "Aperto un nuovo Punto Comunità a Sanpolino",
            "Pubblicato il Bilancio Sociale partecipativo",
            "Al via il bando per il non profit",
            "Cercasi volontari per l'estate",
            "I risultati della ricerca sui bisogni",
            "Nuovo patto di collaborazione a Chiesanuova",
        ]
    ):
        m.NewsItem.objects.create(
            title=title,
            summary="Una notizia dal programma Brescia Città del Noi.",
            body="Testo della notizia.\n\nSecondo paragrafo.",
            published_on=today - timedelta(days=20 * i),
            published=True,
        )
    for i, title in enumerate(
        [
            "Festa del Punto Comunità",
            "Assemblea pubblica dei cantieri",
            "Presentazione del Bilancio Sociale",
            "Laboratorio di quartiere",
            "Incontro sulla co-progettazione",
            "Cena solidale",
        ]
    ):
        start = timezone.make_aware(
            datetime.combine(today + timedelta(days=14 * i - 28), time(17, 30))
        )
        m.Event.objects.create(
            title=title,
            description="Evento aperto a tutta la cittadinanza.",
            start=start,
            end=start + timedelta(hours=2),
            location="Sala civica",
            quartiere=quartieri[i % len(quartieri)],
            published=True,
        )
    for i, name in enumerate(
        ["Conosci il tuo Punto Comunità", "Diventa volontario", "Il Bilancio Sociale in breve"]
    ):
        m.Campaign.objects.create(
            name=name,
            objective="Far conoscere il programma ai residenti.",
            audience="Residenti dei quartieri",
            channels="sito, social, volantini, stampa locale",
            start=today - timedelta(days=90 * (i + 1)),
            end=today - timedelta(days=90 * i),
            reach=rng.randint(2000, 12000),
            reach_method="Visualizzazioni e copie distribuite",
        )
    for i in range(3):
        m.Subscriber.objects.create(email=f"lettore{i + 1}@example.org", confirmed_at=now)
    m.Newsletter.objects.create(
        subject="Notizie di primavera",
        body="Le novità del programma.",
        status=m.NewsletterStatus.SENT,
        sent_at=now,
        recipients=3,
    )
    m.Newsletter.objects.create(subject="Notizie d'estate", body="Bozza della prossima newsletter.")
    for agency in m.Agency.objects.all():
        m.PublicPage.objects.create(
            kind=m.PageKind.AGENCY,
            agency=agency,
            intro=f"L'agenzia {agency.name} al servizio delle sette azioni.",
            body="Questa pagina racconta il lavoro dell'agenzia e i suoi risultati.",
        )
    punto = PuntoComunita.objects.order_by("pk").first()
    if punto:
        m.PublicPage.objects.create(
            kind=m.PageKind.PUNTO,
            punto=punto,
            intro="Uno spazio aperto al quartiere.",
            body="Accoglienza, ascolto e attività per tutte le età.",
        )

"""Issue 16: Italian figures, the PA pages (cookie, privacy, accessibility) and the page cards."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from agencies.services import interest_retention_days
from bilancio_sociale.services import CONTRIBUTOR_DATA_RETENTION_DAYS, UNCONFIRMED_RETENTION_DAYS
from citta_del_noi.charts import Series
from citta_del_noi.charts.formatting import format_money, format_number, format_percent
from citta_del_noi.charts.xy import HBarChart

NBSP = "\u00a0"


def test_italian_figures() -> None:
    assert format_number(314380) == "314.380"
    assert format_money(1870665) == f"1.870.665{NBSP}€"
    assert format_money(Decimal("1870665.00")) == f"1.870.665{NBSP}€"
    assert format_money(1234.5) == f"1.234,50{NBSP}€"
    assert format_percent(12.5) == f"12,5{NBSP}%"


def test_template_filters_are_built_in() -> None:
    text = Template(
        "{{ a|numero }}|{{ b|euro }}|{{ c|percento }}|{{ d|numero:'-2' }}"
        "|{{ e|numero|default:'—' }}"
    ).render(Context({"a": 314380, "b": Decimal("1870665"), "c": 12.5, "d": 0.25, "e": None}))
    assert text == f"314.380|1.870.665{NBSP}€|12,5{NBSP}%|0,25|—"


def test_months_are_lower_case() -> None:
    from datetime import date

    from django.utils import translation

    with translation.override("it"):
        text = Template('{{ d|date:"j F Y" }}').render(Context({"d": date(2026, 12, 2)}))
    assert text == "2 dicembre 2026"


def test_chart_labels_wrap_instead_of_being_cut() -> None:
    label = "Intera città o più zone insieme"
    chart = HBarChart(
        title="Attività per ambito", labels=[label, "Nord"], series=[Series("Attività", [3, 1])]
    )
    svg = str(chart.svg())
    assert "…" not in svg
    assert "<tspan" in svg and f"<title>{label}</title>" in svg
    visible = "".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert "Intera città o" in visible and "zone insieme" in visible


@pytest.mark.django_db
def test_cookie_page_lists_the_cookies_the_portal_sets(client) -> None:
    body = client.get(reverse("core:cookie")).content.decode()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        assert f"<code>{name}</code>" in body
    assert settings.LANGUAGE_COOKIE_NAME in body and "messages" in body
    assert "banner" in body
    assert f'href="{reverse("core:cookie")}"' in body  # the footer link


@pytest.mark.django_db
def test_privacy_notices_state_the_retention_the_code_applies(client) -> None:
    body = re.sub(r"\s+", " ", client.get(reverse("core:privacy")).content.decode())
    assert f"dopo {UNCONFIRMED_RETENTION_DAYS} giorni" in body
    assert f"({CONTRIBUTOR_DATA_RETENTION_DAYS} giorni)" in body
    assert f"Conservazione: {interest_retention_days()} giorni" in body
    assert f"{settings.JOBS_KEEP_DAYS} giorni dopo" in body
    assert f"al massimo {settings.SESSION_COOKIE_AGE // 3600} ore" in body
    for title in ("Account dell'area riservata", "Consultazione pubblica", "Newsletter"):
        assert title in body.replace("&#x27;", "'")


@pytest.mark.django_db
def test_home_has_a_title_description_and_open_graph_card(client, reference) -> None:
    body = client.get(reverse("core:home")).content.decode()
    assert re.search(r"<title>[^<]*Brescia Città del Noi</title>", body)
    assert '<meta name="description" content="Il programma del Comune di Brescia' in body
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:locale"):
        assert f'property="{prop}"' in body
    assert 'property="og:url" content="http' in body
    # the Comune's name, site and coat of arms in the header
    assert f'href="{settings.PORTAL_COMUNE_URL}"' in body
    assert 'class="portal-stemma"' in body and "Stemma del Comune di Brescia" in body


@pytest.mark.django_db
def test_accessibility_statement_follows_agids_model_and_is_edited_in_the_admin(
    client, reference
) -> None:
    from citta_del_noi.core.models import AccessibilityStatement

    body = client.get(reverse("core:accessibilita")).content.decode()
    assert "parzialmente conforme" in body
    assert "riesaminata l'ultima volta il 1 dicembre 2026" in body
    assert "Contenuti non accessibili" in body and "onere sproporzionato" in body
    assert 'href="mailto:accessibilita@comune.brescia.it"' in body
    assert 'href="https://form.agid.gov.it/"' in body
    # staff have the admin permissions to keep it up to date
    from django.contrib.auth.models import Group

    from citta_del_noi.accounts.roles import GROUP_STAFF

    codenames = set(
        Group.objects.get(name=GROUP_STAFF).permissions.values_list("codename", flat=True)
    )
    assert {"change_accessibilitystatement", "add_nonaccessiblecontent"} <= codenames
    statement = AccessibilityStatement.objects.get()
    statement.status = "conforme"
    statement.save()
    assert "<strong>conforme</strong>" in client.get(reverse("core:accessibilita")).content.decode()


@pytest.mark.django_db
def test_home_texts_repeat_nothing(client, reference) -> None:
    text = re.sub(r"<[^>]+>", " ", client.get(reverse("core:home")).content.decode())
    text = re.sub(r"\s+", " ", text)
    for phrase in re.findall(r"([A-ZÀ-Ýa-zà-ý' ]{6,}) · \1(?= |$)", text):
        raise AssertionError(f"repeated: {phrase!r}")
    assert "Azione di sistema · Azione di sistema" not in text

"""The personal-data detector: what it finds, and the figures of a report it leaves alone."""

from __future__ import annotations

import pytest

from citta_del_noi.privacy.detection import (
    find_codici_fiscali,
    find_emails,
    find_ibans,
    find_personal_data,
    find_phone_numbers,
    personal_data_message,
    scrub,
)


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text)]


def test_codice_fiscale_with_valid_check_character_is_found_and_masked() -> None:
    found = find_codici_fiscali("Mario Rossi RSSMRA80A01H501U ha partecipato")
    assert [(f.kind, f.masked) for f in found] == [("codice_fiscale", "RSSMRA…501U")]
    assert find_codici_fiscali("rssmra80a01h501u")  # lower case too


def test_codice_fiscale_with_wrong_check_character_is_not_flagged() -> None:
    assert find_codici_fiscali("RSSMRA80A01H501X") == []
    assert find_codici_fiscali("RSSMRA80A01H501UX") == []  # part of a longer code


def test_omocodia_codice_fiscale_is_found() -> None:
    # The last digit of the municipality code replaced by its omocodia letter (1 → M).
    assert find_codici_fiscali("RSSMRA80A01H50MM")
    assert find_codici_fiscali("RSSMRA80A01H50MU") == []  # same letters, wrong check


@pytest.mark.parametrize(
    "text",
    [
        "scrivete a mario.rossi@example.com",
        "Contatto: m_rossi+bilancio@posta.comune.brescia.it.",
    ],
)
def test_email_addresses_are_found(text: str) -> None:
    found = find_emails(text)
    assert len(found) == 1 and "@" in found[0].masked
    assert "rossi" not in found[0].masked


@pytest.mark.parametrize(
    "text",
    [
        "chiamare il 347 123 4567",
        "cell. 3471234567",
        "+39 347-1234567",
        "(+39) 347.123.4567",
        "0039 030 1234567",
        "tel. 030/2977123",
        "tel 030 297 7123 ore ufficio",
        "02-12345678",
    ],
)
def test_italian_phone_numbers_are_found(text: str) -> None:
    assert kinds(text) == ["telefono"], text


@pytest.mark.parametrize(
    "text",
    [
        "Nel 2019 e nel 2020",
        "spesa di 1.250 € per i materiali",
        "ore 10-12 il sabato",
        "33 quartieri coinvolti",
        "dalle 09.30-12.30",
        "il 03/05/2021 e il 3-5-2021",
        "delibera n. 034/2021",
        "fondo di 350.000.000 di lire",
        "costo 3471234567 €",
        "CAP 25121 Brescia",
        "120 ore di volontariato, 35 volontari, 0-5 anni: 12",
        "Codice attività LAB-2018-01",
        "320 partecipanti su 3.450 residenti",
    ],
)
def test_report_figures_are_not_flagged(text: str) -> None:
    assert find_personal_data(text) == [], text


def test_ibans_with_valid_check_are_found_in_any_country_and_grouping() -> None:
    assert [f.masked for f in find_ibans("IBAN IT60X0542811101000000123456")] == ["IT60…456"]
    grouped = "versare su IT60 X054 2811 1010 0000 0123 456 entro maggio"
    assert kinds(grouped) == ["iban"]  # not also a phone number inside it
    assert find_ibans("DE89370400440532013000")
    assert find_ibans("GB82 WEST 1234 5698 7654 32")
    assert find_ibans("IT60X0542811101000000123457") == []  # wrong check digits


def test_message_says_what_and_why_without_the_value() -> None:
    text = "Mario Rossi RSSMRA80A01H501U, mario.rossi@example.com"
    message = personal_data_message(find_personal_data(text))
    assert "codice fiscale (RSSMRA…501U)" in message
    assert "indirizzo email" in message
    assert "solo dati aggregati" in message
    assert "RSSMRA80A01H501U" not in message and "mario.rossi@example.com" not in message


def test_scrub_replaces_every_finding() -> None:
    text = "RSSMRA80A01H501U e 347 123 4567"
    assert scrub(text, "[x]") == "[x] e [x]"


def test_phone_finder_is_a_named_function_of_its_own() -> None:
    assert find_phone_numbers("347 123 4567") and not find_phone_numbers("2019")

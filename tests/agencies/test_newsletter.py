"""Newsletter: double opt-in, sending by the worker, one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from agencies import models as m

pytestmark = pytest.mark.django_db


def _link(body: object) -> str:
    return re.search(r"https?://\S+", str(body)).group(0).replace("http://127.0.0.1:8000", "")  # type: ignore[union-attr]


def test_double_opt_in_then_send_then_one_click_unsubscribe(
    world, django_capture_on_commit_callbacks
) -> None:
    client = Client(enforce_csrf_checks=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agencies:newsletter_subscribe"),
            {"email": "Nuovo@Example.org", "consent": "on"},
        )
    assert response.status_code == 302
    sub = m.Subscriber.objects.get(email="nuovo@example.org")
    assert not sub.is_active
    assert len(mail.outbox) == 1
    confirm = _link(mail.outbox[0].body)
    assert client.get(confirm).status_code == 200
    sub.refresh_from_db()
    assert not sub.is_active  # a GET (e.g. a link scanner) does not confirm
    assert client.post(confirm).status_code == 200
    sub.refresh_from_db()
    assert sub.is_active

    staff = Client()
    staff.force_login(world.users["staff"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("agencies:newsletter_send", args=[world.newsletter.pk]))
    world.newsletter.refresh_from_db()
    assert world.newsletter.status == m.NewsletterStatus.SENT
    assert world.newsletter.recipients == 1  # the unconfirmed world subscriber gets nothing
    message = mail.outbox[0]
    assert message.to == ["nuovo@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = (
        message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    )

    # RFC 8058: the mail client POSTs without cookies or CSRF token
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None and not sub.is_active


def test_sent_newsletter_is_not_sent_twice(world, django_capture_on_commit_callbacks) -> None:
    staff = Client()
    staff.force_login(world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("agencies:newsletter_send", args=[world.newsletter.pk]))
        response = staff.post(
            reverse("agencies:newsletter_send", args=[world.newsletter.pk]), follow=True
        )
    assert "già stata inviata" in response.content.decode()


def test_tampered_token_is_refused(world) -> None:
    url = reverse("agencies:newsletter_unsubscribe", args=[world.unsubscribe_token + "x"])
    assert Client().post(url).status_code == 400

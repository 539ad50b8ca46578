"""A meeting's attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    AttendanceForm,
)
from ..models import AttendanceStatus
from ._common import _require, council_required

# --- Attendance -------------------------------------------------------------------------------


@council_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_secretary(request.user, meeting.consiglio_id))
    current = selectors.attendance_of(meeting)
    members = list(selectors.members_in_office(meeting.consiglio, meeting.date))
    # Members already recorded stay listed even if their term has ended since.
    listed = {m.pk for m in members}
    members += [a.member for a in current.values() if a.member_id not in listed]
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        by_pk = {m.pk: m for m in members}
        entries = []
        for member in members:
            delegate_pk = form.cleaned_data.get(f"delegate_{member.pk}")
            entries.append(
                services.AttendanceEntry(
                    member=member,
                    status=form.cleaned_data[f"member_{member.pk}"],
                    delegate=by_pk.get(delegate_pk) if delegate_pk else None,
                )
            )
        try:
            services.attendance_record(meeting=meeting, entries=entries, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Presenze registrate."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "consigli/attendance_form.html",
        {
            "form": form,
            "meeting": meeting,
            "statuses": AttendanceStatus,
        },
    )

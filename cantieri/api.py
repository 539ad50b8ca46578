"""cantieri's API (registered in CantieriConfig.ready): the partner's activity records
(list, read, create, update, submit — through the page's form, services and selectors) and
the public list of the programme's actions (Azioni)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from citta_del_noi.api.auth import TokenScopeAllowsWrite
from citta_del_noi.api.pagination import BigListPagination, PortalPagination
from citta_del_noi.organizations.selectors import organizations_recordable_by

from . import rules, selectors, services
from .api_payload import entry_errors, form_data
from .forms import FORM_FIELDS, ActivityEntry
from .models import ActivityRecord, ActivityStatus, Azione

FIGURES = [n for n in FORM_FIELDS if n.startswith(("participants_", "age_"))] + [
    "volunteers",
    "volunteer_hours",
    "staff_hours",
    "in_kind_value",
]


class ActivitySerializer(serializers.ModelSerializer):
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    azione: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    quartieri: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    target_counts = serializers.SerializerMethodField()
    fundings = serializers.SerializerMethodField()

    class Meta:
        model = ActivityRecord
        fields = [
            "id",
            "organization",
            "title",
            "azione",
            "kind",
            "reporting_period",
            "period_start",
            "period_end",
            "city_wide",
            "quartieri",
            "punto_comunita",
            "description",
            *FIGURES,
            "in_kind_description",
            "spaces",
            "status",
            "submitted_at",
            "approved_at",
            "target_counts",
            "fundings",
        ]
        read_only_fields = fields

    def get_target_counts(self, obj: ActivityRecord) -> dict[str, int]:
        return {str(t.target_group_id): t.participants for t in obj.target_counts.all()}

    def get_fundings(self, obj: ActivityRecord) -> dict[str, str]:
        return {str(f.source_id): str(f.amount) for f in obj.fundings.all()}


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ParseError({name: [_("Deve essere un numero intero.")]}) from exc


def _payload(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise ParseError(_("Il corpo della richiesta deve essere un oggetto JSON."))
    return dict(request.data)


FILTERS = [
    OpenApiParameter("stato", str, enum=ActivityStatus.values),
    OpenApiParameter("periodo", int, description="id del periodo di rendicontazione"),
    OpenApiParameter("azione", int, description="numero dell'azione (1–7)"),
    OpenApiParameter("quartiere", int, description="id del quartiere"),
]


class ActivityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Activity records the caller may see (the same selector as the activity list page)."""

    serializer_class = ActivitySerializer
    permission_classes = [IsAuthenticated, TokenScopeAllowsWrite]
    pagination_class = BigListPagination
    queryset = ActivityRecord.objects.none()

    def get_queryset(self) -> QuerySet[ActivityRecord]:
        qs = selectors.activities_visible_to(self.request.user)
        request = self.request
        stato = request.query_params.get("stato")
        if stato:
            if stato not in ActivityStatus.values:
                raise ParseError({"stato": [_("Stato non valido.")]})
            qs = qs.filter(status=stato)
        if (periodo := _int_param(request, "periodo")) is not None:
            qs = qs.filter(reporting_period_id=periodo)
        if (azione := _int_param(request, "azione")) is not None:
            qs = qs.filter(azione__number=azione)
        if (quartiere := _int_param(request, "quartiere")) is not None:
            qs = qs.filter(quartieri=quartiere)
        return qs.select_related("organization", "azione").prefetch_related(
            "quartieri", "target_counts", "fundings"
        )

    @extend_schema(parameters=FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        activity = selectors.activity_for(request.user, int(pk))
        return Response(ActivitySerializer(activity).data)

    @extend_schema(request=dict, responses={201: ActivitySerializer})
    def create(self, request: Request) -> Response:
        orgs = organizations_recordable_by(request.user)
        entry = ActivityEntry(form_data(_payload(request)), organizations=orgs)
        if not entry.is_valid():
            return Response(entry_errors(entry), status=status.HTTP_400_BAD_REQUEST)
        assert entry.item is not None
        try:
            activity = services.activity_create(
                organization=entry.form.cleaned_data["organization"],
                by=request.user,
                item=entry.item,
            )
        except ValidationError as exc:
            entry.apply_errors(exc.message_dict)
            return Response(entry_errors(entry), status=status.HTTP_400_BAD_REQUEST)
        activity = selectors.activity_for(request.user, activity.pk)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=dict, responses={200: ActivitySerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        activity = selectors.activity_for(request.user, int(pk))
        if not rules.can_edit(request.user, activity):
            raise PermissionDenied(_("Questa attività non è modificabile: usa una correzione."))
        entry = ActivityEntry(form_data(_payload(request), activity), instance=activity)
        if not entry.is_valid():
            return Response(entry_errors(entry), status=status.HTTP_400_BAD_REQUEST)
        assert entry.item is not None
        try:
            services.activity_update(activity=activity, by=request.user, item=entry.item)
        except ValidationError as exc:
            entry.apply_errors(exc.message_dict)
            return Response(entry_errors(entry), status=status.HTTP_400_BAD_REQUEST)
        activity = selectors.activity_for(request.user, activity.pk)
        return Response(ActivitySerializer(activity).data)

    @extend_schema(request=None, responses={200: ActivitySerializer})
    @action(detail=True, methods=["post"], url_path="invia")
    def submit(self, request: Request, pk: str) -> Response:
        """Send the record for review (the organisation's referents only)."""
        activity = selectors.activity_for(request.user, int(pk))
        services.activity_submit(activity=activity, by=request.user)
        activity = selectors.activity_for(request.user, activity.pk)
        return Response(ActivitySerializer(activity).data)


class AzioneSerializer(serializers.ModelSerializer):
    target_groups: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = Azione
        fields = ["number", "slug", "kind", "name", "theme", "description", "target_groups"]


class AzioneViewSet(viewsets.ReadOnlyModelViewSet):
    """The programme's actions (public)."""

    serializer_class = AzioneSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "number"

    def get_queryset(self) -> QuerySet[Azione]:
        return selectors.azioni_public()

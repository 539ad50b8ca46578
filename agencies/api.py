"""agencies' public API (registered in AgenciesConfig.ready): the welfare map's service units,
published news and events, and the calls for proposals (bandi). Every queryset is the public
selector the portal's pages read: an inactive unit, an unpublished news item or event and a
draft call never appear."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from citta_del_noi.api.pagination import PortalPagination
from citta_del_noi.api.params import int_param, slug_param

from . import selectors
from .models import Call, CallStatus, Event, NewsItem, ServiceUnit

PUBLIC_CALL_STATUSES = [s for s in CallStatus.values if s != CallStatus.DRAFT]


class ServiceUnitSerializer(serializers.ModelSerializer):
    provider = serializers.SerializerMethodField(help_text="Ente gestore")
    target_group: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Destinatari (codice)"
    )
    quartiere: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id del quartiere; vuoto: servizio cittadino"
    )
    years = serializers.SerializerMethodField(help_text="Anni con dati della mappa del welfare")

    class Meta:
        model = ServiceUnit
        fields = ["code", "name", "provider", "target_group", "quartiere", "address", "capacity"]
        fields += ["years"]

    def get_provider(self, obj: ServiceUnit) -> str:
        return obj.provider.name if obj.provider is not None else obj.provider_name

    def get_years(self, obj: ServiceUnit) -> list[int]:
        return sorted(y.year for y in obj.years.all())


class NewsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsItem
        fields = ["id", "title", "summary", "body", "published_on"]


class EventSerializer(serializers.ModelSerializer):
    quartiere: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id del quartiere"
    )

    class Meta:
        model = Event
        fields = ["id", "title", "description", "start", "end", "location", "quartiere"]


class CallSerializer(serializers.ModelSerializer):
    funding_source: serializers.SlugRelatedField = serializers.SlugRelatedField(
        source="source", slug_field="name", read_only=True, help_text="Fonte di finanziamento"
    )

    class Meta:
        model = Call
        fields = ["id", "title", "description", "budget", "funding_source", "deadline", "status"]
        fields += ["published_at"]


UNIT_FILTERS = [
    OpenApiParameter("destinatari", str, description="codice dei destinatari"),
    OpenApiParameter("quartiere", int, description="id del quartiere"),
    OpenApiParameter("anno", int, description="anno della mappa del welfare"),
]
EVENT_FILTERS = [OpenApiParameter("quartiere", int, description="id del quartiere")]
CALL_FILTERS = [OpenApiParameter("stato", str, enum=PUBLIC_CALL_STATUSES)]


@extend_schema_view(list=extend_schema(parameters=UNIT_FILTERS))
class ServiceUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The active service units of the welfare map (public)."""

    serializer_class = ServiceUnitSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[ServiceUnit]:
        qs = selectors.service_units_public()
        request = self.request
        codes = selectors.welfare_target_group_codes()
        if (code := slug_param(request, "destinatari", codes)) is not None:
            qs = qs.filter(target_group__code=code)
        if (quartiere := int_param(request, "quartiere")) is not None:
            qs = qs.filter(quartiere_id=quartiere)
        if (anno := int_param(request, "anno")) is not None:
            qs = qs.filter(years__year=anno)
        return qs.order_by("name", "pk")


class NewsViewSet(viewsets.ReadOnlyModelViewSet):
    """Published news (public)."""

    serializer_class = NewsSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    def get_queryset(self) -> QuerySet[NewsItem]:
        return selectors.news_public().order_by("-published_on", "-pk")


@extend_schema_view(list=extend_schema(parameters=EVENT_FILTERS))
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published events (public)."""

    serializer_class = EventSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    def get_queryset(self) -> QuerySet[Event]:
        qs = selectors.events_public()
        if (quartiere := int_param(self.request, "quartiere")) is not None:
            qs = qs.filter(quartiere_id=quartiere)
        return qs.order_by("start", "pk")


@extend_schema_view(list=extend_schema(parameters=CALL_FILTERS))
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """The calls for proposals (bandi) the public list shows: every call but drafts;
    `?stato=pubblicato` gives the ones still open for applications."""

    serializer_class = CallSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    def get_queryset(self) -> QuerySet[Call]:
        qs = selectors.calls_public()
        if (stato := slug_param(self.request, "stato", PUBLIC_CALL_STATUSES)) is not None:
            qs = qs.filter(status=stato)
        return qs.order_by("-deadline", "pk")


def register_api(register_viewset: Any) -> None:
    register_viewset("unita-servizio", ServiceUnitViewSet, basename="service-unit")
    register_viewset("notizie", NewsViewSet, basename="news")
    register_viewset("eventi", EventViewSet, basename="event")
    register_viewset("bandi", CallViewSet, basename="call")

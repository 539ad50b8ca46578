"""The public API of the territory (zone, quartieri, Punti Comunità, SST offices), registered
from CantieriConfig.ready(): territori is the ground layer below the api app and imports
nothing above it, so its endpoints live here (as the portal search does in search.py).
Every queryset is territori's public selector, the same the territory pages read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from citta_del_noi.api.pagination import PortalPagination
from citta_del_noi.api.params import int_param, slug_param
from territori.models import PuntoComunita, Quartiere, ServizioSocialeTerritoriale, Zona
from territori.selectors import (
    punti_comunita_public,
    quartieri_with_population,
    sst_offices_public,
    zone_slugs,
    zones_with_quartieri,
)


class _ZonaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zona
        fields = ["slug", "name"]


class SstSerializer(serializers.ModelSerializer):
    zona = _ZonaRefSerializer(read_only=True)

    class Meta:
        model = ServizioSocialeTerritoriale
        fields = ["id", "name", "address", "valid_from", "zona"]


class _QuartiereRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quartiere
        fields = ["id", "slug", "name"]


class ZonaSerializer(serializers.ModelSerializer):
    sst = serializers.SerializerMethodField(help_text="Servizio sociale territoriale della zona")
    quartieri = _QuartiereRefSerializer(many=True, read_only=True)

    class Meta:
        model = Zona
        fields = ["slug", "name", "order", "sst", "quartieri"]

    def get_sst(self, obj: Zona) -> dict[str, Any] | None:
        sst = getattr(obj, "sst", None)
        if sst is None:
            return None
        return {"id": sst.pk, "name": sst.name, "address": sst.address}


class QuartiereSerializer(serializers.ModelSerializer):
    zona = _ZonaRefSerializer(read_only=True)
    residents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Residenti (ultimo anno disponibile)"
    )
    population_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Anno del dato sui residenti"
    )

    class Meta:
        model = Quartiere
        fields = ["id", "slug", "name", "istat_code", "zona", "sst", "residents", "population_year"]


class PuntoComunitaSerializer(serializers.ModelSerializer):
    quartiere = _QuartiereRefSerializer(read_only=True)
    zona: serializers.SlugRelatedField = serializers.SlugRelatedField(
        source="quartiere.zona", slug_field="slug", read_only=True, help_text="Zona (slug)"
    )
    lead_organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", read_only=True, help_text="Ente capofila"
    )
    network: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Enti della rete"
    )

    class Meta:
        model = PuntoComunita
        fields = [
            "slug",
            "name",
            "quartiere",
            "zona",
            "lead_organization",
            "network",
            "address",
            "opening_hours",
            "weekly_hours",
            "description",
            "opened_on",
        ]


ZONA = OpenApiParameter("zona", str, description="slug della zona")
QUARTIERE = OpenApiParameter("quartiere", int, description="id del quartiere")


class ZonaViewSet(viewsets.ReadOnlyModelViewSet):
    """The city's zones with their quartieri and SST office (public)."""

    serializer_class = ZonaSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Zona]:
        return zones_with_quartieri().order_by("order", "name")


@extend_schema_view(list=extend_schema(parameters=[ZONA]))
class QuartiereViewSet(viewsets.ReadOnlyModelViewSet):
    """The quartieri with their zone and latest population (public)."""

    serializer_class = QuartiereSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Quartiere]:
        qs = quartieri_with_population()
        if (zona := slug_param(self.request, "zona", zone_slugs())) is not None:
            qs = qs.filter(zona__slug=zona)
        return qs


@extend_schema_view(list=extend_schema(parameters=[ZONA, QUARTIERE]))
class PuntoComunitaViewSet(viewsets.ReadOnlyModelViewSet):
    """The open Punti Comunità (public; a closed one is never listed)."""

    serializer_class = PuntoComunitaSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[PuntoComunita]:
        qs = punti_comunita_public()
        if (zona := slug_param(self.request, "zona", zone_slugs())) is not None:
            qs = qs.filter(quartiere__zona__slug=zona)
        if (quartiere := int_param(self.request, "quartiere")) is not None:
            qs = qs.filter(quartiere_id=quartiere)
        return qs


class SstViewSet(viewsets.ReadOnlyModelViewSet):
    """The Comune's social-service offices, one per zone (public)."""

    serializer_class = SstSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    def get_queryset(self) -> QuerySet[ServizioSocialeTerritoriale]:
        return sst_offices_public()


def register_territory_api(register_viewset: Any) -> None:
    register_viewset("zone", ZonaViewSet, basename="zona")
    register_viewset("quartieri", QuartiereViewSet, basename="quartiere")
    register_viewset("punti-comunita", PuntoComunitaViewSet, basename="punto")
    register_viewset("sst", SstViewSet, basename="sst")

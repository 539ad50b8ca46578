"""The public API of the Bilancio Sociale (registered in BilancioSocialeConfig.ready): the
published editions and, per edition, its sections with their blocks and figures. It reads
exactly what the open data pages publish (opendata.protected_blocks on the latest published
version's snapshot): a draft edition never appears, and a cell suppressed by disclosure
control carries the same "< 5" / "n.d." marker as the CSV and the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from citta_del_noi.api.pagination import PortalPagination

from . import disclosure, opendata, selectors
from .models import Edition

# what block_json repeats for every block, given once per edition here
_EDITION_KEYS = ("edizione", "versione", "periodo", "sezione", "schema")


class EditionSerializer(serializers.ModelSerializer):
    version = serializers.SerializerMethodField(help_text="Numero dell'ultima versione pubblicata")

    class Meta:
        model = Edition
        fields = ["slug", "title", "period_start", "period_end", "published_at", "version"]

    def get_version(self, obj: Edition) -> int | None:
        versions = list(obj.versions.all())  # prefetched, newest first
        return versions[0].number if versions else None


class BlockSerializer(serializers.Serializer):
    chiave = serializers.CharField(help_text="Chiave del blocco")
    titolo = serializers.CharField(help_text="Titolo del blocco")
    tipo = serializers.CharField(help_text="table, figures, chart…")
    colonne = serializers.ListField(child=serializers.DictField(), help_text="Colonne")
    righe = serializers.ListField(child=serializers.DictField(), help_text="Righe della tabella")
    totali = serializers.DictField(help_text="Riga dei totali")
    cifre = serializers.ListField(child=serializers.DictField(), help_text="Cifre chiave")
    nota = serializers.CharField()
    fonte = serializers.CharField()
    licenza = serializers.CharField()
    riservatezza = serializers.DictField(
        help_text="Soglie del controllo di riservatezza e celle soppresse"
    )
    schema_url = serializers.CharField(help_text="Table Schema (Frictionless) del blocco")


class SectionSerializer(serializers.Serializer):
    chiave = serializers.CharField()
    titolo = serializers.CharField()
    blocchi = BlockSerializer(many=True)


class EditionDetailSerializer(EditionSerializer):
    sezioni = SectionSerializer(many=True, read_only=True, help_text="Sezioni con i dati")

    class Meta(EditionSerializer.Meta):
        fields = [*EditionSerializer.Meta.fields, "sezioni"]


def edition_sections(request: Request, edition: Edition) -> list[dict[str, Any]]:
    """The sections of the edition's latest published version, each with its data blocks, as
    the open data export emits them (protected snapshot; empty blocks left out)."""
    version = selectors.latest_version(edition)
    if version is None:
        raise Http404
    snapshot = selectors.snapshot_data(version.snapshot_id)
    limits = disclosure.thresholds(snapshot)
    base_url = request.build_absolute_uri("/")
    sections: dict[str, dict[str, Any]] = {}
    for section, block in opendata.protected_blocks(snapshot, version.texts):
        if not opendata.has_data(block):
            continue
        data = opendata.block_json(
            edition, version, section, block, snapshot_thresholds=limits, base_url=base_url
        )
        for key in _EDITION_KEYS:
            data.pop(key, None)
        data = {**data.pop("blocco"), **data}
        entry = sections.setdefault(
            section["key"], {"chiave": section["key"], "titolo": section["title"], "blocchi": []}
        )
        entry["blocchi"].append(data)
    return list(sections.values())


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """The published editions of the Bilancio Sociale (public)."""

    serializer_class = EditionSerializer
    permission_classes = [AllowAny]
    pagination_class = PortalPagination
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Edition]:
        return selectors.editions_published()

    @extend_schema(responses=EditionDetailSerializer)
    def retrieve(self, request: Request, slug: str) -> Response:
        edition = selectors.edition_public(slug)
        data = EditionSerializer(edition).data
        data["sezioni"] = edition_sections(request, edition)
        return Response(data)


def register_api(register_viewset: Any) -> None:
    register_viewset("bilancio", EditionViewSet, basename="edition")

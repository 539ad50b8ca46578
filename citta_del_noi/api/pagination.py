"""Pagination of the API: page numbers with a capped page size; lists that can reach a million
rows (activity records) use cursor pagination, which never counts the whole table."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class BigListPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"

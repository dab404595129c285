from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

# What a 64-bit integer column holds (SQLite raises OverflowError outside it, PostgreSQL an
# error that would abort the transaction).
_INT64 = range(-(2**63), 2**63)


class CursorPagination(pagination.CursorPagination):
    """Pages by an opaque ``cursor`` (``next`` and ``previous`` give the addresses): a row
    added or removed while a client walks the list never makes it skip or repeat one, and
    page 5 000 costs what page 1 does (no count, no offset).

    The order is the view's ``ordering`` (a fixed one that a cursor can continue), or the
    order the list's FilterSet gave the rows (events: the soonest first, or the latest first
    with ``past``). Only public values go into a cursor, which a client can decode.

    ``page_size`` is capped at ``max_page_size``; a value that is no whole number of at
    least 1 is refused with 400 (DRF would quietly use the default). A cursor is checked
    before it reaches the database: one we did not give (a forged position such as a date
    that is no date) is a 404, as DRF answers an undecodable one, never a 500."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Rows per page (20 when absent); more than 100 gives 100."
    cursor_query_description = "Where the page starts: take it from the `next` or `previous` link."

    def get_ordering(self, request, queryset, view):
        ordering = tuple(getattr(view, "ordering", None) or queryset.query.order_by)
        assert ordering and all(isinstance(field, str) for field in ordering), (
            f"{view.__class__.__name__} needs a fixed ordering of field names for its cursor."
        )
        return ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            name = self.ordering[0].lstrip("-")
            meta = self.model._meta
            field = meta.pk if name == "pk" else meta.get_field(name)
            try:
                value = field.to_python(cursor.position)
            except (DjangoValidationError, ValueError, TypeError):
                raise NotFound(self.invalid_cursor_message) from None
            if isinstance(field, models.IntegerField) and value not in _INT64:
                raise NotFound(self.invalid_cursor_message)
            if "\x00" in str(cursor.position):  # PostgreSQL refuses NUL in any string
                raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Give a whole number of rows, at least 1.")]}
            )
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True  # as if absent: the first page, 20 rows
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

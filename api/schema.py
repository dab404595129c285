"""What the OpenAPI schema says beyond what drf-spectacular reads from the code: the answers
besides 200 (304, 400, 404, 429), the conditional-request headers, and the filters' limits
(a ``q`` longer than 200 characters is refused, so the schema says so)."""

from django import forms
from django.db import DatabaseError
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RootSerializer(serializers.Serializer):
    regions = serializers.URLField()
    topics = serializers.URLField()
    organizations = serializers.URLField()
    practices = serializers.URLField()
    replications = serializers.URLField()
    events = serializers.URLField()
    projects = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()


CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The ETag of a copy you hold: 304 with no body if it is still current.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The Last-Modified of a copy you hold (an HTTP date): 304 if nothing "
        "changed since. Ignored when If-None-Match is given.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="A hash of the body: it changes exactly when the body does.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="When this address last gave a different body.",
    ),
]

NOT_MODIFIED = OpenApiResponse(description="Not modified: the copy you hold is current.")
TOO_MANY = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests from your address: wait the Retry-After header's seconds.",
)
BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A filter or page_size value is invalid: each parameter's errors, by name.",
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Not found, or not public.")
BAD_CURSOR = OpenApiResponse(ErrorSerializer, description="The cursor is not one we gave.")


def read_only_schema(detail, summary=None, *, lookup="slug", filters=False, tag):
    """The list and detail operations of a read-only ViewSet, with every answer they give."""
    lookup_help = {
        "slug": "The record's slug, the last part of its page's address.",
        "code": "ISO 3166-2:RU code, such as RU-SA (either case).",
        "id": "The replication's number.",
    }[lookup]
    lookup_type = OpenApiTypes.INT if lookup == "id" else OpenApiTypes.STR
    return extend_schema_view(
        list=extend_schema(
            tags=[tag],
            parameters=CONDITIONAL_PARAMETERS,
            responses={
                200: summary or detail,
                304: NOT_MODIFIED,
                400: BAD_REQUEST,
                404: BAD_CURSOR,
                429: TOO_MANY,
            },
            description=None if filters else "No filters; cursor pagination.",
        ),
        retrieve=extend_schema(
            tags=[tag],
            parameters=[
                OpenApiParameter(
                    lookup, lookup_type, OpenApiParameter.PATH, description=lookup_help
                ),
                *CONDITIONAL_PARAMETERS,
            ],
            responses={200: detail, 304: NOT_MODIFIED, 404: NOT_FOUND, 429: TOO_MANY},
        ),
    )


# Text without the NUL character, which Django's forms refuse (400) and no database stores.
NO_NUL = r"^[^\x00]*$"
# A choice among rows (topics, target groups) is listed in the schema up to this many.
MAX_ENUM = 500


class FilterExtension(DjangoFilterExtension):
    """drf-spectacular's reading of django-filter, told what the FilterSets accept: each
    filter's ``max_length`` (a longer value is refused with 400), text without NUL (Django's
    forms refuse it), the regions the region
    filters offer (read at run time, so the reader misses them), and the slugs a topic or
    target group filter takes. What the schema offers, the list accepts; anything else is a
    400, as the schema says."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        max_length = filter_field.extra.get("max_length")
        choices = self._choices(filter_field)
        checkbox = filter_field.extra.get("widget") is forms.CheckboxInput
        for parameter in parameters:
            # An empty value is no filter, as the list's form sends "all regions".
            parameter["allowEmptyValue"] = True
            if checkbox:
                # A checkbox: any value turns it on but "false" (the list's ``past=1``).
                parameter["schema"] = {"type": "string"}
                parameter["description"] += ' (any value but "false"; past=1 by convention)'
            schema = parameter["schema"]
            schema.pop("title", None)  # a model field's name, in whatever language was active
            if max_length and schema.get("type") == "string":
                schema["maxLength"] = max_length
            if isinstance(filter_field, filters.CharFilter):
                schema["pattern"] = NO_NUL
            if choices is not None and "enum" not in schema:
                schema["enum"] = choices
        return parameters

    @classmethod
    def _choices(cls, filter_field):
        """The values a choice filter accepts, read from the database; None when there is
        none to read yet (``check --deploy`` generates the schema before any migration)."""
        try:
            return cls._read_choices(filter_field)
        except DatabaseError:
            return None

    @staticmethod
    def _read_choices(filter_field):
        if isinstance(filter_field, filters.ModelChoiceFilter):
            key = filter_field.extra.get("to_field_name") or "pk"
            values = list(filter_field.queryset.values_list(key, flat=True)[: MAX_ENUM + 1])
            return values if len(values) <= MAX_ENUM else None
        if isinstance(filter_field, filters.ChoiceFilter) and callable(
            filter_field.extra.get("choices")
        ):
            return [value for value, _label in filter_field.extra["choices"]() if value != ""]
        return None

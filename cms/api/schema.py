"""drf-spectacular hooks for the OpenAPI schema at /api/schema/.

The platform's own API (consultations, the Académie's learner API, tokens) is introspected by drf-spectacular, through
`PlatformAutoSchema`, which documents on every operation the errors any of them may answer (400 where there is a body
or a filter, 401, 403, 404, 415 where there is a body, 429), in the API's error shape. The Wagtail page API at /api/v2/
is not (its viewsets build their serializers per page type at run time): the postprocessing hook below documents its
two page endpoints and, for every page type, a schema of the fields it exposes, derived from the model fields and the
APIField serializers. `tests/api/test_schemathesis.py` checks every answer of the API against this schema.
"""

import inspect
import typing

from drf_spectacular.drainage import get_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.settings import api_settings

from django.db import models

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from .errors import ErrorSerializer

PLATFORM_PREFIXES = (
    "/api/consultations/",
    "/api/academie/",
    "/api/auth/",
    "/api/territories/",
    "/api/comments/",
    "/api/network/",
    "/api/doleances/",
    "/api/newsletters/",
    "/api/search/",
)
PAGES_PATH = "/api/v2/pages/"


def only_platform_endpoints(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PLATFORM_PREFIXES)]


# -- the platform's own API -------------------------------------------------------------------------------------------

ERROR_DESCRIPTIONS = {
    "400": "The request is malformed (not JSON, too large or too deep, a wrong filter or field).",
    "401": "The token is wrong or revoked, or the endpoint needs an account and none was given.",
    "403": "Refused for this account or session (a form posted without its CSRF token, an address not verified…).",
    "404": "Nothing here: no such id, or not published, or not public.",
    "415": "The body is not JSON (send `Content-Type: application/json`).",
    "429": "Too many requests: wait a little and retry.",
}


class PlatformAutoSchema(AutoSchema):
    """drf-spectacular's introspection, which also documents the errors every endpoint of the platform may answer, in
    the API's error shape (`cms.api.errors.ErrorSerializer`), unless the view documents them itself."""

    def error_statuses(self):
        statuses = ["401", "403", "404", "429"]
        has_body = self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None
        if has_body or self._is_list_view():
            statuses.append("400")  # a malformed body, or a wrong filter
        if has_body:
            statuses.append("415")
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status_code in self.error_statuses():
            if status_code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status_code])
                responses[status_code] = self._get_response_for_code(error, status_code, direction=direction)
        return responses


# -- the Wagtail page API ---------------------------------------------------------------------------------------------

_PYTHON_TYPES = {bool: "boolean", str: "string", int: "integer", float: "number", list: "array", dict: "object"}

DECIMAL = {"type": "string", "format": "decimal", "example": "1234.50"}

STREAM_BLOCK = {
    "type": "object",
    "description": "A StreamField block: its type, its value (shaped by the type) and its stable id.",
    "properties": {"type": {"type": "string"}, "value": {}, "id": {"type": "string"}},
}


def _describe(schema, description):
    description = inspect.cleandoc(description or "").split("\n\n")[0].replace("\n", " ")
    if description:
        schema = {**schema, "description": description}
    return schema


def _model_field_schema(field):
    if isinstance(field, StreamField):
        return {"type": "array", "items": STREAM_BLOCK}
    if isinstance(field, RichTextField):
        return {"type": "string", "description": "Rich text (HTML, or Draftail JSON with ?rich_text_format=)."}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.AutoField)):
        schema = {"type": "integer"}
    elif isinstance(field, models.DecimalField):
        schema = dict(DECIMAL)  # DRF writes decimals as text (COERCE_DECIMAL_TO_STRING)
    elif isinstance(field, models.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.ForeignKey):
        schema = {"type": "object", "description": "The related object: its id and, for pages, its meta and title."}
    elif isinstance(field, (models.JSONField,)):
        schema = {}
    elif isinstance(field, models.Field):
        schema = {"type": "string"}
    else:  # a property or a reverse relation
        return {}
    if getattr(field, "choices", None):
        schema["enum"] = [value for value, _label in field.flatchoices]
        if field.blank and "" not in schema["enum"] and schema.get("type") == "string":
            schema["enum"].append("")  # left empty in the admin
    if field.null:
        schema["nullable"] = True
    return schema


def _serializer_field_schema(field):
    declared = get_override(field, "field")  # @extend_schema_field on the field's class: a schema or a serializer
    if isinstance(declared, dict):
        return declared
    if declared is not None:
        return _serializer_field_schema(declared() if isinstance(declared, type) else declared)
    if isinstance(field, serializers.ListSerializer):
        return {"type": "array", "items": _serializer_field_schema(field.child)}
    if isinstance(field, serializers.Serializer):
        properties = {name: _serializer_field_schema(child) for name, child in field.fields.items()}
        return _describe({"type": "object", "properties": properties}, type(field).__doc__)
    if isinstance(field, serializers.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, serializers.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, serializers.DecimalField):
        as_text = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        schema = dict(DECIMAL) if as_text else {"type": "number"}
    elif isinstance(field, serializers.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, serializers.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, serializers.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, serializers.ChoiceField):
        schema = {"type": "string", "enum": list(field.choices)}
    elif isinstance(field, serializers.DictField):
        schema = {"type": "object"}
    elif isinstance(field, serializers.ListField):
        schema = {"type": "array", "items": _serializer_field_schema(field.child)}
    else:
        hint = typing.get_type_hints(type(field).to_representation).get("return")
        schema = {"type": _PYTHON_TYPES[hint]} if hint in _PYTHON_TYPES else {}
        if hint is list:  # `type: array` needs `items`: a StreamField's blocks, or anything
            schema["items"] = STREAM_BLOCK if "Stream" in type(field).__name__ else {}
        schema = _describe(schema, type(field).__doc__ if type(field).__module__ != serializers.__name__ else "")
    if getattr(field, "allow_null", False) or type(field).__name__.startswith("Gated"):
        schema["nullable"] = True
    return schema


def page_type_schema(model):
    """The OpenAPI schema of one page type in the page API's detail (and `?fields=` listings)."""
    properties = {
        "id": {"type": "integer"},
        "meta": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": [model._meta.label]},
                "detail_url": {"type": "string", "format": "uri"},
                "html_url": {"type": "string", "format": "uri", "nullable": True},
                "slug": {"type": "string"},
                "first_published_at": {"type": "string", "format": "date-time", "nullable": True},
                "locale": {"type": "string", "example": "fr"},
            },
        },
        "title": {"type": "string"},
    }
    for api_field in getattr(model, "api_fields", ()):
        if api_field.serializer is not None:
            schema = _serializer_field_schema(api_field.serializer)
            model_field = next((f for f in model._meta.get_fields() if f.name == api_field.name), None)
            if getattr(model_field, "null", False):  # an empty relation is null whatever its serializer
                schema = {**schema, "nullable": True}
        else:
            try:
                schema = _model_field_schema(model._meta.get_field(api_field.name))
            except Exception:  # noqa: BLE001 - a property, a relation: documented as "any"
                schema = {}
        properties[api_field.name] = schema
    return _describe({"type": "object", "properties": properties}, model._meta.verbose_name)


def documented_page_models():
    """Every page type the page API may list (any of them, with `?fields=`), the platform's own first."""
    return sorted(get_page_models(), key=lambda model: (model is Page, model._meta.label))


def component_name(model):
    return model._meta.app_label.capitalize() + model.__name__


def add_page_api(result, generator, request, public):
    """Postprocessing hook: document GET /api/v2/pages/ and /api/v2/pages/{id}/ with one schema per page type."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    references = []
    for model in documented_page_models():
        name = component_name(model)
        components[name] = page_type_schema(model)
        references.append({"$ref": f"#/components/schemas/{name}"})
    # anyOf, not oneOf: every property of a page is optional (`?fields=` adds and removes them), so a listing's item
    # (id, meta, title) fits every page type's schema, and oneOf, which wants exactly one, refused them all.
    any_page = {"anyOf": references}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

    def errors(*statuses):
        return {status: {"description": ERROR_DESCRIPTIONS[status], "content": error} for status in statuses}

    query = [
        ("type", "A page type such as academie.LessonPage or barometre.BarometreEntryPage (needed for its fields)."),
        ("fields", "Fields to add to each item, comma-separated, or * for all of them; -field removes one."),
        ("locale", "Language code (fr, en)."),
        ("child_of", "Id of the parent page."),
        ("descendant_of", "Id of an ancestor page."),
        ("search", "Full-text search."),
        ("order", "A field to sort by (-field for descending), or random."),
        ("limit", "Page size (20 by default)."),
        ("offset", "Index of the first item."),
    ]
    parameters = [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": description}
        for name, description in query
    ]
    paths = result.setdefault("paths", {})
    paths[PAGES_PATH] = {
        "get": {
            "operationId": "pages_list",
            "summary": "List published pages",
            "description": "Filter by any field a page type declares with `?type=…&<field>=<value>` "
            "(for example `?type=barometre.BarometreEntryPage&level=local`). Content the request may not read "
            "(a full-library lesson's body) is null, with `locked: true`.",
            "tags": ["pages"],
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "The pages, with the fields asked for.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "meta": {"type": "object", "properties": {"total_count": {"type": "integer"}}},
                                    "items": {"type": "array", "items": any_page},
                                },
                            }
                        }
                    },
                },
                "400": {"description": "An unknown field, filter or type.", "content": error},
                **errors("401", "403", "404", "429"),
            },
        }
    }
    paths[PAGES_PATH + "{id}/"] = {
        "get": {
            "operationId": "pages_retrieve",
            "summary": "One published page with all its fields",
            "tags": ["pages"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                *[parameter for parameter in parameters if parameter["name"] == "fields"],
            ],
            "responses": {
                "200": {"description": "The page.", "content": {"application/json": {"schema": any_page}}},
                "400": {"description": "An unknown field.", "content": error},
                "404": {"description": "No published page with this id.", "content": error},
                **errors("401", "403", "429"),
            },
        }
    }
    return result

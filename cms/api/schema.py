"""drf-spectacular hooks for the OpenAPI schema at /api/schema/.

The platform's own API (consultations, the Académie's learner API, tokens) is introspected by drf-spectacular. The
Wagtail page API at /api/v2/ is not (its viewsets build their serializers per page type at run time): the
postprocessing hook below documents its two page endpoints and, for every page type that declares `api_fields`,
a schema of the fields it exposes, derived from the model fields and the APIField serializers.
"""

import inspect
import typing

from rest_framework import serializers

from django.db import models

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

PLATFORM_PREFIXES = ("/api/consultations/", "/api/academie/", "/api/auth/")
PAGES_PATH = "/api/v2/pages/"


def only_platform_endpoints(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PLATFORM_PREFIXES)]


# -- the Wagtail page API ---------------------------------------------------------------------------------------------

_PYTHON_TYPES = {bool: "boolean", str: "string", int: "integer", float: "number", list: "array", dict: "object"}

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
    elif isinstance(field, (models.DecimalField, models.FloatField)):
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
    if field.null:
        schema["nullable"] = True
    return schema


def _serializer_field_schema(field):
    if isinstance(field, serializers.ListSerializer):
        return {"type": "array", "items": _serializer_field_schema(field.child)}
    if isinstance(field, serializers.Serializer):
        properties = {name: _serializer_field_schema(child) for name, child in field.fields.items()}
        return _describe({"type": "object", "properties": properties}, type(field).__doc__)
    if isinstance(field, serializers.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, serializers.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, (serializers.FloatField, serializers.DecimalField)):
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
        if hint is list and "Stream" in type(field).__name__:
            schema["items"] = STREAM_BLOCK
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
                "type": {"type": "string", "example": model._meta.label},
                "detail_url": {"type": "string", "format": "uri"},
                "html_url": {"type": "string", "format": "uri", "nullable": True},
                "slug": {"type": "string"},
                "first_published_at": {"type": "string", "format": "date-time", "nullable": True},
                "locale": {"type": "string", "example": "fr"},
            },
        },
        "title": {"type": "string"},
    }
    for api_field in model.api_fields:
        if api_field.serializer is not None:
            schema = _serializer_field_schema(api_field.serializer)
        else:
            try:
                schema = _model_field_schema(model._meta.get_field(api_field.name))
            except Exception:  # noqa: BLE001 - a property, a relation: documented as "any"
                schema = {}
        properties[api_field.name] = schema
    return _describe({"type": "object", "properties": properties}, model._meta.verbose_name)


def documented_page_models():
    return sorted(
        (model for model in get_page_models() if model is not Page and getattr(model, "api_fields", None)),
        key=lambda model: model._meta.label,
    )


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
    any_page = {"oneOf": references}
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
                "400": {"description": "An unknown field, filter or type."},
            },
        }
    }
    paths[PAGES_PATH + "{id}/"] = {
        "get": {
            "operationId": "pages_retrieve",
            "summary": "One published page with all its fields",
            "tags": ["pages"],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "The page.", "content": {"application/json": {"schema": any_page}}},
                "404": {"description": "No published page with this id."},
            },
        }
    }
    return result

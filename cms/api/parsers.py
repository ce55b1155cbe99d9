"""The API's parsers. JSON: bounded in size and depth, and free of characters no text may hold; forms: an odd charset
is a 400.

DRF's own parser reads the whole body whatever its size, lets a 1,000-deep body (2 KB) blow Python's recursion
limit (a 500), and hands on strings with NUL characters (refused by PostgreSQL later: a 500) or lone surrogates
(`"\\ud800"`, which cannot be encoded back to UTF-8, not even in the error message that would quote it: a 500).
This one answers all of them with a 400 and a message in the client's language, before any view sees the data.
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.utils.json import strict_constant

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000
MAX_DEPTH = 20


def _forbidden(text):
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def check_structure(data, max_depth=MAX_DEPTH):
    """Raise ParseError if `data` nests deeper than `max_depth` or holds a NUL or a lone surrogate (keys included)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _forbidden(value):
                raise ParseError(_("La requête contient un caractère invalide (caractère nul ou mal encodé)."))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise ParseError(_("La requête est trop imbriquée."))
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        else:
            stack.extend((item, depth + 1) for item in value)


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = getattr(settings, "API_MAX_JSON_BYTES", MAX_BYTES)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("La requête est trop volumineuse."))
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = raw.decode(encoding)
        except (UnicodeError, LookupError) as error:  # bad bytes, or a charset such as punycode that fails
            raise ParseError(_("La requête n'est pas encodée en UTF-8.")) from error
        try:
            data = json.loads(text, parse_constant=strict_constant)
        except RecursionError as error:
            raise ParseError(_("La requête est trop imbriquée.")) from error
        except ValueError as error:  # malformed JSON, NaN/Infinity, an integer of thousands of digits
            raise ParseError(_("Le corps de la requête n'est pas du JSON valide.")) from error
        check_structure(data)
        return data


class _RefusesBadCharsets:
    """A form parser for which an odd declared charset (`charset=punycode`) is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (UnicodeError, LookupError) as error:
            raise ParseError(_("La requête n'est pas encodée en UTF-8.")) from error


class SafeFormParser(_RefusesBadCharsets, FormParser):
    """DRF's form parser, refusing bodies in a charset Python cannot decode (a 400, not a 500)."""


class SafeMultiPartParser(_RefusesBadCharsets, MultiPartParser):
    """DRF's multipart parser, refusing bodies in a charset Python cannot decode (a 400, not a 500)."""

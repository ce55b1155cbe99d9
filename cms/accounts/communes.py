"""Find the commune a citizen lives in from what they type: a name, an INSEE code, or « Name (code) »; and suggest
communes while they type (`suggest_communes`: the autocomplete of the sign-up and profile forms, its API and its page
without JavaScript).

Names are compared without case, accents, punctuation or a leading article (« chapelle aux pres » finds « La
Chapelle-aux-Prés »), with « St »/« Ste » read as « Saint »/« Sainte »: the stored `Territory.name_key`
(`cms.territories.names`), read through its index, so that a lookup among the 35,000 communes of France is one
index read, not a scan of every name. A name shared by several communes, or one we don't know, is refused with a
message that asks for the INSEE code; a code is never taken for a postal code silently: the error says which one it
is.
"""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.models import Territory
from cms.territories import COMMUNE_CODE
from cms.territories.names import name_key, spelled

NAME_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>[0-9]{5}|2[ABab][0-9]{3})\s*\)$")
CODE_PREFIX = re.compile(r"[0-9]{2,5}|2[AB][0-9]{0,3}")
MAX_LISTED = 8
# Suggestions: the longest commune name has 45 characters; a longer text is refused before any query.
MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
MAX_SUGGESTIONS = 20
# Typos are looked for (trigram similarity, PostgreSQL) from this many characters of normalised name.
FUZZY_FROM = 4


def commune_label(commune):
    """How a commune is shown back in a form field: « Villebrune-sur-Loire (44990) », which resolves to itself."""
    return f"{commune.name} ({commune.code})" if commune else ""


def describe(commune):
    """« Saint-Denis (93066, Seine-Saint-Denis) »: enough to tell homonyms apart."""
    if commune.parent_id:
        return f"{commune.name} ({commune.code}, {commune.parent.name})"
    return f"{commune.name} ({commune.code})"


def answers_to(typed, commune):
    """Whether `typed` spells `commune`'s name, with or without its leading article (« la chapelle aux pres » and
    « chapelle aux pres » for « La Chapelle-aux-Prés », not « le chapelle aux pres »)."""
    return spelled(typed) in (spelled(commune.name), commune.name_key)


def communes_named(name):
    """Every commune whose name matches `name` (see the module docstring), département loaded, by INSEE code.

    One read of the `name_key` index; among the communes found, those spelled exactly as typed (case aside) win:
    « Saint-Denis » typed is not also « Saint Denis » when both exist."""
    key = name_key(name)
    if not key:
        return []
    found = list(Territory.objects.communes().select_related("parent").filter(name_key=key).order_by("code"))
    typed = str(name).casefold()
    exact = [commune for commune in found if commune.name.casefold() == typed]
    return exact or [commune for commune in found if answers_to(name, commune)]


def unknown_code_error(code):
    return ValidationError(
        _(
            "Aucune commune n'a le code INSEE « %(code)s ». Attention : le code INSEE n'est pas le code postal "
            "(Nantes, par exemple, a le code postal 44000 et le code INSEE 44109). Vous pouvez aussi saisir le "
            "nom de votre commune."
        ),
        code="unknown_commune_code",
        params={"code": code},
    )


def resolve_commune(text):
    """The commune `text` designates, None for an empty text; ValidationError (in French) otherwise."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None
    communes = Territory.objects.communes().select_related("parent")

    if match := NAME_WITH_CODE.match(text):
        code, name = match["code"].upper(), match["name"]
        commune = communes.filter(code=code).first()
        if commune is None:
            raise unknown_code_error(code)
        if name and not answers_to(name, commune):
            raise ValidationError(
                _(
                    "Le code INSEE %(code)s est celui de %(commune)s, pas de « %(name)s ». Vérifiez le code, ou "
                    "saisissez seulement le nom de votre commune."
                ),
                code="commune_code_mismatch",
                params={"code": code, "commune": commune.name, "name": name},
            )
        return commune

    if COMMUNE_CODE.fullmatch(text.upper()):
        commune = communes.filter(code=text.upper()).first()
        if commune is None:
            raise unknown_code_error(text.upper())
        return commune

    found = communes_named(text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _(
                "Nous ne trouvons pas de commune nommée « %(name)s ». Vérifiez l'orthographe, ou saisissez son "
                "code INSEE (5 caractères, par exemple 44109 pour Nantes ; ce n'est pas le code postal)."
            ),
            code="unknown_commune",
            params={"name": text},
        )
    found.sort(key=lambda commune: commune.code)
    listed = ", ".join(describe(commune) for commune in found[:MAX_LISTED])
    if len(found) > MAX_LISTED:
        listed = gettext("%(communes)s… (et d’autres)") % {"communes": listed}
    raise ValidationError(
        _(
            "Plusieurs communes s'appellent « %(name)s » : %(communes)s. Saisissez le code INSEE de la vôtre "
            "(par exemple %(example)s)."
        ),
        code="ambiguous_commune",
        params={"name": text, "communes": listed, "example": found[0].code},
    )


# -- suggestions while typing -----------------------------------------------------------------------------------------


class InvalidQuery(ValueError):
    """A text suggestions cannot be looked for (too long, too short, nothing but punctuation); its message is for
    the citizen."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _starting_with(field, prefix):
    """Rows whose `field` starts with `prefix`, in a form its index serves: `LIKE 'x%'` on PostgreSQL (the pattern
    operator class), a range elsewhere (SQLite's LIKE ignores case, so it cannot read a B-tree)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})


def _by_population():
    return [F("population").desc(nulls_last=True), "name", "code"]


def suggest_communes(text, limit=10):
    """At most `limit` communes `text` may designate, the likeliest first, département loaded.

    - an INSEE code or its beginning (« 441 », « 2A0 »): the communes whose code starts so, by code;
    - a name: the communes named so (normalised: `cms.territories.names`), then those whose name starts so, by
      population, largest first; only when there are none, those whose name contains it (« nazaire ») and, on
      PostgreSQL, those whose name is close to it (typos: trigram similarity, `pg_trgm`), the closest first, then
      by population.

    Every step reads an index (the trigram index on PostgreSQL; SQLite scans the names for the last step only).
    Raises `InvalidQuery` for a text longer than `MAX_QUERY_LENGTH` or with fewer than `MIN_QUERY_LENGTH` letters
    or digits."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            gettext("Saisissez au plus %(max)d caractères : le nom ou le code INSEE de la commune.")
            % {"max": MAX_QUERY_LENGTH}
        )
    limit = max(1, min(int(limit), MAX_SUGGESTIONS))
    communes = Territory.objects.communes().select_related("parent")
    if match := NAME_WITH_CODE.match(text):  # a label chosen earlier: « Nantes (44109) »
        text = match["code"]
    code = text.replace(" ", "").upper()
    if CODE_PREFIX.fullmatch(code):
        return list(communes.filter(_starting_with("code", code)).order_by("code")[:limit])

    key = name_key(text) or spelled(text)
    if len(key.replace(" ", "")) < MIN_QUERY_LENGTH:
        raise InvalidQuery(
            gettext("Saisissez au moins %(min)d lettres du nom de la commune, ou le début de son code INSEE.")
            % {"min": MIN_QUERY_LENGTH}
        )
    exact_first = Case(When(name_key=key, then=Value(0)), default=Value(1), output_field=IntegerField())
    found = list(communes.filter(_starting_with("name_key", key)).order_by(exact_first, *_by_population())[:limit])
    if found:
        return found
    # Nothing named so or starting so: a word inside a name (« nazaire »), or a typo (« saint etiene »).
    if connection.vendor == "postgresql":
        if len(key) < 3:  # no trigram in it: the index cannot help
            return []
        close = Q(name_key__contains=key)  # LIKE '%x%', served by the trigram index from 3 characters
        if len(key) >= FUZZY_FROM:
            # `%`: similar to the whole name (pg_trgm's threshold, 0.3), served by the trigram index too. (Word
            # similarity, `%>`, found more but cost up to 0.4 s for a long unknown name: every « villeneuve … ».)
            close |= Q(name_key__trigram_similar=key)
        found = (
            communes.filter(close)
            .annotate(closeness=TrigramSimilarity("name_key", key))
            .order_by("-closeness", *_by_population())
        )
    else:
        found = communes.filter(name_key__contains=key).order_by(*_by_population())
    return list(found[:limit])


def suggestion_label(commune):
    """« Saint-Denis (93066) — Seine-Saint-Denis »: what a suggestion shows, homonyms told apart."""
    if commune.parent_id:
        return f"{commune_label(commune)} — {commune.parent.name}"
    return commune_label(commune)

"""Find the commune a citizen lives in from what they type: a name, an INSEE code, or « Name (code) ».

Names are compared without case, accents, punctuation or a leading article (« chapelle aux pres » finds « La
Chapelle-aux-Prés »), with « St »/« Ste » read as « Saint »/« Sainte ». A name shared by several communes, or one
we don't know, is refused with a message that asks for the INSEE code; a code is never taken for a postal code
silently: the error says which one it is.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.models import Territory
from cms.territories import COMMUNE_CODE

NAME_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>[0-9]{5}|2[ABab][0-9]{3})\s*\)$")
LEADING_ARTICLE = re.compile(r"^(le|la|les|l) ")
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
MAX_LISTED = 8


def commune_key(name):
    """« L'Île-d'Yeu » -> « l ile d yeu »; « St-Nazaire » -> « saint nazaire »."""
    text = unicodedata.normalize("NFKD", str(name).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def commune_keys(name):
    """The keys a commune's name answers to: with and without its leading article."""
    key = commune_key(name)
    return {key, LEADING_ARTICLE.sub("", key)}


def commune_label(commune):
    """How a commune is shown back in a form field: « Villebrune-sur-Loire (44990) », which resolves to itself."""
    return f"{commune.name} ({commune.code})" if commune else ""


def describe(commune):
    """« Saint-Denis (93066, Seine-Saint-Denis) »: enough to tell homonyms apart."""
    if commune.parent_id:
        return f"{commune.name} ({commune.code}, {commune.parent.name})"
    return f"{commune.name} ({commune.code})"


def communes_named(name):
    """Every commune whose name matches `name` (see the module docstring), département loaded."""
    communes = Territory.objects.communes().select_related("parent")
    exact = list(communes.filter(name__iexact=name))
    if exact:
        return exact
    wanted = commune_key(name)
    if not wanted:
        return []
    # No exact match: compare normalized names. A full scan of names only (~35,000 rows for all of France),
    # run when a citizen signs up or edits their profile.
    names = communes.values_list("pk", "name").iterator()
    matching = [pk for pk, candidate in names if wanted in commune_keys(candidate)]
    return list(communes.filter(pk__in=matching))


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
        if name and commune_key(name) not in commune_keys(commune.name):
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

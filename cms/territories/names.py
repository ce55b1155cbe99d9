"""The one spelling of a territory's name that lookups compare: `name_key("L'Île-d'Yeu")` → "ile d yeu".

Without case, accents, punctuation or a leading article, with « St »/« Ste » read as « Saint »/« Sainte ». Stored
in `Territory.name_key` (filled by `Territory.save()` and by the importer) so that a lookup is an index read.
"""

import re
import unicodedata

LEADING_ARTICLE = re.compile(r"^(le|la|les|l) ")
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def spelled(name):
    """« L'Île-d'Yeu » -> « l ile d yeu »; « St-Nazaire » -> « saint nazaire » (the article kept)."""
    text = unicodedata.normalize("NFKD", str(name).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def name_key(name):
    """The stored key: `spelled()` without a leading article (« la chapelle aux pres » -> « chapelle aux pres »)."""
    return LEADING_ARTICLE.sub("", spelled(name))

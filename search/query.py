"""What the citizen typed, checked once for every backend and every entry point (page, API, autocomplete).

`clean_text()` refuses what no search should run (over `MAX_LENGTH` characters) with a message a citizen
understands, and drops what cannot mean anything (control characters, runs of spaces). `parse()` reads the little
syntax people type out of habit — « "phrase exacte" », « -mot » to exclude, « OR » / « OU » between words, `*` at
the end of a word — into `ParsedQuery`, which every backend turns into its own query language itself (never by
pasting the text into it): a quote left open, a bracket, a `:` or a lone `*` are just ignored. At most `MAX_TERMS`
words are kept, so no query can make the index work for long.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import text as search_text

MAX_LENGTH = 500
MAX_TERMS = 12
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
TOKEN_RE = re.compile(r'"([^"]*)"?|(\S+)')


def clean_text(value):
    """The query to run, stripped; raises ValidationError (French, translated) when it is too long."""
    value = CONTROL_RE.sub(" ", value or "")
    value = " ".join(unicodedata.normalize("NFC", value).split())  # « é » (decomposed) is « é »
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            _("Votre recherche fait %(length)s caractères : %(max)s au plus. Raccourcissez-la à quelques mots."),
            code="too_long",
            params={"length": len(value), "max": MAX_LENGTH},
        )
    return value


@dataclass
class Term:
    """A word, or several words to find one after the other (a phrase); `prefix` when typed with a final `*`."""

    words: list  # folded words (not stemmed: each backend stems in its own way)
    prefix: bool = False

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    """Every group must match (AND); a group matches when any of its terms does (OR); no `excluded` word may."""

    groups: list = field(default_factory=list)  # [[Term, …], …]
    excluded: list = field(default_factory=list)  # [folded word, …]

    @property
    def is_empty(self):
        return not self.groups

    def words(self):
        return [word for group in self.groups for term in group for word in term.words]

    def stems(self, language="fr"):
        return {search_text.stem(word, language) for word in self.words()}


def _folded_words(raw, language):
    stop = search_text.STOP_WORDS.get(language, search_text.STOP_WORDS["fr"])
    return [word for _, _, word in search_text.words(raw) if word not in stop]


def parse(value, language="fr"):
    """`value` (already cleaned) as a ParsedQuery; empty when nothing searchable is left (only stop words or
    punctuation)."""
    parsed = ParsedQuery()
    pending_or = False
    count = 0
    for match in TOKEN_RE.finditer(value):
        phrase, token = match.group(1), match.group(2)
        if token is not None and token.upper() in {"OR", "OU", "|"}:
            pending_or = bool(parsed.groups)
            continue
        if token is not None and token.startswith("-") and len(token) > 1:
            parsed.excluded.extend(_folded_words(token[1:], language)[:MAX_TERMS])
            pending_or = False
            continue
        raw = phrase if phrase is not None else token
        words = _folded_words(raw, language)
        if not words:
            continue
        if phrase is not None:
            terms = [Term(words[:MAX_TERMS])]
        else:
            prefix = raw.endswith("*")
            terms = [Term([word]) for word in words]
            if prefix:
                terms[-1].prefix = True
        for index, term in enumerate(terms):
            if count >= MAX_TERMS:
                break
            count += len(term.words)
            if pending_or and index == 0:
                parsed.groups[-1].append(term)
            else:
                parsed.groups.append([term])
        pending_or = False
    parsed.excluded = parsed.excluded[:MAX_TERMS]
    return parsed

"""Words as the search sees them, the same for indexing and querying: case and accents folded, elisions cut (« l'école »
is « école »), stop words dropped, then the Snowball stemmer of the language (« écoles », « Écoles » and « ecole » are
all `ecol`). PostgreSQL and Elasticsearch do this themselves with the same Snowball stemmers; SQLite's FTS5 is given
the stems computed here. `highlight()` marks the words of a text whose stems match, for the database backend's
excerpts."""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
ELISION_RE = re.compile(r"^(?:[lmtnsdjc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

STOP_WORDS = {
    "fr": frozenset(
        "au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme mes moi mon ne nos "
        "notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l "
        "m n s t y a est sont ete etre avoir ont cette cet".split()
    ),
    "en": frozenset(
        "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
        "this to was will with".split()
    ),
}
STEMMER_LANGUAGES = {"fr": "french", "en": "english"}


def fold(text):
    """Lower case, no accents, « œ » as « oe »: « Écoles » -> « ecoles »."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_local = threading.local()


def _stemmer(language):
    """A Snowball stemmer per thread: a stemmer object keeps its current word while it works (not thread-safe)."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMER_LANGUAGES.get(language, "french"))
    return stemmers[language]


@lru_cache(maxsize=200_000)
def _stem(word, language):
    """Snowball in pure Python costs ~0.1 ms a word; a vocabulary is small, so every word is stemmed once."""
    return _stemmer(language).stemWord(word)


_fold_word = lru_cache(maxsize=200_000)(fold)  # words repeat: excerpts fold every word of the hits' texts


def _language(language):
    return language if language in STEMMER_LANGUAGES else "fr"


def words(text):
    """The words of `text` with their positions: [(start, end, folded word)], elisions cut."""
    found = []
    for match in WORD_RE.finditer(text):
        start, end = match.span()
        found.append((start, end, _fold_word(match.group())))
    # « l'école »: \w+ already splits on the apostrophe; the article is a stop word.
    return found


def stem(word, language="fr"):
    return _stem(word, _language(language))


def stems(text, language="fr"):
    """The stems of `text`'s words, stop words dropped, in order (duplicates kept: FTS5 ranks by frequency)."""
    language = _language(language)
    stop = STOP_WORDS[language]
    return [_stem(word, language) for _, _, word in words(text) if word not in stop]


def highlight(text, query_stems, language="fr", *, length=240, start_mark="\x02", end_mark="\x03"):
    """The part of `text` (plain) of about `length` characters with the most words whose stem is in `query_stems`,
    those words between the marks; the start of the text when nothing matches. Cut at word boundaries, « … » added
    where the text was cut."""
    if not text:
        return ""
    language = _language(language)
    query_stems = set(query_stems)
    found = words(text)
    hits = [(start, end) for start, end, word in found if _stem(word, language) in query_stems]
    if len(text) <= length:
        window_start, window_end = 0, len(text)
    else:
        best_start, best_count = 0, 0
        for index, (start, _) in enumerate(hits):
            count = sum(1 for other, _ in hits[index:] if other < start + length)
            if count > best_count:
                best_start, best_count = start, count
        window_start = max(0, best_start - length // 4)
        # back to a word's start
        while window_start > 0 and not text[window_start - 1].isspace():
            window_start -= 1
        window_end = min(len(text), window_start + length)
        while window_end < len(text) and not text[window_end].isspace():
            window_end += 1
    out = []
    position = window_start
    for start, end in hits:
        if start < window_start or end > window_end:
            continue
        out.append(text[position:start])
        out.append(f"{start_mark}{text[start:end]}{end_mark}")
        position = end
    out.append(text[position:window_end])
    excerpt = "".join(out).strip()
    if window_start > 0:
        excerpt = "… " + excerpt
    if window_end < len(text):
        excerpt += " …"
    return excerpt

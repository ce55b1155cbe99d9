"""The automatic checks a citizen's proposal passes before it goes to the moderators.

Each check is its own function taking the proposal's cleaned values (a dict: title, summary, description, questions,
start_date, duration_days, scope, territory) and returning a list of `Problem`s: the field it concerns and a message
telling the citizen what to fix. `run_checks()` runs them all, so that every problem is shown at once, next to its
field (the web form and the API give the same messages).

Text is compared *folded*: lower case, without accents, with common letter-for-digit swaps undone, so that
« ÉLECTION », « election » and « 3l3ction » read the same.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import Territory

from .models import Scope

TITLE_MIN, TITLE_MAX = 15, 120
SUMMARY_MIN, SUMMARY_MAX = 20, 400
DESCRIPTION_MIN, DESCRIPTION_MAX = 80, 5000
DURATION_MIN, DURATION_MAX = 3, 90
START_MAX_DAYS = 180
QUESTIONS_MIN, QUESTIONS_MAX = 1, 10
CAPITALS_RATIO = 0.6  # more upper-case letters than this (among at least CAPITALS_MIN_LETTERS) is shouting
CAPITALS_MIN_LETTERS = 8
DUPLICATE_JACCARD = 0.6
DUPLICATE_RATIO = 0.85

# Overridden by settings.NETWORK_FORBIDDEN_WORDS (a list of words or expressions, any case and accents).
DEFAULT_FORBIDDEN_WORDS = [
    "connard",
    "connards",
    "connasse",
    "encule",
    "encules",
    "enculer",
    "salope",
    "salopes",
    "pute",
    "putes",
    "fils de pute",
    "nique ta mere",
    "batard",
    "batards",
    "pd",
    "tapette",
    "negre",
    "negres",
    "bougnoule",
    "bougnoules",
    "youpin",
    "youpins",
    "bicot",
    "raton",
    "ratons",
    "sale arabe",
    "sale juif",
    "sale noir",
]

URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# Cyrillic and Greek letters drawn like Latin ones (after casefold): « соnnаrd » reads as a Latin word.
LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ո": "n",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x",
    }
)  # fmt: skip
STOP_WORDS = {
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et", "ou", "a", "au", "aux", "en", "pour",
    "sur", "dans", "par", "avec", "sans", "ce", "cette", "ces", "son", "sa", "ses", "notre", "nos", "votre", "vos",
    "que", "qui", "quoi", "faut", "il", "on", "est", "pas", "ne", "plus", "the", "of", "and", "to", "in", "for",
}  # fmt: skip
# Names of départements that are also common words: only matched with their capital letter and not at a sentence's
# start would do, so they are left out of the subject check rather than misread.
AMBIGUOUS_NAMES = {"cher", "nord", "centre", "manche", "lot", "ain", "var", "gard", "orne", "tarn", "creuse"}


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    code: str
    link: dict = field(default_factory=dict, compare=False, hash=False)  # e.g. the near duplicate: {"title", "url"}


def fold(text):
    """Lower case, no accents, digits and look-alike letters read as the letters they imitate, invisible characters
    (zero-width spaces, soft hyphens: format characters) dropped, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(text or "").casefold())
    text = (
        "".join(char for char in text if not unicodedata.combining(char) and unicodedata.category(char) != "Cf")
        .translate(LOOKALIKES)
        .translate(LEET)
    )
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def tokens(text):
    return {word for word in fold(text).split() if word not in STOP_WORDS and len(word) > 2}


# -- the checks ---------------------------------------------------------------------------------------------------


def check_title_length(data):
    title = (data.get("title") or "").strip()
    if len(title) < TITLE_MIN:
        return [
            Problem(
                "title",
                _(
                    "Le titre est trop court (%(count)d caractères) : décrivez la question en %(min)d caractères "
                    "au moins."
                )
                % {"count": len(title), "min": TITLE_MIN},
                "title_too_short",
            )
        ]
    if len(title) > TITLE_MAX:
        return [
            Problem(
                "title",
                _(
                    "Le titre est trop long (%(count)d caractères) : %(max)d au plus. Gardez les détails pour la "
                    "description."
                )
                % {"count": len(title), "max": TITLE_MAX},
                "title_too_long",
            )
        ]
    return []


def check_text_lengths(data):
    problems = []
    for name, low, high, label in (
        ("summary", SUMMARY_MIN, SUMMARY_MAX, _("Le résumé")),
        ("description", DESCRIPTION_MIN, DESCRIPTION_MAX, _("La description")),
    ):
        length = len((data.get(name) or "").strip())
        if length < low:
            problems.append(
                Problem(
                    name,
                    _("%(label)s est trop court (%(count)d caractères) : écrivez-en %(min)d au moins.")
                    % {"label": label, "count": length, "min": low},
                    f"{name}_too_short",
                )
            )
        elif length > high:
            problems.append(
                Problem(
                    name,
                    _("%(label)s est trop long (%(count)d caractères) : %(max)d au plus.")
                    % {"label": label, "count": length, "max": high},
                    f"{name}_too_long",
                )
            )
    return problems


def _shouting(text):
    letters = [char for char in str(text or "") if char.isalpha()]
    if len(letters) < CAPITALS_MIN_LETTERS:
        return False
    return sum(char.isupper() for char in letters) / len(letters) > CAPITALS_RATIO


def check_capitals(data):
    problems = []
    for name in ("title", "summary", "description"):
        if _shouting(data.get(name)):
            problems.append(
                Problem(
                    name,
                    _(
                        "Évitez d'écrire en majuscules : elles se lisent comme des cris et gênent la lecture. "
                        "Écrivez en minuscules, avec une majuscule en début de phrase."
                    ),
                    "all_capitals",
                )
            )
    return problems


def check_not_only_links(data):
    problems = []
    for name in ("title", "summary", "description"):
        text = data.get(name) or ""
        if not URL.search(text):
            continue
        words = fold(URL.sub(" ", text)).split()
        if name == "title" or len(words) < 8:
            problems.append(
                Problem(
                    name,
                    _("Expliquez avec vos mots plutôt que par des liens : un lien seul ne dit pas ce qui est demandé.")
                    if name != "title"
                    else _("Le titre ne peut pas contenir de lien : dites en une phrase ce que vous demandez."),
                    "only_links",
                )
            )
    return problems


def forbidden_words():
    words = getattr(settings, "NETWORK_FORBIDDEN_WORDS", None) or DEFAULT_FORBIDDEN_WORDS
    return [fold(word) for word in words if fold(word)]


def contains_forbidden_word(text):
    folded = f" {fold(text)} "
    return any(f" {word} " in folded for word in forbidden_words())


def check_forbidden_words(data):
    problems = []
    texts = [(name, data.get(name)) for name in ("title", "summary", "description")]
    texts += [("questions", question.get("label", "")) for question in data.get("questions") or []]
    texts += [("questions", " ".join(question.get("choices") or [])) for question in data.get("questions") or []]
    flagged = set()
    for name, text in texts:
        if name not in flagged and contains_forbidden_word(text):
            flagged.add(name)
            # The word is not repeated back: it may be an insult.
            problems.append(
                Problem(
                    name,
                    _(
                        "Ce texte contient un mot que la charte du réseau n'accepte pas (injure, propos haineux ou "
                        "discriminatoire). Reformulez-le sans ce mot."
                    ),
                    "forbidden_word",
                )
            )
    return problems


def check_dates(data):
    problems = []
    start = data.get("start_date")
    today = timezone.localdate()
    if isinstance(start, date):
        if start < today:
            problems.append(
                Problem(
                    "start_date",
                    _("La date d'ouverture est passée : choisissez aujourd'hui ou une date à venir."),
                    "start_in_past",
                )
            )
        elif (start - today).days > START_MAX_DAYS:
            problems.append(
                Problem(
                    "start_date",
                    _("La consultation doit ouvrir dans les %(days)d prochains jours.") % {"days": START_MAX_DAYS},
                    "start_too_late",
                )
            )
    duration = data.get("duration_days")
    if isinstance(duration, int) and not DURATION_MIN <= duration <= DURATION_MAX:
        problems.append(
            Problem(
                "duration_days",
                _("La durée doit être comprise entre %(min)d et %(max)d jours : laissez le temps de répondre.")
                % {"min": DURATION_MIN, "max": DURATION_MAX},
                "duration_out_of_bounds",
            )
        )
    return problems


def check_scope(data):
    scope, territory = data.get("scope"), data.get("territory")
    if not scope or scope == Scope.NATIONAL:
        return []
    if territory is None:
        return [
            Problem(
                "territory",
                _("Indiquez le territoire concerné (%(kind)s) : son nom ou son code INSEE.")
                % {"kind": Scope(scope).label.lower()},
                "territory_required",
            )
        ]
    if territory.kind != scope:
        return [
            Problem(
                "territory",
                _("%(territory)s n'est pas une %(kind)s : choisissez un territoire du type de la portée choisie.")
                % {"territory": territory.name, "kind": Scope(scope).label.lower()},
                "territory_kind_mismatch",
            )
        ]
    return []


def named_territories(text):
    """The régions and départements whose name appears in `text` (capitalised, as a name is written)."""
    plain = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = " ".join(re.sub(r"[^0-9A-Za-z]+", " ", plain).split())
    found = []
    candidates = Territory.objects.filter(kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT])
    for territory in candidates.only("pk", "name", "kind"):
        name = unicodedata.normalize("NFKD", territory.name)
        name = "".join(char for char in name if not unicodedata.combining(char))
        name = " ".join(re.sub(r"[^0-9A-Za-z]+", " ", name).split())
        if len(name) < 4 or name.casefold() in AMBIGUOUS_NAMES:
            continue
        if re.search(rf"(?<![0-9A-Za-z]){re.escape(name)}(?![0-9A-Za-z])", plain):
            found.append(territory)
    return found


def check_subject_territory(data):
    scope, territory = data.get("scope"), data.get("territory")
    if scope == Scope.NATIONAL or territory is None or territory.kind != scope:
        return []
    text = " ".join(str(data.get(name) or "") for name in ("title", "summary", "description"))
    named = named_territories(text)
    if not named:
        return []
    inside = set(Territory.objects.within(territory).filter(pk__in=[t.pk for t in named]).values_list("pk", flat=True))
    around = Territory.objects.filter(pk=territory.pk).containing_ids()
    outside = [each for each in named if each.pk not in inside and each.pk not in around]
    if not outside:
        return []
    return [
        Problem(
            "territory",
            _(
                "Votre texte parle de %(named)s, qui n'est ni %(territory)s, ni dans ce territoire, ni autour : "
                "choisissez le territoire dont parle la consultation (ou une portée plus large)."
            )
            % {"named": ", ".join(each.name for each in outside), "territory": territory.name},
            "scope_subject_mismatch",
        )
    ]


def similar_titles(first, second):
    a, b = tokens(first), tokens(second)
    jaccard = len(a & b) / len(a | b) if a | b else 0.0
    ratio = difflib.SequenceMatcher(None, fold(first), fold(second)).ratio()
    return jaccard >= DUPLICATE_JACCARD or ratio >= DUPLICATE_RATIO


def check_near_duplicate(data, exclude_page_id=None):
    from consultations.models import ConsultationPage

    title = data.get("title") or ""
    if len(title.strip()) < TITLE_MIN:
        return []
    candidates = (
        ConsultationPage.objects.live().public().listed().filter(closes_at__gt=timezone.now()).only("pk", "title")
    )
    if exclude_page_id:
        candidates = candidates.exclude(pk=exclude_page_id)
    for page in candidates.iterator():
        if similar_titles(title, page.title):
            return [
                Problem(
                    "title",
                    _(
                        "Une consultation très proche est déjà ouverte : « %(title)s » (%(url)s). Participez-y, "
                        "ou précisez en quoi la vôtre est différente."
                    )
                    % {"title": page.title, "url": page.get_url()},
                    "near_duplicate",
                    link={"title": page.title, "url": page.get_url()},
                )
            ]
    return []


CHECKS = [
    check_title_length,
    check_text_lengths,
    check_capitals,
    check_not_only_links,
    check_forbidden_words,
    check_dates,
    check_scope,
    check_subject_territory,
    check_near_duplicate,
]


def run_checks(data, exclude_page_id=None):
    """Every problem of the proposal, in the order of the checks (an empty list when it may go to moderation)."""
    problems = []
    for check in CHECKS:
        if check is check_near_duplicate:
            problems += check(data, exclude_page_id=exclude_page_id)
        else:
            problems += check(data)
    return problems

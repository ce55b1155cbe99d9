"""One answer, checked against its question: what a citizen may send, and the limits that bound a ballot's size.

`clean_answer(question, value)` turns what the web form or the API received for one question into its cleaned
value, or raises a `ValidationError` with a message for the citizen; `consultations.survey.Survey.validate()` calls
it for every question that applies and gathers the errors into `InvalidAnswers`.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .questions import NO, YES, QuestionType

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
NUMBER_MAX_DIGITS = 12  # numbers below 10^12 in absolute value
NUMBER_DECIMALS = 4
NUMBER_QUANTUM = Decimal(1).scaleb(-NUMBER_DECIMALS)
NUMBER_MAX_CHARACTERS = 100
# NUL and the other control characters (tabs and line breaks aside), and halves of surrogate pairs: no keyboard
# types them, PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded in UTF-8.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text_length(text):
    """Length as browsers count it for `maxlength` (UTF-16 code units): an emoji counts twice.

    It also bounds the size of the text once encoded: at most 3 bytes of UTF-8 (or of JSON escapes) per unit.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class InvalidAnswers(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def is_empty(value):
    """No answer: nothing sent, an empty list, or only blanks."""
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _choice_ids(question):
    return [c.id for c in question.choices]


def clean_answer(question, value):
    """One answer, checked against its question. Raises ValidationError with a citizen-readable message."""
    qtype = question.type
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.SCALE):
        if isinstance(value, bool) and qtype == QuestionType.YES_NO:
            value = YES if value else NO
        if isinstance(value, int) and not isinstance(value, bool) and qtype == QuestionType.SCALE:
            value = str(value)
        if not isinstance(value, str):
            raise ValidationError(_("Choisissez une seule réponse."))
        if value not in _choice_ids(question):
            if qtype == QuestionType.SCALE:
                raise ValidationError(_("Choisissez une note entre 1 et %(max)d.") % {"max": question.scale_max})
            raise ValidationError(_("Ce choix n'existe pas pour cette question."))
        return value
    if qtype == QuestionType.MULTIPLE_CHOICE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Envoyez la liste des choix cochés."))
        if any(v not in _choice_ids(question) for v in value):
            raise ValidationError(_("Un des choix n'existe pas pour cette question."))
        if len(set(value)) != len(value):
            raise ValidationError(_("Un même choix est coché deux fois."))
        if question.max_choices and len(value) > question.max_choices:
            raise ValidationError(
                ngettext(
                    "Trop de choix : %(max)d au plus.",
                    "Trop de choix : %(max)d au plus.",
                    question.max_choices,
                )
                % {"max": question.max_choices}
            )
        if question.min_choices and len(value) < question.min_choices:
            raise ValidationError(
                ngettext(
                    "Pas assez de choix : %(min)d au moins.",
                    "Pas assez de choix : %(min)d au moins.",
                    question.min_choices,
                )
                % {"min": question.min_choices}
            )
        order = _choice_ids(question)
        return sorted(value, key=order.index)
    if qtype == QuestionType.RANKING:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Envoyez les choix classés, du premier au dernier."))
        if any(v not in _choice_ids(question) for v in value):
            raise ValidationError(_("Un des choix classés n'existe pas pour cette question."))
        if len(set(value)) != len(value):
            raise ValidationError(_("Chaque choix ne peut avoir qu'un seul rang."))
        if len(value) != len(question.choices):
            raise ValidationError(_("Classez tous les choix, chacun à un rang différent."))
        return list(value)
    if qtype == QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise ValidationError(_("Indiquez un nombre."))
        text = value if isinstance(value, str) else str(value)
        if len(text) > NUMBER_MAX_CHARACTERS:
            raise ValidationError(_("Indiquez un nombre plus court."))
        try:
            number = Decimal(text.strip().replace(",", ".").replace("\u202f", "").replace("\xa0", "").replace(" ", ""))
        except (InvalidOperation, ValueError) as error:
            raise ValidationError(_("Indiquez un nombre.")) from error
        if not number.is_finite():
            raise ValidationError(_("Indiquez un nombre."))
        # Compare exponents, not values: arithmetic on 1e999999999 overflows the decimal context.
        if number and number.adjusted() >= NUMBER_MAX_DIGITS:
            raise ValidationError(_("Ce nombre est trop grand."))
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(_("Le nombre doit être au moins %(min)s.") % {"min": _format(question.min_value)})
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(_("Le nombre doit être au plus %(max)s.") % {"max": _format(question.max_value)})
        if number.adjusted() < -NUMBER_DECIMALS - 1:
            number = Decimal(0)  # below the precision kept: quantizing 1e-999999999 would overflow too
        number = number.quantize(NUMBER_QUANTUM)
        if number and number.adjusted() >= NUMBER_MAX_DIGITS:  # -999999999999.99999 rounds up to 13 digits
            raise ValidationError(_("Ce nombre est trop grand."))
        return number
    if qtype in QuestionType.TEXT_TYPES:
        if not isinstance(value, str):
            raise ValidationError(_("Écrivez votre réponse sous forme de texte."))
        text = value.strip()
        if FORBIDDEN_CHARACTERS.search(text):
            raise ValidationError(
                _("Votre réponse contient un caractère invisible ou invalide : retirez-le puis renvoyez-la.")
            )
        length = text_length(text)
        if length > question.max_length:
            raise ValidationError(
                _("Votre réponse est trop longue : %(max)d caractères au plus (vous en avez écrit %(length)d).")
                % {"max": question.max_length, "length": length}
            )
        return text
    raise ValidationError(_("Type de question inconnu."))


def _format(number):
    text = format(number.normalize(), "f")
    return text.replace(".", ",")

"""The question types, and the stored shape of a question: what a consultation's `survey` StreamField holds.

A question is stored as StreamField raw data::

    {"type": "single_choice", "id": "<question id>",
     "value": {"label": "...", "help_text": "", "required": True,
               "condition": {"question_number": None, "answer": ""},
               "choices": [{"type": "item", "value": "<choice label>", "id": "<choice id>"}, ...],
               ...the type's own settings (min_choices, scale_max, allow_abstain, unit...)}}

`question()` builds that shape for any type; `single_choice()`, `multiple_choice()`, `ranking()`, `scale()`,
`yes_no()`, `number()`, `short_text()` and `long_text()` name each type's settings. Every caller that writes a
survey as data (the templates library, the demos, the test factories, the benchmarks) goes through them. A setting
left at None is left out, so that the block's own default applies, as when an editor leaves the field empty. Plain
Python: no Django, no Wagtail.
"""

import uuid


class QuestionType:
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    RANKING = "ranking"
    SCALE = "scale"
    YES_NO = "yes_no"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    CHOICE_TYPES = {SINGLE_CHOICE, MULTIPLE_CHOICE, RANKING, SCALE, YES_NO}
    TEXT_TYPES = {SHORT_TEXT, LONG_TEXT}
    ALL = [SINGLE_CHOICE, MULTIPLE_CHOICE, RANKING, SCALE, YES_NO, NUMBER, SHORT_TEXT, LONG_TEXT]


YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICE_IDS = "{qid}-{n}"  # the choice ids `question()` gives when none are given: the question's id and a number


def asked_if(question_number=None, answer=""):
    """A question's condition: asked only if question n° `question_number` (1-based) was answered `answer` (the
    text of one of its choices, or « Oui », « Non »); with no number, always asked."""
    return {"question_number": question_number, "answer": answer}


def question(
    block_type,
    label,
    *,
    qid=None,
    choices=None,
    choice_ids=CHOICE_IDS,
    required=True,
    condition=None,
    help_text="",
    **settings,
):
    """One question as StreamField raw data.

    `qid`: the block id (a fresh UUID when None); `choices`: the choices' texts, for the types that have some;
    `choice_ids`: their ids, a list or a pattern formatted with `qid` and `n` (1, 2...); `condition`: see
    `asked_if()`; `settings`: the type's own fields, those at None left out.
    """
    qid = qid or str(uuid.uuid4())
    value = {
        "label": label,
        "help_text": help_text,
        "required": required,
        "condition": condition or asked_if(),
        **{name: setting for name, setting in settings.items() if setting is not None},
    }
    if choices is not None:
        if isinstance(choice_ids, str):
            choice_ids = [choice_ids.format(qid=qid, n=n) for n in range(1, len(choices) + 1)]
        value["choices"] = [
            {"type": "item", "value": text, "id": choice_id}
            for text, choice_id in zip(choices, choice_ids, strict=True)
        ]
    return {"type": block_type, "value": value, "id": qid}


def single_choice(label, choices, **options):
    return question(QuestionType.SINGLE_CHOICE, label, choices=choices, **options)


def multiple_choice(label, choices, *, min_choices=None, max_choices=None, **options):
    return question(
        QuestionType.MULTIPLE_CHOICE,
        label,
        choices=choices,
        min_choices=min_choices,
        max_choices=max_choices,
        **options,
    )


def ranking(label, choices, **options):
    return question(QuestionType.RANKING, label, choices=choices, **options)


def scale(label, *, scale_max="5", min_label=None, max_label=None, **options):
    """`scale_max`: "5" or "10" (the block's choices are strings)."""
    return question(QuestionType.SCALE, label, scale_max=scale_max, min_label=min_label, max_label=max_label, **options)


def yes_no(label, *, allow_abstain=True, **options):
    return question(QuestionType.YES_NO, label, allow_abstain=allow_abstain, **options)


def number(label, *, min_value=None, max_value=None, unit=None, **options):
    return question(QuestionType.NUMBER, label, min_value=min_value, max_value=max_value, unit=unit, **options)


def short_text(label, **options):
    return question(QuestionType.SHORT_TEXT, label, **options)


def long_text(label, **options):
    return question(QuestionType.LONG_TEXT, label, **options)

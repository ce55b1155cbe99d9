"""The demo's consultations: Villebrune-sur-Loire asks its residents, with ballots already cast.

Four consultations show every state: one open with live results (residents, secret ballot),
one open with results after closing (any account, a ranking), one closed with its frozen
results and analysis, one upcoming (vote by confirmed email). The ballots are drawn with a
fixed seed, so two runs give the same demo; nothing is created again when the index exists.
"""

import datetime
import random
import uuid

from django.utils import timezone

from cms.models import CollectiviteSpace
from cms.models.accounts import AgeBracket, Gender

from .closing import close
from .models import ConsultationIndexPage, ConsultationPage, FreeText
from .questions import question
from .release import release
from .voting import record_ballots

SPACE_SLUG = "villebrune-sur-loire"
AGES = [a.value for a in AgeBracket]
GENDERS = [Gender.FEMALE.value, Gender.MALE.value]


def q(block_type, qid, fr, en, choices=None, **extra):
    """A question in both languages, with fixed block and choice ids (shared by the two versions)."""
    return {"type": block_type, "id": qid, "fr": fr, "en": en, "choices": choices, "extra": extra}


def survey_raw(questions, language):
    side = 0 if language == "fr" else 1
    raw = []
    for item in questions:
        extra = dict(item["extra"])
        for key in ("min_label", "max_label"):
            if isinstance(extra.get(key), tuple):
                extra[key] = extra[key][side]
        condition = extra.pop("condition", None)
        if condition and isinstance(condition.get("answer"), tuple):
            condition = {**condition, "answer": condition["answer"][side]}
        choices = [label[side] for label in item["choices"]] if item["choices"] else None
        raw.append(
            question(item["type"], item[language], qid=item["id"], choices=choices, condition=condition, **extra)
        )
    return raw


def _paired_blocks(slug, blocks_fr, blocks_en):
    """The French and English blocks with the same stable ids, so that localize pairs their segments."""
    paired_fr, paired_en = [], []
    for rank, (block_fr, block_en) in enumerate(zip(blocks_fr, blocks_en, strict=True)):
        block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"aimpact-demo/{slug}/description/{rank}"))
        paired_fr.append({**block_fr, "id": block_id})
        paired_en.append({**block_en, "id": block_id})
    return paired_fr, paired_en


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


QUAIS = {
    "slug": "reamenagement-des-quais",
    "title": ("Réaménagement des quais de Loire", "Redevelopment of the Loire quays"),
    "summary": (
        "La commune prépare le réaménagement des quais entre le pont Saint-Martin et la cale aux Mariniers. "
        "Avant de lancer les études, elle veut connaître l'avis des habitants.",
        "The town is preparing the redevelopment of the quays between the Saint-Martin bridge and the Mariniers "
        "slipway. Before the studies start, it wants to hear from its residents.",
    ),
    "theme": "environnement",
    "description": (
        [
            paragraph(
                "Les quais accueillent aujourd'hui 240 places de stationnement. Le projet prévoit d'en garder une "
                "partie et de rendre le reste aux piétons, aux vélos et à la nature, pour un budget estimé à "
                "2,4 millions d'euros sur trois ans."
            )
        ],
        [
            paragraph(
                "The quays currently hold 240 parking spaces. The project would keep some of them and give the "
                "rest back to pedestrians, cyclists and nature, for an estimated budget of 2.4 million euros "
                "over three years."
            )
        ],
    ),
    "days": (-12, 18),
    "secrecy": "secret",
    "eligibility": "residents",
    "results_visibility": "live",
    "ballots": 186,
    "questions": [
        q(
            "yes_no",
            "quais-favorable",
            "Êtes-vous favorable au réaménagement des quais ?",
            "Are you in favour of redeveloping the quays?",
            allow_abstain=True,
        ),
        q(
            "single_choice",
            "quais-usage",
            "Quel usage des quais faut-il privilégier ?",
            "Which use of the quays should come first?",
            choices=[
                ("La promenade et les terrasses", "Walking and café terraces"),
                ("Les pistes cyclables", "Cycle lanes"),
                ("Les espaces verts et les jeux", "Green spaces and playgrounds"),
                ("Le stationnement", "Parking"),
            ],
        ),
        q(
            "multiple_choice",
            "quais-equipements",
            "Quels équipements souhaitez-vous ? (deux au plus)",
            "Which facilities would you like? (two at most)",
            choices=[
                ("Des bancs à l'ombre", "Shaded benches"),
                ("Des toilettes publiques", "Public toilets"),
                ("Un ponton de baignade", "A swimming pontoon"),
                ("Des fontaines", "Drinking fountains"),
                ("Un marché couvert", "A covered market"),
            ],
            min_choices=1,
            max_choices=2,
            condition={"question_number": 1, "answer": ("Oui", "Yes")},
        ),
        q(
            "scale",
            "quais-urgence",
            "Ce projet vous paraît-il urgent ?",
            "How urgent does this project seem to you?",
            scale_max="5",
            min_label=("Pas du tout", "Not at all"),
            max_label=("Très urgent", "Very urgent"),
        ),
        q(
            "long_text",
            "quais-remarque",
            "Avez-vous une remarque ou une idée pour les quais ?",
            "Do you have a remark or an idea for the quays?",
            required=False,
        ),
    ],
}

BUDGET = {
    "slug": "priorites-budget-2027",
    "title": ("Vos priorités pour le budget 2027", "Your priorities for the 2027 budget"),
    "summary": (
        "Le conseil municipal votera le budget 2027 en mars. Classez les priorités d'investissement : le "
        "résultat sera présenté aux élus avant le vote.",
        "The town council will vote on the 2027 budget in March. Rank the investment priorities: the result "
        "will be presented to the councillors before the vote.",
    ),
    "theme": "democratie",
    "description": (
        [paragraph("Le budget d'investissement 2027 devrait atteindre 6,8 millions d'euros.")],
        [paragraph("The 2027 investment budget should reach 6.8 million euros.")],
    ),
    "days": (-5, 25),
    "secrecy": "secret",
    "eligibility": "account",
    "results_visibility": "after_close",
    "ballots": 94,
    "questions": [
        q(
            "ranking",
            "budget-priorites",
            "Classez ces priorités, de la plus importante à la moins importante",
            "Rank these priorities, from the most to the least important",
            choices=[
                ("Écoles et jeunesse", "Schools and youth"),
                ("Voirie et mobilités", "Roads and mobility"),
                ("Espaces verts", "Green spaces"),
                ("Sport et culture", "Sport and culture"),
            ],
        ),
        q(
            "number",
            "budget-part",
            "Quelle part du budget donneriez-vous à votre priorité n°1 (en %) ?",
            "What share of the budget would you give your first priority (in %)?",
            min_value="0",
            max_value="100",
            unit="%",
        ),
    ],
}

ECLAIRAGE = {
    "slug": "eclairage-nocturne",
    "title": ("Extinction de l'éclairage public la nuit", "Switching off street lights at night"),
    "summary": (
        "Faut-il éteindre l'éclairage public de 1 h à 5 h dans les quartiers résidentiels ? La consultation est "
        "terminée : découvrez ses résultats et leur analyse.",
        "Should street lights be switched off from 1 am to 5 am in residential areas? The consultation is over: "
        "see its results and their analysis.",
    ),
    "theme": "environnement",
    "description": (
        [paragraph("L'éclairage public représente 38 % de la facture d'électricité de la commune.")],
        [paragraph("Street lighting accounts for 38% of the town's electricity bill.")],
    ),
    "days": (-60, -14),
    "secrecy": "secret",
    "eligibility": "residents",
    "results_visibility": "after_close",
    "ballots": 412,
    "questions": [
        q(
            "yes_no",
            "eclairage-favorable",
            "Êtes-vous favorable à l'extinction de 1 h à 5 h ?",
            "Are you in favour of switching off from 1 am to 5 am?",
            allow_abstain=True,
        ),
        q(
            "single_choice",
            "eclairage-crainte",
            "Quelle est votre principale préoccupation ?",
            "What is your main concern?",
            choices=[
                ("La sécurité", "Safety"),
                ("Les économies d'énergie", "Energy savings"),
                ("La biodiversité", "Biodiversity"),
                ("Le ciel étoilé", "The starry sky"),
            ],
        ),
        q("short_text", "eclairage-mot", "En un mot ?", "In one word?", required=False),
    ],
}

MEDIATHEQUE = {
    "slug": "satisfaction-mediatheque",
    "title": ("Votre avis sur la médiathèque", "Your opinion of the media library"),
    "summary": (
        "La médiathèque Colette change ses horaires au printemps. Dites-nous ce qui compte pour vous, même "
        "sans compte : une adresse e-mail confirmée suffit.",
        "The Colette media library changes its opening hours in spring. Tell us what matters to you, even "
        "without an account: a confirmed email address is enough.",
    ),
    "theme": "culture",
    "description": ([], []),
    "days": (5, 35),
    "secrecy": "secret",
    "eligibility": "email",
    "results_visibility": "after_close",
    "ballots": 0,
    "template": "satisfaction_service",
}

CONSULTATIONS = [QUAIS, BUDGET, ECLAIRAGE, MEDIATHEQUE]

FREE_TEXTS = [
    "Prévoir beaucoup d'ombre : l'été, les quais sont brûlants.",
    "Garder quelques places pour les personnes à mobilité réduite.",
    "Un espace pour les jeunes, avec des tables de ping-pong.",
    "Attention aux crues : les aménagements doivent résister.",
    "Ne pas oublier les commerçants du centre pendant les travaux.",
    "Des arceaux à vélos en nombre suffisant !",
    "Un éclairage doux, qui ne gêne pas les chauves-souris.",
]
WORDS = ["Enfin", "Inquiétant", "Économies", "Bonne idée", "Sécurité", "Étoiles", "Pourquoi pas"]


def _at(today, days, hour=9):
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour)))


def _answers(spec, rng, age):
    """Believable answers: older residents are more attached to parking and lighting, younger to cycling."""
    young = age in ("18-24", "25-34")
    old = age in ("50-64", "65+")
    answers = {}
    for item in spec.get("questions", []):
        qid, kind = item["id"], item["type"]
        ids = [f"{qid}-{n}" for n in range(1, len(item["choices"] or []) + 1)]
        if kind == "yes_no":
            yes = 0.74 if young else 0.48 if old else 0.62
            if qid.startswith("eclairage"):
                yes = 0.78 if young else 0.31 if old else 0.55
            roll = rng.random()
            answers[qid] = "yes" if roll < yes else "abstain" if roll > 0.95 else "no"
        elif kind == "single_choice":
            weights = [3, 5 if young else 2, 3, 1 if young else 4] if len(ids) == 4 else [1] * len(ids)
            answers[qid] = rng.choices(ids, weights)[0]
        elif kind == "multiple_choice":
            if answers.get("quais-favorable") == "yes":
                answers[qid] = sorted(rng.sample(ids, rng.choice([1, 2])), key=ids.index)
        elif kind == "ranking":
            weights = {ids[0]: 4, ids[1]: 1.5 if young else 3.5, ids[2]: 3 if young else 1.5, ids[3]: 2}
            order = sorted(ids, key=lambda i: -weights[i] * rng.random())
            answers[qid] = order
        elif kind == "scale":
            answers[qid] = str(min(5, max(1, round(rng.gauss(3.6 if young else 3.0, 1.1)))))
        elif kind == "number":
            answers[qid] = str(min(100, max(0, round(rng.gauss(40, 15)))))
        elif kind == "long_text" and rng.random() < 0.08:
            answers[qid] = rng.choice(FREE_TEXTS)
        elif kind == "short_text" and rng.random() < 0.1:
            answers[qid] = rng.choice(WORDS)
    return answers


def add_demo_ballots(consultation, spec, commune, seed):
    """Ballots of fictional residents (no accounts): participations keyed `demo:<n>`, sealed as any ballot, then
    released by batches into the live counters; 70 % of the free texts released are published by the moderator."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    survey = consultation.get_survey()
    ballots = []
    for number in range(spec["ballots"]):
        consented = rng.random() < 0.8
        age = rng.choices(AGES, [10, 18, 27, 25, 20])[0] if consented else ""
        gender = rng.choice(GENDERS) if consented else ""
        cleaned = survey.validate(_answers(spec, rng, age or "35-49"))
        profile = {"commune": commune.pk, "age_bracket": age, "gender": gender} if consented else {}
        ballots.append((f"demo:{number}", cleaned, profile))
    record_ballots(consultation.pk, ballots)
    release(consultation.pk)
    moderate_demo_texts(consultation, rng)


def moderate_demo_texts(consultation, rng):
    """The moderator's work on the demo: 70 % of the free texts waiting are published, the rest stay to moderate."""
    waiting = FreeText.objects.filter(consultation=consultation, moderation=FreeText.Moderation.PENDING)
    published = [pk for pk in waiting.order_by("pk").values_list("pk", flat=True) if rng.random() < 0.7]
    FreeText.objects.filter(pk__in=published).update(moderation=FreeText.Moderation.APPROVED)


def ensure_demo_consultations(loader):
    """Create the demo consultations of Villebrune unless its consultations index exists; returns the pages made."""
    from cms.demo.translations import translate_page
    from consultations.templates_library import survey_raw_data

    space = CollectiviteSpace.objects.filter(slug=SPACE_SLUG, locale=loader.french_locale).first()
    if space is None or ConsultationIndexPage.objects.child_of(space).exists():
        return []
    index = ConsultationIndexPage(
        title="Consultations",
        slug="consultations",
        introduction="Votre avis compte : la commune vous consulte avant de décider.",
        owner=loader.admin,
        locale=loader.french_locale,
    )
    space.add_child(instance=index)
    loader.publish(index)
    created = [index]
    english_space = space.get_translations().filter(locale=loader.english_locale).first()
    if english_space is not None:
        translate_page(
            index,
            {"title": index.title, "introduction": index.introduction},
            {"title": "Consultations", "introduction": "Your opinion counts: the town asks you before deciding."},
            loader.english_locale,
            user=loader.admin,
        )
    for seed, spec in enumerate(CONSULTATIONS, start=1):
        if "template" in spec:
            survey_fr = survey_raw_data(spec["template"], "fr")
            survey_en = survey_raw_data(spec["template"], "en")
            for fr_block, en_block in zip(survey_fr, survey_en, strict=True):
                en_block["id"] = fr_block["id"]
                for fr_item, en_item in zip(
                    fr_block["value"].get("choices", []), en_block["value"].get("choices", []), strict=True
                ):
                    en_item["id"] = fr_item["id"]
        else:
            survey_fr, survey_en = survey_raw(spec["questions"], "fr"), survey_raw(spec["questions"], "en")
        description_fr, description_en = _paired_blocks(spec["slug"], *spec["description"])
        fields_fr = {
            "title": spec["title"][0],
            "summary": spec["summary"][0],
            "description": description_fr,
            "survey": survey_fr,
        }
        fields_en = {
            "title": spec["title"][1],
            "summary": spec["summary"][1],
            "description": description_en,
            "survey": survey_en,
        }
        page = ConsultationPage(
            slug=spec["slug"],
            theme=spec["theme"],
            opens_at=_at(loader.today, spec["days"][0]),
            closes_at=_at(loader.today, spec["days"][1], hour=18),
            secrecy=spec["secrecy"],
            eligibility=spec["eligibility"],
            results_visibility=spec["results_visibility"],
            owner=loader.admin,
            locale=loader.french_locale,
            **fields_fr,
        )
        index.add_child(instance=page)
        loader.publish(page)
        page = ConsultationPage.objects.get(pk=page.pk)
        if spec["ballots"]:
            add_demo_ballots(page, spec, space.territory, seed)
        if page.is_closed:
            close(page.pk, notify=False)
            moderate_demo_texts(page, random.Random(seed))  # noqa: S311 - demo data
        if english_space is not None:
            translate_page(page, fields_fr, fields_en, loader.english_locale, user=loader.admin)
        created.append(page)
    return created

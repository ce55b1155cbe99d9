"""The demo's Académie: two parcours of four lessons, three case studies, quizzes, part translated to English.

Called by the demo loader (`ensure_demo_academie(loader)`), after the spaces and the English home exist. Nothing is
created when the platform home already has an Académie, so a second run changes nothing. Some lessons belong to the
full library: Villebrune-sur-Loire's residents (or its access code) open them.
"""

from academie.models import AcademieIndexPage, CaseStudyPage, LessonPage, ParcoursPage
from academie.quiz import quiz_block as quiz
from cms.models import CollectiviteSpace, Territory


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def takeaways(points, title="À retenir", key="points"):
    """Key takeaways with fixed list item ids (`<key>-<n>`), shared by the French and English versions."""
    items = [{"type": "item", "value": point, "id": f"{key}-{n}"} for n, point in enumerate(points, start=1)]
    return {"type": "key_takeaways", "value": {"title": title, "points": items}}


def with_ids(blocks, prefix):
    """Give each top-level block a stable id, so that the French and English versions pair up."""
    return [{**block, "id": block.get("id") or f"{prefix}-{n}"} for n, block in enumerate(blocks, start=1)]


# -- lessons ------------------------------------------------------------------------------------------------------

DEMOCRATIE_FR = with_ids(
    [
        p(
            "La démocratie participative désigne l'ensemble des dispositifs qui associent les habitants aux décisions "
            "publiques entre deux élections : consultations, réunions publiques, budgets participatifs, conseils de "
            "quartier, conventions citoyennes. Elle ne remplace pas la démocratie représentative : les élus décident, "
            "mais après avoir entendu ceux que la décision concerne."
        ),
        h("Pourquoi participer ?"),
        p(
            "Les habitants connaissent leur rue, leur école, leur ligne de bus mieux que quiconque. Leur avis "
            "améliore les projets, évite des erreurs coûteuses et rend les décisions plus faciles à accepter."
        ),
        takeaways(
            [
                "La participation complète le vote, elle ne le remplace pas.",
                "Elle intervient avant la décision, quand tout est encore possible.",
                "La collectivité doit dire ce qu'elle a fait des avis reçus.",
            ]
        ),
        quiz(
            "quiz-democratie",
            [
                (
                    "Qui prend la décision finale après une consultation ?",
                    "single",
                    [
                        ("Les élus", True, "La consultation éclaire la décision ; les élus restent responsables."),
                        ("Les participants", False, "Sauf référendum local, l'avis des participants est consultatif."),
                        ("Le préfet", False, "Le préfet contrôle la légalité des actes, il ne décide pas à la place."),
                    ],
                ),
                (
                    "Lesquels de ces dispositifs relèvent de la démocratie participative ?",
                    "multiple",
                    [
                        ("Un budget participatif", True, "Les habitants proposent et votent des projets."),
                        ("Un conseil de quartier", True, "Il réunit habitants et élus autour de la vie du quartier."),
                        ("L'élection municipale", False, "C'est la démocratie représentative."),
                    ],
                ),
            ],
        ),
    ],
    "democratie",
)
DEMOCRATIE_EN = with_ids(
    [
        p(
            "Participatory democracy covers every way of involving residents in public decisions between two "
            "elections: consultations, public meetings, participatory budgets, neighbourhood councils, citizens' "
            "conventions. It does not replace representative democracy: elected officials decide, but after hearing "
            "those the decision concerns."
        ),
        h("Why take part?"),
        p(
            "Residents know their street, their school, their bus line better than anyone. Their views improve "
            "projects, avoid costly mistakes and make decisions easier to accept."
        ),
        takeaways(
            [
                "Participation complements voting, it does not replace it.",
                "It comes before the decision, while everything is still possible.",
                "The local authority must say what it did with the views it received.",
            ],
            title="Key takeaways",
        ),
        quiz(
            "quiz-democratie",
            [
                (
                    "Who takes the final decision after a consultation?",
                    "single",
                    [
                        (
                            "Elected officials",
                            True,
                            "The consultation informs the decision; officials remain accountable.",
                        ),
                        ("The participants", False, "Except in a local referendum, participants' views are advisory."),
                        (
                            "The prefect",
                            False,
                            "The prefect checks that decisions are lawful, he does not decide instead.",
                        ),
                    ],
                ),
                (
                    "Which of these belong to participatory democracy?",
                    "multiple",
                    [
                        ("A participatory budget", True, "Residents propose projects and vote for them."),
                        ("A neighbourhood council", True, "It brings residents and officials together about the area."),
                        ("The municipal election", False, "That is representative democracy."),
                    ],
                ),
            ],
            title="Test your knowledge",
        ),
    ],
    "democratie",
)

ECHELLE_FR = with_ids(
    [
        p(
            "Informer, consulter, concerter, co-construire : ces mots ne se valent pas. Informer, c'est expliquer une "
            "décision. Consulter, c'est recueillir des avis sur un projet déjà esquissé. Concerter, c'est construire "
            "le projet avec les habitants au fil de plusieurs étapes. Co-construire, c'est partager la décision."
        ),
        p(
            "Annoncer clairement le degré retenu évite la déception : promettre une co-construction pour ne faire "
            "qu'une consultation est la première cause de défiance."
        ),
        takeaways(["Choisissez le degré de participation avant de commencer.", "Annoncez-le honnêtement."]),
    ],
    "echelle",
)
ECHELLE_EN = with_ids(
    [
        p(
            "Inform, consult, involve, co-design: these words are not equivalent. To inform is to explain a decision. "
            "To consult is to gather views on a project already sketched out. To involve is to build the project with "
            "residents over several stages. To co-design is to share the decision."
        ),
        p(
            "Stating clearly which level applies avoids disappointment: promising co-design and delivering a mere "
            "consultation is the first cause of mistrust."
        ),
        takeaways(
            ["Choose the level of participation before you start.", "Announce it honestly."], title="Key takeaways"
        ),
    ],
    "echelle",
)

BUDGET_FR = with_ids(
    [
        p(
            "Un budget participatif réserve une part du budget d'investissement (souvent 1 à 5 %) à des projets "
            "proposés puis votés par les habitants. Il se déroule en cinq étapes : appel à idées, analyse de "
            "faisabilité par les services, vote, réalisation, bilan."
        ),
        h("Les points de vigilance"),
        p(
            "Fixez un plafond par projet, publiez les critères de recevabilité avant l'appel à idées et expliquez "
            "chaque refus. Un projet voté doit être réalisé dans les deux ans, sinon la confiance s'effrite."
        ),
        quiz(
            "quiz-budget",
            [
                (
                    "Quelle part du budget d'investissement un budget participatif réserve-t-il le plus souvent ?",
                    "single",
                    [
                        ("De 1 à 5 %", True, "C'est la fourchette la plus courante en France."),
                        (
                            "La moitié",
                            False,
                            "Aucune commune ne va aussi loin : les dépenses obligatoires passent d'abord.",
                        ),
                        ("Moins de 0,1 %", False, "Trop peu pour financer des projets visibles."),
                    ],
                ),
                (
                    "Que faut-il publier avant l'appel à idées ?",
                    "multiple",
                    [
                        ("Les critères de recevabilité", True, "Chacun sait ce qui peut être proposé."),
                        ("Le plafond par projet", True, "Il évite les projets impossibles à financer."),
                        ("La liste des projets gagnants", False, "Elle vient après le vote, évidemment."),
                    ],
                ),
            ],
        ),
    ],
    "budget",
)

CONTRIBUTION_FR = with_ids(
    [
        p(
            "Une contribution utile est précise, argumentée et située : « un passage piéton devant "
            "l'école Jules-Ferry, parce que les enfants traversent entre les voitures » pèse plus qu'un "
            "« il faut plus de sécurité »."
        ),
        takeaways(["Décrivez le problème avant la solution.", "Donnez un lieu, un moment, un exemple."]),
    ],
    "contribution",
)

PREPARER_FR = with_ids(
    [
        p(
            "Une concertation se prépare en répondant à quatre questions : sur quoi porte-t-elle (le périmètre) ? "
            "Qu'est-ce qui est déjà décidé et qu'est-ce qui reste ouvert ? Qui veut-on entendre ? Quand la décision "
            "sera-t-elle prise ? Les réponses forment la « charte » de la concertation, publiée dès le lancement."
        ),
        quiz(
            "quiz-preparer",
            [
                (
                    "Que doit dire la charte d'une concertation ?",
                    "multiple",
                    [
                        ("Ce qui est déjà décidé", True, "Les habitants ne discutent pas en vain de ce qui est acté."),
                        ("Le calendrier de la décision", True, "Chacun sait quand son avis sera pris en compte."),
                        ("Le nom des opposants", False, "Une charte fixe des règles, elle ne désigne personne."),
                    ],
                ),
                (
                    "Quand publier la charte ?",
                    "single",
                    [
                        ("Dès le lancement", True, "Les règles sont connues avant la première contribution."),
                        ("À la fin, avec le bilan", False, "Trop tard : les règles doivent guider les échanges."),
                    ],
                ),
            ],
        ),
    ],
    "preparer",
)

PUBLICS_FR = with_ids(
    [
        p(
            "Les réunions publiques attirent surtout des retraités propriétaires. Pour entendre les jeunes, les "
            "familles monoparentales ou les habitants des quartiers prioritaires, allez vers eux : stands au marché, "
            "porte-à-porte, ateliers à la sortie des écoles, questionnaires papier dans les commerces."
        ),
        takeaways(["Allez là où sont les habitants.", "Multipliez les formats courts.", "Indemnisez le temps donné."]),
    ],
    "publics",
)

REUNION_FR = with_ids(
    [
        p(
            "Une réunion publique réussie alterne information courte (dix minutes au plus), travail en petits groupes "
            "et restitution. Un animateur neutre, un horaire tenu et un relevé des propositions projeté en direct "
            "montrent que chaque parole compte."
        ),
        quiz(
            "quiz-reunion",
            [
                (
                    "Combien de temps consacrer à la présentation d'ouverture ?",
                    "single",
                    [
                        ("Dix minutes au plus", True, "Au-delà, la salle décroche et la parole ne circule plus."),
                        ("Une heure", False, "La réunion devient une conférence, pas un échange."),
                    ],
                )
            ],
        ),
    ],
    "reunion",
)

RESTITUER_FR = with_ids(
    [
        p(
            "La restitution dit ce qui a été entendu, ce qui est retenu, ce qui ne l'est pas et pourquoi. Publiez-la "
            "dans les trois mois, puis rendez compte chaque année de l'avancement des engagements pris."
        ),
        takeaways(
            ["Restituer dans les trois mois.", "Justifier chaque refus.", "Suivre les engagements dans la durée."]
        ),
    ],
    "restituer",
)

PARCOURS = [
    {
        "slug": "comprendre-la-participation",
        "title": ("Comprendre la participation citoyenne", "Understanding citizen participation"),
        "summary": (
            "Quatre leçons pour comprendre à quoi sert la participation, ses différents degrés et comment y prendre "
            "part utilement, du budget participatif à la consultation.",
            # Two of its four lessons are translated: the English parcours must not promise four.
            "What participation is for and its different levels: the first two lessons of this parcours are in "
            "English, the others are in French for now.",
        ),
        "theme": "democratie",
        "level": "decouverte",
        "audience": {"for_citizens": True},
        "translate": True,
        "lessons": [
            {
                "slug": "qu-est-ce-que-la-democratie-participative",
                "title": ("Qu'est-ce que la démocratie participative ?", "What is participatory democracy?"),
                "summary": (
                    "Consultations, budgets participatifs, conseils de quartier : ce que recouvre la démocratie "
                    "participative et ce qu'elle change pour les décisions locales.",
                    "Consultations, participatory budgets, neighbourhood councils: what participatory democracy "
                    "covers and what it changes for local decisions.",
                ),
                "body": (DEMOCRATIE_FR, DEMOCRATIE_EN),
                "format": "article",
                "duration": 6,
                "library": "basic",
                "translate": True,
            },
            {
                "slug": "les-degres-de-la-participation",
                "title": (
                    "Consulter, concerter, co-construire : les degrés de la participation",
                    "Consult, involve, co-design: the levels of participation",
                ),
                "summary": (
                    "Quatre mots que l'on confond souvent, et pourquoi les distinguer évite bien des déceptions.",
                    "Four words often confused, and why telling them apart avoids many disappointments.",
                ),
                "body": (ECHELLE_FR, ECHELLE_EN),
                "format": "article",
                "duration": 5,
                "library": "basic",
                "translate": True,
            },
            {
                "slug": "le-budget-participatif-etape-par-etape",
                "title": ("Le budget participatif, étape par étape", "The participatory budget, step by step"),
                "summary": (
                    "De l'appel à idées au bilan : comment fonctionne un budget participatif et ce qui fait "
                    "sa réussite.",
                    "",
                ),
                "body": (BUDGET_FR, None),
                "format": "video",
                "duration": 8,
                "library": "basic",
            },
            {
                "slug": "reussir-sa-contribution",
                "title": ("Donner son avis utilement : réussir sa contribution", ""),
                "summary": (
                    "Comment rédiger une contribution que les services et les élus pourront vraiment prendre "
                    "en compte.",
                    "",
                ),
                "body": (CONTRIBUTION_FR, None),
                "format": "fiche",
                "duration": 4,
                "library": "full",
            },
        ],
    },
    {
        "slug": "animer-une-concertation-locale",
        "title": ("Animer une concertation locale", "Running a local public engagement process"),
        "summary": (
            "Pour les agents et les élus : préparer, animer et conclure une concertation qui mobilise au-delà des "
            "habitués et débouche sur des engagements tenus.",
            "",
        ),
        "theme": "democratie",
        "level": "intermediaire",
        "audience": {"for_citizens": False, "for_agents": True, "for_elected": True},
        "lessons": [
            {
                "slug": "preparer-une-concertation",
                "title": ("Préparer une concertation : périmètre, calendrier, règles du jeu", ""),
                "summary": (
                    "Les quatre questions à trancher avant d'ouvrir une concertation, et la charte qui en découle.",
                    "",
                ),
                "body": (PREPARER_FR, None),
                "format": "article",
                "duration": 10,
                "library": "basic",
            },
            {
                "slug": "toucher-les-publics-eloignes",
                "title": ("Toucher les publics éloignés de la participation", ""),
                "summary": (
                    "Aller vers les jeunes, les familles et les quartiers qui ne viennent pas aux réunions.",
                    "",
                ),
                "body": (PUBLICS_FR, None),
                "format": "article",
                "duration": 7,
                "library": "full",
            },
            {
                "slug": "animer-une-reunion-publique",
                "title": ("Animer une réunion publique qui avance", ""),
                "summary": ("Déroulé, animation, relevé des propositions : les clés d'une réunion publique utile.", ""),
                "body": (REUNION_FR, None),
                "format": "video",
                "duration": 12,
                "library": "full",
            },
            {
                "slug": "rendre-compte-de-la-concertation",
                "title": ("Rendre compte : la restitution et le suivi des engagements", ""),
                "summary": (
                    "Dire ce qui a été retenu, ce qui ne l'est pas et pourquoi, puis suivre les engagements.",
                    "",
                ),
                "body": (RESTITUER_FR, None),
                "format": "fiche",
                "duration": 6,
                "library": "full",
            },
        ],
    },
]


def figure(label, value, unit="", note=""):
    return {"type": "figure", "value": {"label": label, "value": value, "unit": unit, "note": note}}


def contact(name, role, email):
    return {"type": "contact", "value": {"name": name, "role": role, "email": email, "phone": ""}}


CASE_STUDIES = [
    {
        "slug": "budget-participatif-des-jeunes-saint-aubin",
        "title": (
            "Un budget participatif réservé aux 11-25 ans",
            "A participatory budget for 11 to 25-year-olds",
        ),
        "collectivite_name": "Saint-Aubin-des-Prés",
        "population": 3800,
        "theme": "education",
        "library": "basic",
        "translate": True,
        "summary": (
            "Une commune rurale confie 40 000 € par an à ses jeunes : ils proposent, chiffrent avec les services et "
            "votent leurs projets.",
            "A rural town entrusts 40,000 euros a year to its young people: they propose projects, cost them with the "
            "council's staff and vote for them.",
        ),
        "problem": (
            "<p>Moins de 5 % des participants aux réunions publiques avaient moins de 30 ans.</p>",
            "<p>Fewer than 5% of those attending public meetings were under 30.</p>",
        ),
        "actions": (
            with_ids(
                [p("Un appel à projets dans les collèges et le lycée, un vote en ligne et dans les établissements.")],
                "sa",
            ),
            with_ids([p("A call for projects in the secondary schools, with voting online and in the schools.")], "sa"),
        ),
        "results": (
            "<p>Trois éditions, onze projets réalisés, dont un skate-park et une boîte à livres.</p>",
            "<p>Three editions, eleven projects built, including a skate park and a book exchange.</p>",
        ),
        "figures": (
            [
                figure("Jeunes votants", "612", "votants", "édition 2025"),
                figure("Part des 11-25 ans ayant voté", "38", "%", "contre 5 % en réunion publique"),
                figure("Budget annuel", "40000", "€"),
            ],
            [
                figure("Young voters", "612", "voters", "2025 edition"),
                figure("Share of 11-25s who voted", "38", "%", "against 5% at public meetings"),
                figure("Annual budget", "40000", "€"),
            ],
        ),
        "contacts": (
            [contact("Élodie Garnier", "Chargée de mission jeunesse", "jeunesse@saint-aubin.example")],
            [contact("Élodie Garnier", "Youth officer", "jeunesse@saint-aubin.example")],
        ),
    },
    {
        "slug": "extinction-de-l-eclairage-nocturne-villebrune",
        "title": ("Éteindre l'éclairage la nuit, après consultation", ""),
        "collectivite_name": "Villebrune-sur-Loire",
        "territory": ("commune", "44990"),
        "space_slug": "villebrune-sur-loire",
        "theme": "environnement",
        "library": "full",
        "summary": (
            # No exact share here: the consultation's results (consultations/demo.py, 412 ballots) give it.
            "Consultés, un peu plus de la moitié des habitants qui ont répondu ont approuvé l'extinction de 1 h à "
            "5 h : la commune a réduit sa facture d'éclairage d'un tiers.",
            "",
        ),
        "problem": (
            "<p>L'éclairage public représentait 38 % de la facture d'électricité de la commune.</p>",
            "",
        ),
        "actions": (
            with_ids(
                [
                    p(
                        "Une consultation en ligne de six semaines, des réunions dans chaque quartier, puis une "
                        "expérimentation d'un an avant la décision définitive."
                    )
                ],
                "vb",
            ),
            None,
        ),
        "results": ("<p>La délinquance nocturne n'a pas augmenté ; les économies financent des LED.</p>", ""),
        "figures": (
            [
                figure("Participants à la consultation", "412", "habitants"),
                figure("Baisse de la facture d'éclairage", "34", "%", "première année"),
                figure("Économie annuelle", "61000", "€"),
            ],
            None,
        ),
        "contacts": (
            [
                contact(
                    "Service Transition écologique", "Mairie de Villebrune-sur-Loire", "transition@villebrune.example"
                )
            ],
            None,
        ),
    },
    {
        "slug": "convention-citoyenne-mobilites-loire-vignoble",
        "title": ("Une convention citoyenne tirée au sort sur les mobilités", ""),
        "collectivite_name": "Communauté de communes Loire et Vignoble",
        "territory": ("epci", "200099990"),
        "theme": "mobilite",
        "library": "basic",
        "summary": (
            "Trente habitants tirés au sort ont proposé un plan de mobilité rurale ; vingt-deux de leurs vingt-sept "
            "propositions ont été adoptées.",
            "",
        ),
        "problem": (
            "<p>Sans voiture, un habitant sur cinq ne pouvait pas se rendre au travail ou chez le médecin.</p>",
            "",
        ),
        "actions": (
            with_ids(
                [p("Six week-ends de travail, des auditions d'experts et un vote final en conseil communautaire.")],
                "lv",
            ),
            None,
        ),
        "results": ("<p>Un transport à la demande et des lignes de covoiturage ouvertes en 2025.</p>", ""),
        "figures": (
            [
                figure("Citoyens tirés au sort", "30", "personnes"),
                figure("Propositions adoptées", "22", "sur 27"),
                figure("Trajets en transport à la demande", "4800", "trajets", "première année"),
            ],
            None,
        ),
        "contacts": (
            [contact("Mission mobilités", "Communauté de communes", "mobilites@loire-vignoble.example")],
            None,
        ),
    },
]


CASE_STUDY_FIELDS = ("title", "summary", "problem", "actions", "results", "figures", "contacts")


def _stream_ids(spec, name, language):
    """The field's value in a language; StreamField blocks get ids shared by the two languages."""
    value = spec[name][language]
    if name in ("actions", "figures", "contacts") and value is not None:
        value = with_ids(value, f"{spec['slug']}-{name}")
    return value


def _translate(page, fields_fr, fields_en, loader):
    from cms.demo.translations import translate_page

    if loader.english_locale is None:
        return None
    return translate_page(page, fields_fr, fields_en, loader.english_locale, user=loader.admin)[0]


def _add(parent, page, loader):
    parent.add_child(instance=page)
    loader.publish(page)
    return type(page).objects.get(pk=page.pk)


def ensure_demo_academie(loader):
    """Create the demo Académie under the French platform home unless it has one; returns the pages made.

    `loader` gives `french_locale`, `english_locale`, `admin`, `home` and `publish(page)` (cms.demo.loader.DemoLoader).
    """
    home = loader.home
    if AcademieIndexPage.objects.child_of(home).exists():
        return []
    english_home = home.get_translations().filter(locale=loader.english_locale).exists()
    index_fr = {
        "title": "Académie",
        "introduction": (
            "Leçons, parcours et bonnes pratiques pour comprendre l'action publique et y prendre part. La "
            "bibliothèque de base est ouverte à tous ; la bibliothèque complète est réservée aux collectivités "
            "clientes et à leurs habitants."
        ),
    }
    index_en = {
        "title": "Academy",
        "introduction": (
            "Lessons, learning paths and good practices to understand public action and take part in it. The basic "
            "library is open to all; the full library is for client local authorities and their residents."
        ),
    }
    index = _add(
        home, AcademieIndexPage(slug="academie", owner=loader.admin, locale=loader.french_locale, **index_fr), loader
    )
    created = [index]
    if english_home:
        _translate(index, index_fr, index_en, loader)

    for spec in PARCOURS:
        fields_fr = {"title": spec["title"][0], "summary": spec["summary"][0]}
        parcours = _add(
            index,
            ParcoursPage(
                slug=spec["slug"],
                theme=spec["theme"],
                level=spec["level"],
                owner=loader.admin,
                locale=loader.french_locale,
                **{"for_citizens": True, "for_agents": False, "for_elected": False, **spec["audience"]},
                **fields_fr,
            ),
            loader,
        )
        created.append(parcours)
        translated = english_home and spec.get("translate")
        if translated:
            _translate(parcours, fields_fr, {"title": spec["title"][1], "summary": spec["summary"][1]}, loader)
        for lesson_spec in spec["lessons"]:
            body_fr, body_en = lesson_spec["body"]
            lesson_fr = {"title": lesson_spec["title"][0], "summary": lesson_spec["summary"][0], "body": body_fr}
            lesson = _add(
                parcours,
                LessonPage(
                    slug=lesson_spec["slug"],
                    theme=spec["theme"],
                    level=spec["level"],
                    format=lesson_spec["format"],
                    duration_minutes=lesson_spec["duration"],
                    library=lesson_spec["library"],
                    owner=loader.admin,
                    locale=loader.french_locale,
                    **{"for_citizens": True, "for_agents": False, "for_elected": False, **spec["audience"]},
                    **lesson_fr,
                ),
                loader,
            )
            created.append(lesson)
            if translated and lesson_spec.get("translate"):
                lesson_en = {"title": lesson_spec["title"][1], "summary": lesson_spec["summary"][1], "body": body_en}
                _translate(lesson, lesson_fr, lesson_en, loader)

    for spec in CASE_STUDIES:
        territory = (
            Territory.objects.filter(kind=spec["territory"][0], code=spec["territory"][1]).first()
            if spec.get("territory")
            else None
        )
        space = (
            CollectiviteSpace.objects.filter(slug=spec["space_slug"], locale=loader.french_locale).first()
            if spec.get("space_slug")
            else None
        )
        fields_fr = {name: _stream_ids(spec, name, 0) for name in CASE_STUDY_FIELDS}
        case = _add(
            index,
            CaseStudyPage(
                slug=spec["slug"],
                collectivite_name=spec["collectivite_name"],
                territory=territory,
                space=space,
                population=spec.get("population") or (territory.population if territory else None),
                theme=spec["theme"],
                library=spec["library"],
                owner=loader.admin,
                locale=loader.french_locale,
                **fields_fr,
            ),
            loader,
        )
        created.append(case)
        if english_home and spec.get("translate"):
            fields_en = {name: _stream_ids(spec, name, 1) for name in CASE_STUDY_FIELDS}
            _translate(case, fields_fr, fields_en, loader)
    return created

"""Villebrune-sur-Loire: the eight projects, at every stage (three of them translated into English)."""

from .common import (
    ImageRef,
    MonthStart,
    PageSpec,
    RichText,
    T,
    bullets,
    chart,
    heading,
    paragraph,
    quote,
    stream,
)

SPACE = "villebrune-sur-loire"
PROJECTS = f"{SPACE}/projets"
SCHOOL = f"{PROJECTS}/renovation-ecole-jules-verne"
CYCLE_PATH = f"{PROJECTS}/piste-cyclable-bords-de-loire"
SCHOOLYARDS = f"{PROJECTS}/cours-ecole-vegetalisees"
LIGHTING = f"{PROJECTS}/eclairage-public-led"
LIBRARY = f"{PROJECTS}/extension-mediatheque-colette"
HEALTH_CENTRE = f"{PROJECTS}/maison-de-sante-de-la-gare"
MARKET_HALL = f"{PROJECTS}/halles-du-marche"
SKATEPARK = f"{PROJECTS}/skatepark-des-coteaux"

# The four quartiers used by the projects' district filter.
CENTRE = "Centre-ville"
RIVERSIDE = "Bords de Loire"
COTEAUX = "Les Coteaux"
GARE = "La Gare"


def impact(*items):
    return RichText((bullets(*items),))


PROJECT_PAGES = [
    PageSpec(
        "ProjectPage",
        translate=True,
        fields={
            "title": T(
                "Rénovation énergétique du groupe scolaire Jules-Verne",
                "Energy renovation of the Jules-Verne school",
            ),
            "slug": T("renovation-ecole-jules-verne", "jules-verne-school-renovation"),
            "summary": T(
                "Isolation des façades, nouvelles fenêtres, chauffage par pompe à chaleur géothermique et ventilation "
                "double flux : le groupe scolaire Jules-Verne, construit en 1974, est rénové sans fermer ses classes "
                "pour diviser par deux sa consommation d'énergie.",
                "Insulated walls, new windows, heating from a geothermal heat pump and heat-recovery ventilation: the "
                "Jules-Verne school, built in 1974, is being renovated without closing its classrooms, to halve its "
                "energy use.",
            ),
            "image": ImageRef("ecole"),
            "image_alt": T(
                "Illustration : l'école Jules-Verne sous échafaudages, une grue à côté du bâtiment",
                "Illustration: the Jules-Verne school under scaffolding, with a crane beside the building",
            ),
            "body": stream(
                heading(T("Pourquoi rénover l'école ?", "Why renovate the school?")),
                paragraph(
                    T(
                        "Le groupe scolaire Jules-Verne accueille <b>340 élèves</b> de la petite section au CM2. Ses "
                        "murs ne sont pas isolés, ses fenêtres datent de la construction et sa chaudière au fioul "
                        "arrive en fin de vie : l'hiver, certaines classes peinent à dépasser 17 °C, et l'été elles "
                        "dépassent régulièrement 30 °C.",
                        "The Jules-Verne school welcomes <b>340 pupils</b> from nursery to the last year of primary "
                        "school. Its walls are not insulated, its windows date from the construction and its oil "
                        "boiler is at the end of its life: in winter some classrooms barely reach 17 °C, and in summer "
                        "they regularly go above 30 °C.",
                    ),
                ),
                heading(T("Un chantier en trois phases", "Works in three phases")),
                paragraph(
                    bullets(
                        T(
                            "<b>Phase 1</b> – désamiantage et remplacement des fenêtres de l'aile maternelle "
                            "(terminée) ;",
                            "<b>Phase 1</b> – asbestos removal and new windows in the nursery wing (completed);",
                        ),
                        T(
                            "<b>Phase 2</b> – isolation des façades par l'extérieur et forage des sondes "
                            "géothermiques (en cours) ;",
                            "<b>Phase 2</b> – external wall insulation and drilling of the geothermal probes "
                            "(under way);",
                        ),
                        T(
                            "<b>Phase 3</b> – ventilation double flux, sanitaires et réaménagement de la cour "
                            "(pendant les grandes vacances).",
                            "<b>Phase 3</b> – heat-recovery ventilation, toilets and a new playground (during the "
                            "summer holidays).",
                        ),
                    ),
                    T(
                        "Les classes restent ouvertes pendant les travaux : les interventions bruyantes ont lieu le "
                        "mercredi et pendant les vacances scolaires.",
                        "Classes stay open during the works: noisy operations take place on Wednesdays and during the "
                        "school holidays.",
                    ),
                ),
                chart(
                    T("Consommation d'énergie du groupe scolaire", "Energy consumption of the school"),
                    [
                        ("2019", 612),
                        ("2022", 588),
                        ("2025", 571),
                        (T("Objectif après travaux", "Target after the works"), 257),
                    ],
                    unit=T("MWh par an", "MWh a year"),
                    source=T("Service des bâtiments, relevés annuels", "Buildings department, annual readings"),
                ),
                quote(
                    T(
                        "Nos enfants passent six heures par jour dans ces classes. Les rénover, c'est améliorer leurs "
                        "conditions d'apprentissage et réduire notre facture d'énergie pour les trente prochaines "
                        "années.",
                        "Our children spend six hours a day in these classrooms. Renovating them improves the way they "
                        "learn and cuts our energy bill for the next thirty years.",
                    ),
                    "Nadia Benali",
                    T(
                        "Adjointe à l'éducation, à l'enfance et à la jeunesse",
                        "Deputy mayor for education, childhood and youth",
                    ),
                ),
            ),
            "expected_impact": impact(
                T(
                    "<b>−55 %</b> de consommation d'énergie, soit environ 95 000 € d'économies par an ;",
                    "<b>−55%</b> energy consumption, about €95,000 saved every year;",
                ),
                T(
                    "Une température comprise entre 19 et 26 °C toute l'année dans les classes ;",
                    "Classrooms between 19 and 26 °C all year round;",
                ),
                T(
                    "<b>−120 tonnes</b> de CO₂ par an grâce à l'abandon du fioul.",
                    "<b>−120 tonnes</b> of CO₂ a year by giving up heating oil.",
                ),
            ),
            "status": "en_cours",
            "progress": 45,
            "theme": "education",
            "budget": "4200000",
            "start_date": MonthStart(-6),
            "end_date": MonthStart(10),
            "location": T("Groupe scolaire Jules-Verne, 12 rue Jules-Verne", "Jules-Verne school, 12 rue Jules-Verne"),
            "district": COTEAUX,
        },
    ),
    PageSpec(
        "ProjectPage",
        translate=True,
        fields={
            "title": T("Piste cyclable des bords de Loire", "Loire riverside cycle path"),
            "slug": T("piste-cyclable-bords-de-loire", "loire-riverside-cycle-path"),
            "summary": T(
                "3,2 km de piste cyclable séparée de la circulation relieront le centre-ville à la gare et au collège "
                "en longeant la Loire, par le quai des Mariniers et l'ancien chemin de halage.",
                "A 3.2 km cycle path, separated from traffic, will link the town centre to the station and the "
                "secondary school along the Loire, by the quai des Mariniers and the old towpath.",
            ),
            "image": ImageRef("velo"),
            "image_alt": T(
                "Illustration : une cycliste sur une piste longeant la Loire, des arbres en arrière-plan",
                "Illustration: a cyclist on a path along the Loire, with trees in the background",
            ),
            "body": stream(
                heading(T("Le tracé", "The route")),
                paragraph(
                    bullets(
                        T(
                            "<b>Tronçon 1</b> – quai des Mariniers, de la place du Port au pont de Loire (ouvert) ;",
                            "<b>Section 1</b> – quai des Mariniers, from the place du Port to the Loire bridge (open);",
                        ),
                        T(
                            "<b>Tronçon 2</b> – chemin de halage, du pont de Loire à la base nautique (travaux en "
                            "cours) ;",
                            "<b>Section 2</b> – the towpath, from the Loire bridge to the watersports centre (works "
                            "under way);",
                        ),
                        T(
                            "<b>Tronçon 3</b> – rue de la Gare, jusqu'au pôle d'échanges et au collège "
                            "Anne-de-Bretagne (à venir).",
                            "<b>Section 3</b> – rue de la Gare, to the transport hub and the Anne-de-Bretagne "
                            "secondary school (to come).",
                        ),
                    ),
                ),
                heading(T("Partager la voie en sécurité", "Sharing the way safely")),
                paragraph(
                    T(
                        "La piste, large de 3 mètres, est séparée des voitures par une bordure plantée. Les traversées "
                        "sont surélevées et éclairées. Sur le chemin de halage, piétons et cyclistes partagent une "
                        "voie verte limitée à 20 km/h.",
                        "The 3-metre-wide path is separated from cars by a planted verge. Crossings are raised and "
                        "lit. On the towpath, pedestrians and cyclists share a greenway limited to 20 km/h.",
                    ),
                ),
                quote(
                    T(
                        "Un collégien sur deux habite à moins de trois kilomètres du collège. Avec cette piste, il "
                        "pourra y aller à vélo en toute sécurité.",
                        "One pupil in two lives less than three kilometres from the secondary school. With this path, "
                        "they can cycle there safely.",
                    ),
                    "Julien Péron",
                    T(
                        "Adjoint aux mobilités et à la transition écologique",
                        "Deputy mayor for mobility and the ecological transition",
                    ),
                ),
            ),
            "expected_impact": impact(
                T(
                    "Le centre-ville à 10 minutes de la gare à vélo ;",
                    "The town centre 10 minutes from the station by bike;",
                ),
                T(
                    "Un itinéraire sûr pour les 600 collégiens qui habitent à moins de 3 km ;",
                    "A safe route for the 600 pupils who live less than 3 km away;",
                ),
                T(
                    "Une étape de la Loire à Vélo mieux reliée aux commerces du centre.",
                    "A stop on the Loire à Vélo route better connected to the shops in the centre.",
                ),
            ),
            "status": "en_cours",
            "progress": 60,
            "theme": "mobilite",
            "budget": "1850000",
            "start_date": MonthStart(-16),
            "end_date": MonthStart(5),
            "location": T("Quai des Mariniers et chemin de halage", "Quai des Mariniers and the towpath"),
            "district": RIVERSIDE,
        },
    ),
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Des cours d'école végétalisées"),
            "slug": T("cours-ecole-vegetalisees"),
            "summary": T(
                "Bitume remplacé par des sols perméables, arbres, potagers et coins d'ombre : trois cours d'école "
                "deviennent des îlots de fraîcheur, ouverts aux familles le samedi matin."
            ),
            "image": ImageRef("arbres"),
            "image_alt": T("Illustration : de jeunes arbres plantés sur une pelouse, sous un ciel clair"),
            "body": stream(
                paragraph(
                    T(
                        "Pendant la canicule de l'été dernier, le sol des cours d'école a dépassé 50 °C. La commune "
                        "transforme trois cours en « cours oasis » : moins de bitume, plus d'arbres, des sols qui "
                        "laissent l'eau de pluie s'infiltrer et des espaces de jeu plus variés."
                    ),
                ),
                heading(T("Les écoles concernées")),
                paragraph(
                    bullets(
                        T("École Louise-Michel (centre-ville) : travaux pendant les vacances d'hiver ;"),
                        T("École des Tilleuls : travaux pendant les vacances de printemps ;"),
                        T("École Jules-Verne : la cour sera réaménagée avec la rénovation du bâtiment."),
                    ),
                    T(
                        "Les élèves ont dessiné leur cour idéale avec les paysagistes de la ville lors d'ateliers en "
                        "classe ; leurs propositions ont été retenues pour les potagers et la cabane en saule."
                    ),
                ),
                chart(
                    T("Température du sol mesurée un après-midi de juillet"),
                    [(T("Bitume"), 52), (T("Sol perméable clair"), 38), (T("Pelouse à l'ombre"), 27)],
                    unit="°C",
                    source=T("Relevés du service des espaces verts"),
                ),
            ),
            "expected_impact": impact(
                T("2 400 m² de sols désimperméabilisés ;"),
                T("64 arbres plantés ;"),
                T("Jusqu'à 8 °C de moins dans les cours pendant les canicules."),
            ),
            "status": "en_cours",
            "progress": 30,
            "theme": "environnement",
            "budget": "620000",
            "start_date": MonthStart(-3),
            "end_date": MonthStart(9),
            "location": T("Écoles Louise-Michel, des Tilleuls et Jules-Verne"),
            "district": CENTRE,
        },
    ),
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Éclairage public : passage aux LED et extinction en cœur de nuit"),
            "slug": T("eclairage-public-led"),
            "summary": T(
                "Les 1 850 points lumineux de la commune passent progressivement aux LED, et l'éclairage est éteint "
                "de 1 h à 5 h dans les rues résidentielles : moins de dépenses, moins de pollution lumineuse."
            ),
            "image": ImageRef("eclairage"),
            "image_alt": T("Illustration : des lampadaires éclairant une rue au crépuscule"),
            "body": stream(
                paragraph(
                    T(
                        "L'éclairage public représentait en 2023 près de 40 % de la consommation d'électricité de la "
                        "commune. Les anciens lampadaires à vapeur de sodium sont remplacés par des LED orientées vers "
                        "le sol, dont l'intensité baisse automatiquement après 22 h."
                    ),
                ),
                heading(T("Comment se passe l'extinction ?")),
                paragraph(
                    T(
                        "Les grands axes, la place de l'Hôtel-de-Ville et les abords de la gare restent éclairés toute "
                        "la nuit. Dans les rues résidentielles, les lampadaires s'éteignent à 1 h et se rallument à "
                        "5 h ; ils restent allumés les soirs de fête (14 juillet, 31 décembre)."
                    ),
                ),
                chart(
                    T("Consommation de l'éclairage public"),
                    [("2023", 1120), ("2024", 980), ("2025", 720), (T("2026 (prévision)"), 540)],
                    unit="MWh",
                    source=T("Factures d'électricité de la commune"),
                ),
            ),
            "expected_impact": impact(
                T("−60 % de consommation électrique à la fin du programme ;"),
                T("Environ 110 000 € d'économies par an ;"),
                T("Un ciel nocturne plus sombre, favorable aux chauves-souris des bords de Loire."),
            ),
            "status": "en_cours",
            "progress": 75,
            "theme": "environnement",
            "budget": "480000",
            "start_date": MonthStart(-10),
            "end_date": MonthStart(2),
            "location": T("Ensemble de la commune"),
            "district": "",
        },
    ),
    PageSpec(
        "ProjectPage",
        translate=True,
        fields={
            "title": T("Extension de la médiathèque Colette", "Colette media library extension"),
            "slug": T("extension-mediatheque-colette", "colette-media-library-extension"),
            "summary": T(
                "La médiathèque a gagné 600 m² : un espace jeunesse, une salle de travail pour les étudiants, un "
                "atelier numérique et une terrasse de lecture. Elle est désormais ouverte le dimanche matin.",
                "The media library has grown by 600 m²: a children's area, a study room for students, a digital "
                "workshop and a reading terrace. It now opens on Sunday mornings.",
            ),
            "image": ImageRef("mediatheque"),
            "image_alt": T(
                "Illustration : des rayonnages colorés devant une grande baie vitrée",
                "Illustration: colourful bookshelves in front of a large bay window",
            ),
            "body": stream(
                heading(T("Ce qui a changé", "What has changed")),
                paragraph(
                    bullets(
                        T(
                            "Un espace jeunesse de 200 m², avec un coin pour les tout-petits ;",
                            "A 200 m² children's area, with a corner for toddlers;",
                        ),
                        T(
                            "Une salle de travail silencieuse de 40 places, ouverte jusqu'à 20 h en semaine ;",
                            "A quiet 40-seat study room, open until 8 pm on weekdays;",
                        ),
                        T(
                            "Un atelier numérique pour apprendre à faire ses démarches en ligne, avec une conseillère "
                            "numérique ;",
                            "A digital workshop to learn how to deal with online procedures, with a digital adviser;",
                        ),
                        T(
                            "Une terrasse de lecture ouverte sur le jardin du presbytère.",
                            "A reading terrace opening onto the presbytery garden.",
                        ),
                    ),
                    T(
                        "Le bâtiment, labellisé basse consommation, a été financé à 45 % par l'État, la Région et le "
                        "Département.",
                        "The low-energy building was 45% funded by the State, the Region and the Département.",
                    ),
                ),
                chart(
                    T("Lecteurs inscrits à la médiathèque", "Registered library members"),
                    [("2023", 3280), ("2024", 3410), (T("2025 (travaux)", "2025 (works)"), 3150), ("2026", 4150)],
                    unit=T("lecteurs", "members"),
                    source=T("Médiathèque Colette", "Colette media library"),
                ),
            ),
            "expected_impact": impact(
                T(
                    "38 heures d'ouverture par semaine au lieu de 26 ;",
                    "Open 38 hours a week instead of 26;",
                ),
                T("Un abonnement gratuit pour les moins de 26 ans ;", "Free membership for under-26s;"),
                T(
                    "Un lieu d'accompagnement au numérique pour tous les habitants.",
                    "A place where every resident can get help with digital tools.",
                ),
            ),
            "status": "termine",
            "progress": 100,
            "theme": "culture",
            "budget": "1920000",
            "start_date": MonthStart(-20),
            "end_date": MonthStart(-1),
            "location": T(
                "Médiathèque Colette, 4 rue de la République", "Colette media library, 4 rue de la République"
            ),
            "district": CENTRE,
        },
    ),
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Maison de santé pluriprofessionnelle de la Gare"),
            "slug": T("maison-de-sante-de-la-gare"),
            "summary": T(
                "La commune transforme l'ancienne halle SNCF en maison de santé : médecins généralistes, infirmières, "
                "kinésithérapeute et sage-femme y seront réunis pour que chaque habitant retrouve un médecin traitant."
            ),
            "image": ImageRef("sante"),
            "image_alt": T("Illustration : un bâtiment de santé avec une croix verte sur la façade"),
            "body": stream(
                paragraph(
                    T(
                        "Trois médecins généralistes de Villebrune-sur-Loire sont partis à la retraite depuis 2023 "
                        "sans être remplacés. Aujourd'hui, environ <b>2 400 habitants</b> n'ont plus de médecin "
                        "traitant."
                    ),
                ),
                heading(T("Calendrier")),
                paragraph(
                    bullets(
                        T("Permis de construire : accordé ;"),
                        T("Consultation des entreprises : en cours ;"),
                        T("Début des travaux : dans quatre mois ;"),
                        T("Ouverture : après dix-huit mois de travaux."),
                    ),
                ),
                quote(
                    T(
                        "Deux jeunes médecins ont déjà signé leur engagement. La maison de santé leur offre ce qu'ils "
                        "demandent : travailler en équipe, près de la gare, avec un loyer modéré."
                    ),
                    "Élodie Fournier",
                    T("Adjointe aux solidarités et à la santé"),
                ),
            ),
            "expected_impact": impact(
                T("Un médecin traitant pour les habitants qui n'en ont plus ;"),
                T("Des consultations sans rendez-vous le samedi matin ;"),
                T("Une salle de téléconsultation accompagnée pour les patients âgés."),
            ),
            "status": "planifie",
            "progress": 5,
            "theme": "solidarite",
            "budget": "2400000",
            "start_date": MonthStart(4),
            "end_date": MonthStart(22),
            "location": T("Ancienne halle SNCF, avenue de la Gare"),
            "district": GARE,
        },
    ),
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Futures halles du marché"),
            "slug": T("halles-du-marche"),
            "summary": T(
                "Abriter le marché du samedi et accueillir des producteurs locaux toute la semaine : la commune "
                "étudie la construction de halles place du Général-Leclerc, et consultera les habitants avant de "
                "décider."
            ),
            "image": ImageRef("halles"),
            "image_alt": T("Illustration : des étals de marché sous des auvents rayés"),
            "body": stream(
                paragraph(
                    T(
                        "Le marché du samedi réunit 48 commerçants et près de 2 000 visiteurs chaque semaine, sans "
                        "aucun abri. Par temps de pluie, la moitié des étals ne s'installent pas."
                    ),
                ),
                heading(T("Trois scénarios à l'étude")),
                paragraph(
                    bullets(
                        T("Des halles ouvertes, en charpente bois, pour le seul marché du samedi ;"),
                        T("Des halles fermées avec six boutiques permanentes de producteurs ;"),
                        T("La rénovation de l'ancien marché aux bestiaux, rue du Champ-de-Foire."),
                    ),
                    T(
                        "L'étude de programmation rendra ses conclusions dans quelques mois. Une consultation "
                        "citoyenne sera ouverte sur AimPact avant le vote du conseil municipal."
                    ),
                ),
            ),
            "expected_impact": impact(
                T("Un marché abrité par tous les temps ;"),
                T("Des circuits courts pour les producteurs du Vignoble et des bords de Loire ;"),
                T("Une place du Général-Leclerc réaménagée, avec moins de stationnement en surface."),
            ),
            "status": "etude",
            "progress": 10,
            "theme": "economie",
            "budget": "3100000",
            "start_date": MonthStart(14),
            "end_date": MonthStart(30),
            "location": T("Place du Général-Leclerc"),
            "district": CENTRE,
        },
    ),
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Skatepark des Coteaux"),
            "slug": T("skatepark-des-coteaux"),
            "summary": T(
                "Le skatepark demandé par le conseil municipal des jeunes est suspendu : des riverains s'inquiètent "
                "du bruit, et la commune a relancé la concertation sur son emplacement."
            ),
            "image": ImageRef("skatepark"),
            "image_alt": T("Illustration : des rampes de skatepark en béton sous un ciel de fin de journée"),
            "body": stream(
                paragraph(
                    T(
                        "Le projet est né d'une pétition du conseil municipal des jeunes, signée par 520 jeunes "
                        "Villebrunois. Le site retenu, au fond du parc des Coteaux, devait accueillir un bowl et un "
                        "espace street de 900 m²."
                    ),
                ),
                heading(T("Pourquoi le projet est suspendu")),
                paragraph(
                    T(
                        "Lors de la réunion publique des Coteaux, des habitants de l'allée des Tilleuls ont fait part "
                        "de leur inquiétude : le site se trouve à moins de 60 mètres des premières maisons. Une étude "
                        "acoustique a été commandée et deux autres emplacements sont examinés, près du stade et "
                        "derrière le complexe sportif."
                    ),
                ),
                heading(T("La suite")),
                paragraph(
                    T(
                        "Les résultats de l'étude acoustique seront présentés en réunion publique. Les membres du "
                        "conseil municipal des jeunes participent au choix du nouvel emplacement."
                    ),
                ),
            ),
            "expected_impact": impact(
                T("Un équipement gratuit pour les 11-25 ans ;"),
                T("Un lieu de rencontre animé par le service jeunesse le mercredi après-midi."),
            ),
            "status": "suspendu",
            "progress": 15,
            "theme": "sport",
            "budget": "320000",
            "start_date": MonthStart(-8),
            "end_date": MonthStart(4),
            "location": T("Parc des Coteaux, allée des Tilleuls"),
            "district": COTEAUX,
        },
    ),
]

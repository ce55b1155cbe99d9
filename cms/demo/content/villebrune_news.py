"""Villebrune-sur-Loire: twelve news items over the last four months (three translated into English).

One of them, the detailed report of the Coteaux neighbourhood meeting, is client-only: it
opens with the space's access code.
"""

from .common import (
    DaysAgo,
    ImageRef,
    PageSpec,
    T,
    bullets,
    call_to_action,
    chart,
    heading,
    image,
    paragraph,
    quote,
    stream,
)
from .villebrune_projects import CYCLE_PATH, HEALTH_CENTRE, LIBRARY, MARKET_HALL, SCHOOL, SKATEPARK, SPACE

NEWS = f"{SPACE}/actualites"
BUDGET_2026 = f"{SPACE}/budget/budget-2026"
MEETING_REPORT = f"{NEWS}/compte-rendu-reunion-quartier-des-coteaux"
EPCI_SPACE = "loire-et-vignoble"

MAYOR = "Hélène Marchand"

NEWS_PAGES = [
    PageSpec(
        "NewsPage",
        translate=True,
        fields={
            "title": T(
                "École Jules-Verne : le chantier entre dans sa deuxième phase",
                "Jules-Verne school: the works enter their second phase",
            ),
            "slug": T("ecole-jules-verne-deuxieme-phase", "jules-verne-school-second-phase"),
            "date": DaysAgo(3),
            "theme_tag": "education",
            "summary": T(
                "Après le remplacement des fenêtres de l'aile maternelle, les ouvriers attaquent l'isolation des "
                "façades et le forage des sondes géothermiques. Les classes restent ouvertes.",
                "After new windows in the nursery wing, workers are now insulating the walls and drilling the "
                "geothermal probes. Classes stay open.",
            ),
            "image": ImageRef("ecole"),
            "image_alt": T(
                "Illustration : l'école Jules-Verne sous échafaudages, une grue à côté du bâtiment",
                "Illustration: the Jules-Verne school under scaffolding, with a crane beside the building",
            ),
            "body": stream(
                paragraph(
                    T(
                        "Depuis lundi, un échafaudage entoure le bâtiment principal du groupe scolaire Jules-Verne. "
                        "Les façades vont recevoir 16 centimètres d'isolant recouvert d'un bardage en bois, et une "
                        "foreuse installée sur le parking de la rue Jules-Verne creuse les douze sondes qui "
                        "alimenteront la future pompe à chaleur géothermique.",
                        "Since Monday, scaffolding has surrounded the main building of the Jules-Verne school. The "
                        "walls will receive 16 centimetres of insulation covered with wooden cladding, and a drilling "
                        "rig on the rue Jules-Verne car park is boring the twelve probes that will feed the future "
                        "geothermal heat pump.",
                    ),
                ),
                heading(T("Ce qui change pour les familles", "What changes for families")),
                paragraph(
                    bullets(
                        T(
                            "L'entrée des élèves se fait par le portail de l'allée des Tilleuls ;",
                            "Pupils enter through the gate on allée des Tilleuls;",
                        ),
                        T(
                            "Le stationnement est interdit rue Jules-Verne entre 7 h et 19 h ;",
                            "Parking is forbidden on rue Jules-Verne between 7 am and 7 pm;",
                        ),
                        T(
                            "Les travaux bruyants ont lieu le mercredi et pendant les vacances.",
                            "Noisy works take place on Wednesdays and during the holidays.",
                        ),
                    ),
                ),
                chart(
                    T("Consommation d'énergie du groupe scolaire", "Energy consumption of the school"),
                    [("2019", 612), ("2025", 571), (T("Objectif après travaux", "Target after the works"), 257)],
                    unit=T("MWh par an", "MWh a year"),
                    source=T("Service des bâtiments", "Buildings department"),
                ),
                quote(
                    T(
                        "Les enseignants et les parents ont été associés à chaque étape. Nous tenons le calendrier : "
                        "la rentrée prochaine se fera dans une école rénovée.",
                        "Teachers and parents have been involved at every step. We are on schedule: the next school "
                        "year will start in a renovated school.",
                    ),
                    "Nadia Benali",
                    T(
                        "Adjointe à l'éducation, à l'enfance et à la jeunesse",
                        "Deputy mayor for education, childhood and youth",
                    ),
                ),
                call_to_action(
                    T("Suivre l'avancement du chantier", "Follow the progress of the works"),
                    T("Voir le projet", "See the project"),
                    text=T(
                        "Calendrier, budget et objectifs : toutes les étapes de la rénovation.",
                        "Schedule, budget and goals: every step of the renovation.",
                    ),
                    page=SCHOOL,
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        translate=True,
        fields={
            "title": T(
                "Piste cyclable des bords de Loire : le premier tronçon est ouvert",
                "Loire riverside cycle path: the first section is open",
            ),
            "slug": T("piste-cyclable-premier-troncon-ouvert", "cycle-path-first-section-open"),
            "date": DaysAgo(10),
            "theme_tag": "mobilite",
            "summary": T(
                "Cyclistes et piétons peuvent désormais longer la Loire en sécurité sur le quai des Mariniers, de la "
                "place du Port au pont de Loire. Les passages de vélos ont presque triplé.",
                "Cyclists and pedestrians can now ride and walk safely along the Loire on the quai des Mariniers, "
                "from the place du Port to the Loire bridge. Bike traffic has almost tripled.",
            ),
            "image": ImageRef("velo"),
            "image_alt": T(
                "Illustration : une cycliste sur une piste longeant la Loire, des arbres en arrière-plan",
                "Illustration: a cyclist on a path along the Loire, with trees in the background",
            ),
            "body": stream(
                paragraph(
                    T(
                        "Samedi matin, une centaine d'habitants ont inauguré à vélo le premier tronçon de la piste "
                        "cyclable des bords de Loire, en présence de la maire, Hélène Marchand. Large de 3 mètres et "
                        "séparée de la chaussée par une bordure plantée, la piste relie désormais la place du Port au "
                        "pont de Loire.",
                        "On Saturday morning, about a hundred residents opened the first section of the Loire "
                        "riverside cycle path by bike, with the mayor, Hélène Marchand. Three metres wide and "
                        "separated from the road by a planted verge, the path now links the place du Port to the Loire "
                        "bridge.",
                    ),
                ),
                chart(
                    T("Passages de vélos par jour sur le quai des Mariniers", "Bikes a day on the quai des Mariniers"),
                    [
                        (T("Avant les travaux", "Before the works"), 180),
                        (T("Première semaine", "First week"), 410),
                        (T("Quatrième semaine", "Fourth week"), 520),
                    ],
                    unit=T("vélos", "bikes"),
                    source=T("Compteur automatique du service voirie", "Automatic counter, roads department"),
                ),
                heading(T("Et ensuite ?", "What next?")),
                paragraph(
                    T(
                        "Les travaux du deuxième tronçon, sur l'ancien chemin de halage, ont commencé. Ils se "
                        "termineront au printemps ; le chemin reste ouvert aux promeneurs le week-end.",
                        "Works on the second section, along the old towpath, have started. They will end in the "
                        "spring; the towpath stays open to walkers at weekends.",
                    ),
                ),
                call_to_action(
                    T("Le tracé complet de la piste", "The full route of the path"),
                    T("Voir le projet", "See the project"),
                    page=CYCLE_PATH,
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        translate=True,
        fields={
            "title": T(
                "Budget 2026 : où en sont les investissements ?",
                "2026 budget: where do the investments stand?",
            ),
            "slug": T("budget-2026-point-sur-les-investissements", "2026-budget-investment-update"),
            "date": DaysAgo(17),
            "theme_tag": "democratie",
            "summary": T(
                "Lors du dernier conseil municipal, Thierry Lebreton, premier adjoint aux finances, a fait le point "
                "sur les 7,9 millions d'euros d'investissements votés pour 2026 : 68 % sont déjà engagés.",
                "At the last town council meeting, Thierry Lebreton, first deputy mayor for finance, reviewed the "
                "€7.9 million of investment voted for 2026: 68% is already committed.",
            ),
            "body": stream(
                paragraph(
                    T(
                        "Le conseil municipal a examiné la décision modificative de l'automne. Bonne nouvelle : les "
                        "appels d'offres de l'école Jules-Verne sont revenus 4 % sous l'estimation, et la subvention "
                        "de la Région pour la piste cyclable a été confirmée.",
                        "The town council examined the autumn budget amendment. Good news: the tenders for the "
                        "Jules-Verne school came back 4% below the estimate, and the Region's grant for the cycle path "
                        "has been confirmed.",
                    ),
                ),
                chart(
                    T("Investissements 2026 par secteur", "2026 investment by sector"),
                    [
                        (T("Enseignement", "Education"), 3.35),
                        (T("Voirie et mobilités", "Roads and mobility"), 2.18),
                        (T("Remboursement de la dette", "Debt repayment"), 1.15),
                        (T("Environnement", "Environment"), 0.82),
                        (T("Aménagement", "Planning"), 0.42),
                    ],
                    unit=T("millions d'euros", "million euros"),
                    source=T("Budget primitif 2026", "2026 budget"),
                ),
                quote(
                    T(
                        "Nous investissons massivement sans augmenter les impôts, parce que chaque euro économisé sur "
                        "l'énergie est un euro que nous pouvons mettre dans nos écoles.",
                        "We are investing heavily without raising taxes, because every euro saved on energy is a euro "
                        "we can put into our schools.",
                    ),
                    "Thierry Lebreton",
                    T(
                        "Premier adjoint chargé des finances et de l'administration générale",
                        "First deputy mayor for finance and general administration",
                    ),
                ),
                call_to_action(
                    T("Le budget 2026 en détail", "The 2026 budget in detail"),
                    T("Consulter le budget", "View the budget"),
                    text=T(
                        "Chaque secteur, chaque ligne, et la comparaison avec 2025.",
                        "Every sector, every line, and the comparison with 2025.",
                    ),
                    page=BUDGET_2026,
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("La médiathèque Colette rouvre, plus grande et plus lumineuse"),
            "slug": T("mediatheque-colette-reouverture"),
            "date": DaysAgo(26),
            "theme_tag": "culture",
            "summary": T(
                "Après dix-huit mois de travaux, la médiathèque a rouvert ses portes avec 600 m² de plus, une salle "
                "de travail pour les étudiants et des horaires élargis, dont le dimanche matin."
            ),
            "image": ImageRef("mediatheque"),
            "image_alt": T("Illustration : des rayonnages colorés devant une grande baie vitrée"),
            "body": stream(
                paragraph(
                    T(
                        "Plus de 1 200 visiteurs ont franchi les portes de la médiathèque Colette le week-end de sa "
                        "réouverture. Au programme : visites guidées, lectures de contes et un concert des élèves de "
                        "l'école de musique sur la nouvelle terrasse."
                    ),
                ),
                heading(T("Les nouveaux horaires")),
                paragraph(
                    bullets(
                        T("Mardi, jeudi et vendredi : 10 h – 19 h ;"),
                        T("Mercredi et samedi : 10 h – 18 h ;"),
                        T("Dimanche : 10 h – 13 h ;"),
                        T("Salle de travail : jusqu'à 20 h du mardi au vendredi."),
                    ),
                ),
                quote(
                    T(
                        "Une médiathèque, ce n'est plus seulement des livres : c'est un lieu où l'on travaille, où "
                        "l'on apprend le numérique, où l'on se retrouve. Elle est à vous."
                    ),
                    "Sophie Guérin",
                    T("Adjointe à la culture et au patrimoine"),
                ),
                call_to_action(T("Le projet d'extension"), T("Voir le projet"), page=LIBRARY),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        restricted=True,
        fields={
            "title": T("Compte rendu détaillé de la réunion de quartier des Coteaux"),
            "slug": T("compte-rendu-reunion-quartier-des-coteaux"),
            "date": DaysAgo(33),
            "theme_tag": "democratie",
            "summary": T(
                "Réservé aux habitants : le compte rendu complet de la réunion publique des Coteaux, avec les "
                "questions posées et les réponses des élus et des services."
            ),
            "body": stream(
                heading(T("Participants")),
                paragraph(
                    T(
                        "72 habitants, Hélène Marchand (maire), Patrick Moreau (adjoint à la tranquillité publique et "
                        "à la vie des quartiers), Karim Haddad (conseiller délégué aux sports), le directeur des "
                        "services techniques et deux représentants du conseil municipal des jeunes."
                    ),
                ),
                heading(T("Skatepark")),
                paragraph(
                    T(
                        "<b>Question</b> : les riverains de l'allée des Tilleuls craignent le bruit le soir et le "
                        "week-end. Pourquoi ce site a-t-il été choisi ?"
                    ),
                    T(
                        "<b>Réponse</b> : le site avait été retenu pour sa proximité avec les arrêts de bus. La "
                        "commune suspend le projet le temps d'une étude acoustique et examine deux autres "
                        "emplacements ; les conclusions seront présentées dans une nouvelle réunion."
                    ),
                ),
                heading(T("Circulation et stationnement")),
                paragraph(
                    T(
                        "<b>Question</b> : la rue des Coteaux sert de raccourci aux heures de pointe. Peut-on la "
                        "limiter à 30 km/h ?"
                    ),
                    T(
                        "<b>Réponse</b> : un comptage sera réalisé pendant trois semaines. Si plus de 15 % des "
                        "véhicules dépassent 40 km/h, deux plateaux ralentisseurs seront installés."
                    ),
                ),
                heading(T("Éclairage nocturne")),
                paragraph(
                    T(
                        "Plusieurs habitants ont salué l'extinction de l'éclairage entre 1 h et 5 h ; deux ont demandé "
                        "que le chemin piéton vers l'arrêt de bus reste éclairé. La demande sera étudiée."
                    ),
                ),
                heading(T("Prochaine réunion")),
                paragraph(
                    T(
                        "La prochaine réunion du quartier des Coteaux aura lieu dans trois mois, salle Jean-Moulin. "
                        "Les questions peuvent être envoyées à l'avance à la mairie."
                    ),
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Réunion publique des Coteaux : ce qu'il faut retenir"),
            "slug": T("reunion-publique-des-coteaux"),
            "date": DaysAgo(32),
            "theme_tag": "democratie",
            "summary": T(
                "Skatepark, vitesse rue des Coteaux, éclairage nocturne : 72 habitants ont échangé avec les élus. Le "
                "projet de skatepark est suspendu le temps d'une étude acoustique."
            ),
            "image": ImageRef("reunion"),
            "image_alt": T("Illustration : des habitants assis dans une salle face à une estrade"),
            "body": stream(
                paragraph(
                    T(
                        "Mardi soir, la salle Jean-Moulin était comble pour la réunion publique du quartier des "
                        "Coteaux. Trois sujets ont dominé les échanges :"
                    ),
                    bullets(
                        T("le projet de skatepark, suspendu le temps d'une étude acoustique ;"),
                        T("la vitesse rue des Coteaux, où un comptage sera réalisé ;"),
                        T("l'extinction de l'éclairage en cœur de nuit, plutôt bien accueillie."),
                    ),
                ),
                call_to_action(
                    T("Le compte rendu détaillé"),
                    T("Lire le compte rendu"),
                    text=T(
                        "Réservé aux habitants : munissez-vous du code d'accès distribué avec le magazine municipal."
                    ),
                    page=MEETING_REPORT,
                ),
                call_to_action(T("Le projet de skatepark"), T("Voir le projet"), page=SKATEPARK),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Parc de la Roseraie : 240 arbres plantés avec les écoliers"),
            "slug": T("parc-de-la-roseraie-240-arbres"),
            "date": DaysAgo(45),
            "theme_tag": "environnement",
            "summary": T(
                "Érables, tilleuls, chênes verts et arbres fruitiers : les élèves de CM1 et CM2 ont planté 240 arbres "
                "avec les jardiniers de la ville. Chaque classe parraine une parcelle."
            ),
            "image": ImageRef("arbres"),
            "image_alt": T("Illustration : de jeunes arbres plantés sur une pelouse, sous un ciel clair"),
            "body": stream(
                paragraph(
                    T(
                        "Le parc de la Roseraie accueille une nouvelle « forêt urbaine » de 1 500 m², plantée selon la "
                        "méthode Miyawaki : des essences locales, serrées, qui poussent vite et abritent oiseaux et "
                        "insectes. Les élèves reviendront chaque trimestre mesurer la croissance de leurs arbres."
                    ),
                ),
                image(
                    "arbres",
                    T("Illustration : de jeunes arbres plantés sur une pelouse, sous un ciel clair"),
                    caption=T("La nouvelle forêt urbaine du parc de la Roseraie"),
                ),
                chart(
                    T("Arbres plantés par la commune"),
                    [("2023", 120), ("2024", 185), ("2025", 310), (T("2026 (à ce jour)"), 240)],
                    unit=T("arbres"),
                    source=T("Service des espaces verts"),
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Déchèterie intercommunale : nouveaux horaires et accès par badge"),
            "slug": T("decheterie-nouveaux-horaires-badge"),
            "date": DaysAgo(58),
            "theme_tag": "environnement",
            "summary": T(
                "La déchèterie de la route de Montrelais, gérée par la communauté de communes, passe à l'accès par "
                "badge et ouvre le dimanche matin. Le badge est gratuit pour les habitants."
            ),
            "body": stream(
                paragraph(
                    T(
                        "La communauté de communes Loire et Vignoble modernise la déchèterie de la route de "
                        "Montrelais. Le badge d'accès, gratuit, se demande en ligne ou à l'accueil de la mairie sur "
                        "présentation d'un justificatif de domicile."
                    ),
                ),
                heading(T("Les nouveaux horaires")),
                paragraph(
                    bullets(
                        T("Du lundi au samedi : 9 h – 12 h et 14 h – 18 h ;"),
                        T("Dimanche : 9 h – 12 h ;"),
                        T("Fermée les jours fériés."),
                    ),
                ),
                call_to_action(
                    T("La communauté de communes sur AimPact"),
                    T("Découvrir son espace"),
                    text=T("Collecte des déchets, transports, développement économique : les compétences de l'EPCI."),
                    page=EPCI_SPACE,
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Le marché du samedi s'installe place du Général-Leclerc"),
            "slug": T("marche-du-samedi-place-du-general-leclerc"),
            "date": DaysAgo(67),
            "theme_tag": "economie",
            "summary": T(
                "Pour préparer l'étude des futures halles, le marché du samedi quitte la rue de la République et se "
                "regroupe place du Général-Leclerc. Stationnement gratuit au parking de la Gare."
            ),
            "image": ImageRef("halles"),
            "image_alt": T("Illustration : des étals de marché sous des auvents rayés"),
            "body": stream(
                paragraph(
                    T(
                        "Les 48 commerçants du marché se retrouvent désormais sur une seule place, plus facile "
                        "d'accès pour les personnes à mobilité réduite. La rue de la République reste ouverte à la "
                        "circulation le samedi matin."
                    ),
                ),
                quote(
                    T(
                        "Regrouper le marché nous permet de tester, en vrai, l'emplacement des futures halles. Les "
                        "commerçants et les clients nous diront ce qui fonctionne."
                    ),
                    MAYOR,
                    T("Maire de Villebrune-sur-Loire"),
                ),
                call_to_action(T("Le projet des futures halles"), T("Voir le projet"), page=MARKET_HALL),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Forum des associations : 86 associations et plus de 3 000 visiteurs"),
            "slug": T("forum-des-associations"),
            "date": DaysAgo(80),
            "theme_tag": "sport",
            "summary": T(
                "Sport, culture, solidarité : le forum des associations a battu son record de fréquentation au "
                "complexe sportif des Coteaux. Les inscriptions continuent auprès des clubs."
            ),
            "image": ImageRef("forum"),
            "image_alt": T("Illustration : des stands colorés et des ballons sous un ciel bleu"),
            "body": stream(
                paragraph(
                    T(
                        "De l'Union sportive de Villebrune aux Amis de la Loire, en passant par la chorale À Tue-Tête "
                        "et les Restos du cœur, 86 associations ont présenté leurs activités. Les démonstrations de "
                        "judo et de danse ont attiré la foule tout l'après-midi."
                    ),
                ),
                chart(
                    T("Visiteurs du forum des associations"),
                    [("2023", 2100), ("2024", 2650), ("2025", 2800), ("2026", 3050)],
                    unit=T("visiteurs"),
                    source=T("Service vie associative"),
                ),
                paragraph(
                    T(
                        "Le Pass'Sport communal, 50 € par enfant pour une inscription dans un club, est reconduit. Il "
                        "se demande à l'accueil de la mairie jusqu'à la fin de l'année."
                    ),
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Police municipale : deux agents de plus et une permanence à la Gare"),
            "slug": T("police-municipale-permanence-gare"),
            "date": DaysAgo(96),
            "theme_tag": "securite",
            "summary": T(
                "La police municipale compte désormais huit agents. Une permanence ouvre chaque mardi et vendredi "
                "au pôle d'échanges de la Gare, et les patrouilles à vélo sont renforcées."
            ),
            "body": stream(
                paragraph(
                    T(
                        "Deux nouveaux agents ont rejoint la police municipale de Villebrune-sur-Loire. Leur arrivée "
                        "permet d'ouvrir une permanence au pôle d'échanges de la Gare, le mardi de 16 h à 19 h et le "
                        "vendredi de 7 h à 10 h, et d'étendre les patrouilles jusqu'à 23 h le week-end."
                    ),
                ),
                quote(
                    T(
                        "La tranquillité publique, c'est d'abord de la présence et de l'écoute. Nos agents seront plus "
                        "visibles, à pied et à vélo, dans tous les quartiers."
                    ),
                    "Patrick Moreau",
                    T("Adjoint à la tranquillité publique et à la vie des quartiers"),
                ),
                paragraph(
                    T(
                        "En cas d'urgence, composez le 17. Pour signaler un problème du quotidien (stationnement "
                        "gênant, dépôt sauvage), appelez la police municipale au 02 61 91 44 17."
                    ),
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Maison de santé de la Gare : le projet est lancé"),
            "slug": T("maison-de-sante-de-la-gare-projet-lance"),
            "date": DaysAgo(112),
            "theme_tag": "solidarite",
            "summary": T(
                "Le conseil municipal a voté la transformation de l'ancienne halle SNCF en maison de santé "
                "pluriprofessionnelle. Deux jeunes médecins se sont déjà engagés à s'y installer."
            ),
            "image": ImageRef("sante"),
            "image_alt": T("Illustration : un bâtiment de santé avec une croix verte sur la façade"),
            "body": stream(
                paragraph(
                    T(
                        "La future maison de santé réunira des médecins généralistes, des infirmières, un "
                        "kinésithérapeute, une sage-femme et une diététicienne. La commune porte l'investissement et "
                        "loue les cabinets aux professionnels à un loyer modéré."
                    ),
                ),
                call_to_action(
                    T("Calendrier et financement"),
                    T("Voir le projet"),
                    page=HEALTH_CENTRE,
                ),
            ),
        },
    ),
]

"""Communauté de communes Loire et Vignoble: a fictional EPCI of four communes (Essentiel package).

A smaller space, so that the platform home lists two collectivités and the editors of one
cannot touch the other.
"""

from .common import (
    AccountSpec,
    DaysAgo,
    ImageRef,
    ImageSpec,
    LogoSpec,
    MonthStart,
    PageSpec,
    RichText,
    SpaceSpec,
    T,
    bullets,
    chart,
    heading,
    paragraph,
    quote,
    stream,
)

SPACE = "loire-et-vignoble"
PRESIDENT = "Jean-Luc Berthaud"

LOGO = LogoSpec(
    key="logo-loire-vignoble",
    title="Logo de la communauté de communes Loire et Vignoble",
    letters="LV",
    primary="#5b2a4e",
    secondary="#2f5d3a",
    emblem="vine",
)

IMAGES = (
    ImageSpec("voie-verte", "Voie verte Loire et Vignoble", "greenway", "Voie verte Loire et Vignoble", "spring"),
)

NEWS_PAGES = [
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Espace France Services : une permanence à Saint-Aubin-des-Vignes"),
            "slug": T("france-services-saint-aubin-des-vignes"),
            "date": DaysAgo(12),
            "theme_tag": "democratie",
            "summary": T(
                "Carte grise, retraite, impôts, CAF : les conseillers France Services reçoivent désormais chaque "
                "jeudi à la mairie de Saint-Aubin-des-Vignes, avec ou sans rendez-vous."
            ),
            "body": stream(
                paragraph(
                    T(
                        "L'espace France Services de la communauté de communes, installé à Villebrune-sur-Loire, "
                        "ouvre une permanence itinérante. Deux conseillères accompagnent les habitants dans leurs "
                        "démarches administratives et les aident à utiliser les services en ligne."
                    ),
                ),
                heading(T("Où et quand ?")),
                paragraph(
                    bullets(
                        T("Saint-Aubin-des-Vignes : le jeudi de 9 h à 12 h, à la mairie ;"),
                        T("La Chapelle-aux-Prés : le premier mardi du mois, de 14 h à 17 h ;"),
                        T("Montrelais-la-Forêt : le troisième mardi du mois, de 14 h à 17 h."),
                    ),
                ),
            ),
        },
    ),
    PageSpec(
        "NewsPage",
        fields={
            "title": T("Collecte des déchets : la redevance incitative à l'étude"),
            "slug": T("redevance-incitative-a-l-etude"),
            "date": DaysAgo(40),
            "theme_tag": "environnement",
            "summary": T(
                "Payer selon ce que l'on jette : le conseil communautaire étudie la tarification incitative pour "
                "réduire les ordures ménagères. Les habitants seront consultés avant toute décision."
            ),
            "body": stream(
                paragraph(
                    T(
                        "Depuis 2022, chaque habitant du territoire a réduit de 24 kg ses ordures ménagères grâce au "
                        "tri des biodéchets. Pour aller plus loin, la communauté de communes étudie une redevance "
                        "calculée en partie sur le nombre de levées du bac gris."
                    ),
                ),
                chart(
                    T("Ordures ménagères résiduelles par habitant"),
                    [("2022", 212), ("2023", 204), ("2024", 196), ("2025", 188), (T("Objectif 2030"), 150)],
                    unit=T("kg par an"),
                    source=T("Rapport annuel du service déchets"),
                ),
                quote(
                    T(
                        "Aucune décision ne sera prise sans que les habitants des quatre communes aient pu donner "
                        "leur avis."
                    ),
                    PRESIDENT,
                    T("Président de la communauté de communes"),
                ),
            ),
        },
    ),
]

PROJECT_PAGES = [
    PageSpec(
        "ProjectPage",
        fields={
            "title": T("Voie verte Loire et Vignoble"),
            "slug": T("voie-verte-loire-et-vignoble"),
            "summary": T(
                "22 km de voie verte relieront les quatre communes du territoire, des bords de Loire aux coteaux du "
                "Vignoble, sur l'ancienne voie ferrée Villebrune – Montrelais."
            ),
            "image": ImageRef("voie-verte"),
            "image_alt": T("Illustration : une voie verte entre des rangs de vigne et des collines"),
            "body": stream(
                paragraph(
                    T(
                        "Fermée depuis 1989, l'ancienne voie ferrée devient une voie verte réservée aux piétons, aux "
                        "cyclistes et aux cavaliers. Elle se raccordera à la Loire à Vélo à Villebrune-sur-Loire."
                    ),
                ),
                heading(T("Les étapes")),
                paragraph(
                    bullets(
                        T("Villebrune-sur-Loire – Saint-Aubin-des-Vignes (8 km) : ouvert ;"),
                        T("Saint-Aubin-des-Vignes – La Chapelle-aux-Prés (6 km) : travaux en cours ;"),
                        T("La Chapelle-aux-Prés – Montrelais-la-Forêt (8 km) : acquisitions foncières."),
                    ),
                ),
            ),
            "expected_impact": RichText(
                (
                    bullets(
                        T("Un itinéraire sûr pour aller au collège et au travail à vélo ;"),
                        T("Un atout pour l'œnotourisme et les hébergements du territoire."),
                    ),
                )
            ),
            "status": "en_cours",
            "progress": 35,
            "theme": "mobilite",
            "budget": "2650000",
            "start_date": MonthStart(-18),
            "end_date": MonthStart(20),
            "location": T("Ancienne voie ferrée Villebrune – Montrelais"),
            "district": "Saint-Aubin-des-Vignes",
        },
    ),
]

SPACE_PAGE = PageSpec(
    "CollectiviteSpace",
    fields={
        "title": T("Communauté de communes Loire et Vignoble"),
        "slug": T(SPACE),
        "package": "essentiel",
        "primary_color": LOGO.primary,
        "secondary_color": LOGO.secondary,
        "introduction": T(
            "Quatre communes, près de 32 000 habitants, un même bassin de vie entre Loire et Vignoble. La "
            "communauté de communes gère pour vous la collecte des déchets, le développement économique, les "
            "mobilités et l'espace France Services. Suivez ici son action. — Jean-Luc Berthaud, président"
        ),
        "body": stream(
            heading(T("Les communes membres")),
            paragraph(
                bullets(
                    T("Villebrune-sur-Loire"),
                    T("Saint-Aubin-des-Vignes"),
                    T("La Chapelle-aux-Prés"),
                    T("Montrelais-la-Forêt"),
                ),
            ),
        ),
    },
    children=[
        PageSpec(
            "NewsIndexPage",
            fields={
                "title": T("Actualités"),
                "slug": T("actualites"),
                "introduction": T("Les décisions du conseil communautaire et l'actualité des services intercommunaux."),
            },
            children=NEWS_PAGES,
        ),
        PageSpec(
            "ProjectIndexPage",
            fields={
                "title": T("Projets"),
                "slug": T("projets"),
                "introduction": T("Les grands projets portés par la communauté de communes sur les quatre communes."),
            },
            children=PROJECT_PAGES,
        ),
    ],
)

LOIRE_VIGNOBLE = SpaceSpec(
    page=SPACE_PAGE,
    territory=("epci", "200099990"),
    logo=LOGO,
    images=IMAGES,
    editor=AccountSpec(
        username="editeur.loire-vignoble",
        first_name="Antoine",
        last_name="Le Gall",
        email="communication@loire-vignoble.example",
        role="chargé de communication de la communauté de communes",
    ),
)

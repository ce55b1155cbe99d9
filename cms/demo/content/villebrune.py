"""Ville de Villebrune-sur-Loire: a fictional commune of 18,450 inhabitants (Premium package)."""

from .common import (
    AccountSpec,
    ImageSpec,
    LogoSpec,
    PageSpec,
    SpaceSpec,
    T,
    bullets,
    call_to_action,
    heading,
    paragraph,
    quote,
    stream,
)
from .villebrune_budget import BUDGET_2026_CSV, BUDGET_PAGES
from .villebrune_news import MAYOR, NEWS_PAGES
from .villebrune_projects import PROJECT_PAGES, PROJECTS, SPACE

ACCESS_CODE = "VILLEBRUNE2026"

IMAGES = (
    ImageSpec("panorama", "Villebrune-sur-Loire, vue des bords de Loire", "panorama", "Villebrune-sur-Loire"),
    ImageSpec("ecole", "Chantier de l'école Jules-Verne", "school", "École Jules-Verne"),
    ImageSpec("velo", "Piste cyclable des bords de Loire", "bike", "Piste cyclable des bords de Loire", "spring"),
    ImageSpec("mediatheque", "Médiathèque Colette", "library", "Médiathèque Colette", "warm"),
    ImageSpec("reunion", "Réunion publique des Coteaux", "meeting", "Réunion publique des Coteaux", "warm"),
    ImageSpec("arbres", "Plantations au parc de la Roseraie", "trees", "Parc de la Roseraie", "spring"),
    ImageSpec("halles", "Marché du samedi", "market", "Marché du samedi"),
    ImageSpec("forum", "Forum des associations", "forum", "Forum des associations"),
    ImageSpec("sante", "Maison de santé de la Gare", "health", "Maison de santé de la Gare", "spring"),
    ImageSpec("eclairage", "Éclairage public LED", "lights", "Éclairage public", "night"),
    ImageSpec("skatepark", "Skatepark des Coteaux", "skatepark", "Skatepark des Coteaux", "dusk"),
)

LOGO = LogoSpec(
    key="logo-villebrune",
    title="Logo de Villebrune-sur-Loire",
    letters="V",
    primary="#1d5c63",
    secondary="#9c4a12",
    emblem="river",
)

ELECTED = (
    T("<b>Hélène Marchand</b>, maire", "<b>Hélène Marchand</b>, mayor"),
    T(
        "<b>Thierry Lebreton</b>, premier adjoint chargé des finances et de l'administration générale",
        "<b>Thierry Lebreton</b>, first deputy mayor for finance and general administration",
    ),
    T(
        "<b>Nadia Benali</b>, adjointe à l'éducation, à l'enfance et à la jeunesse",
        "<b>Nadia Benali</b>, deputy mayor for education, childhood and youth",
    ),
    T(
        "<b>Julien Péron</b>, adjoint aux mobilités et à la transition écologique",
        "<b>Julien Péron</b>, deputy mayor for mobility and the ecological transition",
    ),
    T(
        "<b>Sophie Guérin</b>, adjointe à la culture et au patrimoine",
        "<b>Sophie Guérin</b>, deputy mayor for culture and heritage",
    ),
    T(
        "<b>Patrick Moreau</b>, adjoint à la tranquillité publique et à la vie des quartiers",
        "<b>Patrick Moreau</b>, deputy mayor for public safety and neighbourhood life",
    ),
    T(
        "<b>Élodie Fournier</b>, adjointe aux solidarités et à la santé",
        "<b>Élodie Fournier</b>, deputy mayor for solidarity and health",
    ),
    T(
        "<b>Karim Haddad</b>, conseiller municipal délégué aux sports",
        "<b>Karim Haddad</b>, councillor in charge of sport",
    ),
)

SPACE_PAGE = PageSpec(
    "CollectiviteSpace",
    translate=True,
    fields={
        "title": T("Ville de Villebrune-sur-Loire", "Town of Villebrune-sur-Loire"),
        "slug": T(SPACE, SPACE),
        "package": "premium",
        "primary_color": LOGO.primary,
        "secondary_color": LOGO.secondary,
        "access_code": ACCESS_CODE,
        "introduction": T(
            "Bienvenue sur l'espace citoyen de Villebrune-sur-Loire. Vous y trouverez, en un coup d'œil, ce que fait "
            "votre commune : les dernières actualités, la manière dont nous dépensons l'argent public et "
            "l'avancement des projets qui transforment nos quartiers. Cet espace est aussi le vôtre : donnez votre "
            "avis, posez vos questions, proposez vos idées. — Hélène Marchand, maire de Villebrune-sur-Loire",
            "Welcome to the citizens' space of Villebrune-sur-Loire. Here you can see at a glance what your town is "
            "doing: the latest news, how we spend public money and the progress of the projects that are changing "
            "our neighbourhoods. This space is yours too: give your opinion, ask your questions, share your ideas. "
            "— Hélène Marchand, mayor of Villebrune-sur-Loire",
        ),
        "body": stream(
            quote(
                T(
                    "Une commune qui rend des comptes est une commune qui avance avec ses habitants. Ici, chaque "
                    "projet est présenté avec son budget, son calendrier et son état d'avancement.",
                    "A town that is accountable is a town that moves forward with its residents. Here every project "
                    "is shown with its budget, its schedule and how far it has got.",
                ),
                MAYOR,
                T("Maire de Villebrune-sur-Loire", "Mayor of Villebrune-sur-Loire"),
            ),
            heading(T("Vos élus", "Your elected representatives")),
            paragraph(bullets(*ELECTED)),
            heading(T("Mairie de Villebrune-sur-Loire", "Villebrune-sur-Loire town hall")),
            paragraph(
                T(
                    "1, place de l'Hôtel-de-Ville – téléphone : 02 61 91 44 90",
                    "1, place de l'Hôtel-de-Ville – telephone: +33 2 61 91 44 90",
                ),
                T(
                    "Ouverte du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, le samedi de 9 h à 12 h "
                    "(état civil uniquement).",
                    "Open Monday to Friday from 8.30 am to 12 noon and from 1.30 pm to 5.30 pm, and on Saturday from "
                    "9 am to 12 noon (civil registry only).",
                ),
            ),
            call_to_action(
                T("Les projets de votre quartier", "The projects in your neighbourhood"),
                T("Voir les projets", "See the projects"),
                text=T(
                    "Écoles, mobilités, nature en ville, santé : suivez leur avancement.",
                    "Schools, mobility, nature in town, health: follow their progress.",
                ),
                page=PROJECTS,
            ),
        ),
    },
    children=[
        PageSpec(
            "NewsIndexPage",
            translate=True,
            fields={
                "title": T("Actualités", "News"),
                "slug": T("actualites", "news"),
                "introduction": T(
                    "Travaux, vie des quartiers, décisions du conseil municipal : toute l'actualité de "
                    "Villebrune-sur-Loire.",
                    "Works, neighbourhood life, town council decisions: all the news from Villebrune-sur-Loire.",
                ),
            },
            children=NEWS_PAGES,
        ),
        PageSpec(
            "BudgetIndexPage",
            translate=True,
            fields={
                "title": T("Budget", "Budget"),
                "slug": T("budget", "budget"),
                "introduction": T(
                    "Comment la commune dépense-t-elle l'argent public ? Chaque année, le budget voté par le conseil "
                    "municipal est présenté ici secteur par secteur, avec ses investissements marquants et la "
                    "comparaison avec l'année précédente.",
                    "How does the town spend public money? Every year, the budget voted by the town council is "
                    "presented here sector by sector, with its notable investments and a comparison with the year "
                    "before.",
                ),
            },
            children=BUDGET_PAGES,
        ),
        PageSpec(
            "ProjectIndexPage",
            translate=True,
            fields={
                "title": T("Projets", "Projects"),
                "slug": T("projets", "projects"),
                "introduction": T(
                    "Écoles, mobilités, nature en ville, santé : suivez l'avancement des projets de la commune, "
                    "quartier par quartier.",
                    "Schools, mobility, nature in town, health: follow the progress of the town's projects, "
                    "neighbourhood by neighbourhood.",
                ),
            },
            children=PROJECT_PAGES,
        ),
    ],
)

VILLEBRUNE = SpaceSpec(
    page=SPACE_PAGE,
    territory=("commune", "44990"),
    logo=LOGO,
    images=IMAGES,
    documents=(BUDGET_2026_CSV,),
    listing_image="panorama",
    editor=AccountSpec(
        username="editeur.villebrune",
        first_name="Camille",
        last_name="Roussel",
        email="communication@villebrune-sur-loire.example",
        role="chargée de communication de Villebrune-sur-Loire",
    ),
)

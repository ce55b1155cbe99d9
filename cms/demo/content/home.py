"""The platform home: what AimPact is, in a few lines, for a citizen who lands on it."""

from .common import PageSpec, T, bullets, call_to_action, heading, paragraph, stream

HOME_PAGE = PageSpec(
    "PlatformHomePage",
    translate=True,
    fields={
        "title": T("AimPact", "AimPact"),
        "slug": T("accueil", "home"),
        "introduction": T(
            "AimPact est le réseau social citoyen de l'action publique. Suivez ce que fait votre commune ou votre "
            "intercommunalité, comprenez comment est dépensé l'argent public, donnez votre avis sur les projets et "
            "participez aux décisions qui vous concernent.",
            "AimPact is the citizens' social network for public action. Follow what your town or your group of "
            "communes is doing, understand how public money is spent, give your opinion on projects and take part "
            "in the decisions that concern you.",
        ),
        "body": stream(
            heading(T("Comment ça marche ?", "How does it work?")),
            paragraph(
                bullets(
                    T(
                        "<b>S'informer</b> : chaque collectivité présente ses actualités, son budget et ses projets, "
                        "avec leur avancement ;",
                        "<b>Stay informed</b>: each local authority shows its news, its budget and its projects, with "
                        "their progress;",
                    ),
                    T(
                        "<b>Donner son avis</b> : répondez aux consultations de votre collectivité ou proposez-en une "
                        "au réseau ;",
                        "<b>Have your say</b>: answer your local authority's consultations or propose one to the "
                        "network;",
                    ),
                    T(
                        "<b>Débattre</b> : participez aux réunions publiques et aux débats, sur place ou en ligne ;",
                        "<b>Debate</b>: take part in public meetings and debates, in person or online;",
                    ),
                    T(
                        "<b>Comprendre</b> : l'Académie explique simplement comment fonctionnent les institutions.",
                        "<b>Understand</b>: the Académie explains simply how institutions work.",
                    ),
                ),
            ),
            heading(T("Un espace pour chaque collectivité", "A space for every local authority")),
            paragraph(
                T(
                    "Chaque commune, intercommunalité, département ou région dispose de son propre espace, à ses "
                    "couleurs. Certains contenus sont réservés aux habitants : ils s'ouvrent avec le code d'accès "
                    "communiqué par votre collectivité.",
                    "Each commune, group of communes, département or region has its own space, in its own colours. "
                    "Some content is reserved for residents: it opens with the access code given out by your local "
                    "authority.",
                ),
            ),
            call_to_action(
                T("Découvrez un espace collectivité", "Discover a local authority's space"),
                T("Visiter Villebrune-sur-Loire", "Visit Villebrune-sur-Loire"),
                text=T(
                    "Actualités, budget et projets d'une commune de 18 000 habitants.",
                    "News, budget and projects of a town of 18,000 inhabitants.",
                ),
                page="villebrune-sur-loire",
            ),
        ),
    },
)

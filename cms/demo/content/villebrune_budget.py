"""Villebrune-sur-Loire: the 2025 and 2026 budgets (about 25 and 27 M€ for 18,450 inhabitants).

The story the two years tell: the médiathèque extension is finished in 2025, and 2026 is the
year of the Jules-Verne school renovation (education investment ×5), of the second section of
the cycle path and of the first energy savings of the LED street lighting.
"""

from .common import (
    DocumentSpec,
    PageSpec,
    T,
    chart,
    document,
    heading,
    investment,
    line,
    paragraph,
    stream,
)
from .villebrune_projects import CYCLE_PATH, LIBRARY, LIGHTING, SCHOOL, SCHOOLYARDS

OP = "fonctionnement"
INV = "investissement"

LINES_2025 = (
    line("services_generaux", OP, "4820000", "Administration générale, état civil, élections et informatique"),
    line("securite", OP, "690000", "Police municipale et vidéoprotection"),
    line("enseignement", OP, "4950000", "Écoles, restauration scolaire et accueil périscolaire"),
    line("culture", OP, "1640000", "Médiathèque, école de musique et saison culturelle"),
    line("sport", OP, "1230000", "Équipements sportifs et subventions aux clubs"),
    line("social", OP, "2180000", "Subvention au CCAS, petite enfance et santé"),
    line("environnement", OP, "1510000", "Espaces verts, propreté urbaine et collecte des dépôts sauvages"),
    line("voirie", OP, "1260000", "Entretien de la voirie et éclairage public"),
    line("dette", OP, "320000", "Intérêts de la dette"),
    line("culture", INV, "1480000", "Extension de la médiathèque Colette (fin des travaux)"),
    line("voirie", INV, "1950000", "Voirie, trottoirs et premier tronçon de la piste cyclable des bords de Loire"),
    line("enseignement", INV, "640000", "Études et maîtrise d'œuvre de la rénovation de l'école Jules-Verne"),
    line("sport", INV, "790000", "Terrain synthétique du stade des Coteaux"),
    line("dette", INV, "1120000", "Remboursement du capital de la dette"),
)

LINES_2026 = (
    line("services_generaux", OP, "4870000", "Administration générale, état civil, élections et informatique"),
    line("securite", OP, "760000", "Police municipale (deux agents supplémentaires) et vidéoprotection"),
    line("enseignement", OP, "5080000", "Écoles, restauration scolaire et accueil périscolaire"),
    line("culture", OP, "1720000", "Médiathèque agrandie, école de musique et saison culturelle"),
    line("sport", OP, "1250000", "Équipements sportifs et subventions aux clubs"),
    line("social", OP, "2260000", "Subvention au CCAS, petite enfance et santé"),
    line("environnement", OP, "1560000", "Espaces verts, propreté urbaine et collecte des dépôts sauvages"),
    line("voirie", OP, "1190000", "Entretien de la voirie et éclairage public (économies des LED)"),
    line("dette", OP, "300000", "Intérêts de la dette"),
    line("enseignement", INV, "3350000", "Rénovation énergétique du groupe scolaire Jules-Verne (tranche 2026)"),
    line("voirie", INV, "2180000", "Deuxième tronçon de la piste cyclable des bords de Loire et voirie"),
    line("environnement", INV, "820000", "Cours d'école végétalisées et éclairage public LED"),
    line("amenagement", INV, "420000", "Études des futures halles et de la maison de santé de la Gare"),
    line("dette", INV, "1150000", "Remboursement du capital de la dette"),
)

BUDGET_2026_CSV = DocumentSpec(
    key="budget-2026-csv",
    title="Budget primitif 2026 de Villebrune-sur-Loire – données ouvertes",
    filename="villebrune-sur-loire-budget-2026.csv",
    rows=(
        ("exercice", "secteur", "nature", "detail", "montant_euros"),
        *(("2026", item.sector, item.nature, item.label, f"{item.amount:.2f}") for item in LINES_2026),
    ),
)

DEBT_CHART = chart(
    T("Encours de la dette au 1er janvier", "Outstanding debt on 1 January"),
    [("2022", 14.2), ("2023", 13.4), ("2024", 12.9), ("2025", 12.1), ("2026", 11.3)],
    unit=T("millions d'euros", "million euros"),
    source=T("Comptes administratifs de la commune", "The town's audited accounts"),
)

BUDGET_PAGES = [
    PageSpec(
        "BudgetYearPage",
        lines=LINES_2025,
        fields={
            "title": T("Budget 2025"),
            "slug": T("budget-2025"),
            "fiscal_year": 2025,
            "introduction": T(
                "Le budget 2025, voté par le conseil municipal, s'élève à 24,6 millions d'euros. Il termine "
                "l'extension de la médiathèque Colette, ouvre le premier tronçon de la piste cyclable des bords de "
                "Loire et finance les études de la rénovation de l'école Jules-Verne, sans hausse des taux "
                "d'imposition."
            ),
            "notable_investments": stream(
                investment(
                    T("Extension de la médiathèque Colette"),
                    "1480000",
                    T("Dernière tranche des travaux : espace jeunesse, salle de travail et terrasse de lecture."),
                    project=LIBRARY,
                ),
                investment(
                    T("Premier tronçon de la piste cyclable"),
                    "1100000",
                    T("Le quai des Mariniers, de la place du Port au pont de Loire."),
                    project=CYCLE_PATH,
                ),
                investment(
                    T("Terrain synthétique du stade des Coteaux"),
                    "790000",
                    T("Un terrain utilisable toute l'année par les 420 licenciés du football club."),
                ),
            ),
            "body": stream(
                heading(T("Une dette qui continue de baisser")),
                paragraph(
                    T(
                        "La commune a remboursé 1,12 million d'euros de capital en 2025 et n'a emprunté que 600 000 "
                        "euros : sa capacité de désendettement reste inférieure à cinq ans."
                    ),
                ),
            ),
        },
    ),
    PageSpec(
        "BudgetYearPage",
        translate=True,
        lines=LINES_2026,
        fields={
            "title": T("Budget 2026", "2026 budget"),
            "slug": T("budget-2026", "budget-2026"),
            "fiscal_year": 2026,
            "introduction": T(
                "Le budget 2026 s'élève à 26,9 millions d'euros, dont 7,9 millions d'investissement. C'est l'année de "
                "la rénovation de l'école Jules-Verne : les investissements pour l'éducation sont multipliés par cinq. "
                "Les taux d'imposition communaux restent inchangés pour la sixième année consécutive.",
                "The 2026 budget amounts to €26.9 million, including €7.9 million of investment. It is the year of "
                "the Jules-Verne school renovation: investment in education is multiplied by five. Local tax rates "
                "remain unchanged for the sixth year running.",
            ),
            "notable_investments": stream(
                investment(
                    T("Rénovation énergétique de l'école Jules-Verne", "Energy renovation of the Jules-Verne school"),
                    "3350000",
                    T(
                        "Isolation, géothermie et ventilation : la tranche principale des travaux.",
                        "Insulation, geothermal heating and ventilation: the main phase of the works.",
                    ),
                    project=SCHOOL,
                ),
                investment(
                    T("Piste cyclable des bords de Loire", "Loire riverside cycle path"),
                    "1450000",
                    T(
                        "Le deuxième tronçon, sur l'ancien chemin de halage.",
                        "The second section, along the old towpath.",
                    ),
                    project=CYCLE_PATH,
                ),
                investment(
                    T("Éclairage public LED", "LED street lighting"),
                    "440000",
                    T(
                        "Les 600 derniers lampadaires, pour 110 000 € d'économies par an.",
                        "The last 600 street lights, saving €110,000 a year.",
                    ),
                    project=LIGHTING,
                ),
                investment(
                    T("Cours d'école végétalisées", "Greener school playgrounds"),
                    "380000",
                    T(
                        "Les cours des écoles Louise-Michel et des Tilleuls.",
                        "The playgrounds of the Louise-Michel and Tilleuls schools.",
                    ),
                    project=SCHOOLYARDS,
                ),
            ),
            "body": stream(
                heading(T("Une dette qui continue de baisser", "Debt keeps falling")),
                paragraph(
                    T(
                        "Malgré un programme d'investissement important, la commune n'empruntera que 1,5 million "
                        "d'euros en 2026 : les travaux de l'école sont financés à 40 % par l'État et la Région, et "
                        "l'épargne dégagée par les économies d'énergie couvre une partie du reste.",
                        "Despite a large investment programme, the town will borrow only €1.5 million in 2026: the "
                        "school works are 40% funded by the State and the Region, and the savings from lower energy "
                        "bills cover part of the rest.",
                    ),
                ),
                DEBT_CHART,
                document(
                    "budget-2026-csv",
                    T("Télécharger les lignes du budget 2026 (CSV)", "Download the 2026 budget lines (CSV)"),
                ),
            ),
        },
    ),
]

__all__ = ["BUDGET_2026_CSV", "BUDGET_PAGES"]

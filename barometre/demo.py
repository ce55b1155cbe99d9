"""The demo's baromètre: six initiatives, national and local (Villebrune-sur-Loire and its territories), with
their timelines, indicators and citizens' perception votes spread over nine weeks, with the weekly snapshots the
beat task would have taken. Part of it is translated into English.

Idempotent: nothing is created when the baromètre index exists. Dates are relative to `loader.today`; votes are
drawn with a fixed seed, so two demos look the same.
"""

import datetime
import random
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cms.models import Territory
from consultations.models import ConsultationPage
from consultations.release import release
from consultations.voting import forget_config, record_ballots

from .choices import Opinion
from .models import BarometreEntryPage, BarometreIndexPage, Indicator, IndicatorValue, OfficialLink, PerceptionSnapshot
from .models import StatusStep as Step
from .perception import QUESTION_ID, ensure_perception_poll, live_counts, week_start

WEEKS = 8  # complete weeks of votes before the ongoing one


def rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


INDEX = {
    "title": ("Baromètre de l'action publique", "Public action barometer"),
    "introduction": (
        "Les lois, décrets et mesures locales du moment : où ils en sont, ce qu'ils changent, et ce que vous en "
        "pensez, semaine après semaine.",
        "The bills, decrees and local measures of the moment: where they stand, what they change, and what you "
        "think of them, week after week.",
    ),
    "moment": (
        rich(
            "La zone à trafic limité de Villebrune fête ses six mois : le trafic a baissé d'un tiers rue Nationale. "
            "Au Parlement, la rénovation énergétique des logements arrive en séance."
        ),
        rich(
            "Villebrune's limited traffic zone is six months old: traffic on rue Nationale is down by a third. "
            "In Parliament, the energy renovation bill reaches the floor."
        ),
    ),
}

# Each entry: fields (fr, en) for the translated ones; steps as (stage, days ago, note); indicators as
# (name, unit, target, direction, source, [(days ago, value)]); votes per week and the approval/neutral shares
# of the first and last weeks (linearly in between).
ENTRIES = [
    {
        "slug": "zone-trafic-limite-villebrune",
        "title": ("Zone à trafic limité du centre-ville", "Limited traffic zone in the town centre"),
        "summary": (
            "Depuis six mois, seuls les riverains, les livraisons et les secours entrent en voiture dans le "
            "centre historique de Villebrune-sur-Loire. Objectif : moins de bruit, un air plus sain, des rues "
            "rendues aux piétons.",
            "For six months, only residents, deliveries and emergency services may drive into the historic centre "
            "of Villebrune-sur-Loire. The aim: less noise, cleaner air, streets given back to pedestrians.",
        ),
        "impact_expected": (
            rich(
                "Diviser par deux le trafic de transit rue Nationale et passer sous le seuil de 30 µg/m³ "
                "de dioxyde d'azote."
            ),
            rich("Halve through traffic on rue Nationale and bring nitrogen dioxide below 30 µg/m³."),
        ),
        "impact_measured": (
            rich(
                "Le trafic a baissé d'un tiers ; la pollution recule, mais moins vite qu'espéré. Les "
                "commerçants signalent une fréquentation stable."
            ),
            rich(
                "Traffic is down by a third; pollution is falling, but more slowly than hoped. Shopkeepers "
                "report stable footfall."
            ),
        ),
        "kind": "mesure_locale",
        "level": "local",
        "territory": ("commune", "44990"),
        "theme": "mobilite",
        "sponsors": "Conseil municipal de Villebrune-sur-Loire",
        "links": [("La délibération du conseil municipal", "https://www.example.org/villebrune/deliberation-ztl")],
        "steps": [
            ("proposee", 420, "Présentée en réunion publique"),
            ("en_discussion", 330, "Concertation avec les commerçants"),
            ("adoptee", 240, "Votée par le conseil municipal, 24 voix contre 5"),
            ("en_vigueur", 182, "Caméras de contrôle en service"),
        ],
        "indicators": [
            (
                "Passages de véhicules par jour rue Nationale",
                "véhicules",
                "4000",
                "down",
                "Comptages de la ville",
                [(400, "8100"), (300, "7900"), (180, "6400"), (120, "5600"), (60, "5400"), (10, "5300")],
            ),
            (
                "Dioxyde d'azote (moyenne mensuelle)",
                "µg/m³",
                "30",
                "down",
                "Air Pays de la Loire",
                [(400, "41"), (300, "39"), (180, "37"), (120, "35"), (60, "34"), (10, "33")],
            ),
        ],
        "votes": (96, 0.48, 0.12, 0.60, 0.10),
        "translate": True,
    },
    {
        "slug": "renovation-energetique-logements",
        "title": (
            "Projet de loi sur la rénovation énergétique des logements",
            "Bill on the energy renovation of housing",
        ),
        "summary": (
            "Le texte interdit progressivement la location des logements les plus énergivores et renforce les "
            "aides aux rénovations d'ampleur, avec un accompagnement obligatoire des ménages.",
            "The bill gradually bans renting out the least energy-efficient homes and increases grants for deep "
            "renovations, with compulsory guidance for households.",
        ),
        "impact_expected": (
            rich(
                "200 000 rénovations d'ampleur par an d'ici 2028 et une baisse de 15 % de la consommation "
                "d'énergie du parc résidentiel."
            ),
            rich("200,000 deep renovations a year by 2028 and a 15% fall in the energy use of housing."),
        ),
        "impact_measured": ("", ""),
        "kind": "loi",
        "level": "national",
        "theme": "logement",
        "sponsors": "Gouvernement, Ministère du Logement",
        "links": [("Le dossier législatif", "https://www.example.org/dossier-legislatif/renovation")],
        "steps": [
            ("proposee", 150, "Déposé à l'Assemblée nationale"),
            ("en_discussion", 3, "Examen en séance publique"),
        ],
        "indicators": [
            (
                "Rénovations d'ampleur aidées par trimestre",
                "logements",
                "50000",
                "up",
                "Agence nationale de l'habitat",
                [(450, "18500"), (360, "21000"), (270, "24300"), (180, "22800"), (90, "27400")],
            ),
        ],
        "votes": (120, 0.55, 0.20, 0.44, 0.18),
        "translate": True,
    },
    {
        "slug": "cantine-tarification-sociale",
        "title": ("Cantine à 1 € pour les familles modestes", "€1 school meals for low-income families"),
        "summary": (
            "Depuis la rentrée 2024, les familles dont le quotient familial est inférieur à 700 € paient le repas "
            "1 €. La mesure a été évaluée au bout d'un an.",
            "Since September 2024, families with a family quotient under €700 pay €1 per meal. The measure was "
            "evaluated after a year.",
        ),
        "impact_expected": (
            rich("Faire manger à la cantine les enfants qui n'y venaient pas faute de moyens."),
            rich("Bring to the canteen the children who stayed away for lack of money."),
        ),
        "impact_measured": (
            rich(
                "La fréquentation des enfants concernés est passée de 58 % à 79 %. Le coût pour la commune "
                "est de 94 000 € par an, compensé pour moitié par l'État."
            ),
            rich(
                "Attendance among the children concerned rose from 58% to 79%. The cost to the town is "
                "€94,000 a year, half of it covered by the State."
            ),
        ),
        "kind": "mesure_locale",
        "level": "local",
        "territory": ("commune", "44990"),
        "theme": "education",
        "sponsors": "Adjointe à l'éducation, Centre communal d'action sociale",
        "links": [],
        "steps": [
            ("adoptee", 560, "Délibération du conseil municipal"),
            ("en_vigueur", 480, "Rentrée scolaire"),
            ("evaluee", 40, "Rapport d'évaluation présenté au conseil"),
        ],
        "indicators": [
            (
                "Fréquentation de la cantine par les enfants concernés",
                "%",
                "85",
                "up",
                "Service éducation",
                [(560, "58"), (420, "68"), (300, "74"), (150, "77"), (40, "79")],
            ),
        ],
        "votes": (64, 0.74, 0.14, 0.78, 0.12),
        "translate": True,
    },
    {
        "slug": "biodechets-porte-a-porte",
        "title": ("Collecte des biodéchets en porte-à-porte", None),
        "summary": (
            "La communauté de communes Loire et Vignoble collecte les déchets alimentaires chaque semaine dans un "
            "bac marron, pour les composter. En contrepartie, les ordures ménagères ne sont plus ramassées "
            "qu'une semaine sur deux.",
            None,
        ),
        "impact_expected": (rich("Réduire de 25 % les ordures ménagères résiduelles en deux ans."), None),
        "impact_measured": (rich("Premiers chiffres encourageants, à confirmer sur une année complète."), None),
        "kind": "mesure_locale",
        "level": "local",
        "territory": ("epci", "200099990"),
        "theme": "environnement",
        "sponsors": "Communauté de communes Loire et Vignoble",
        "links": [],
        "steps": [
            ("adoptee", 300, "Vote du conseil communautaire"),
            ("en_vigueur", 120, "Distribution des bacs marron"),
        ],
        "indicators": [
            (
                "Ordures ménagères résiduelles",
                "kg/hab/an",
                "165",
                "down",
                "Rapport annuel du service déchets",
                [(400, "221"), (240, "214"), (120, "196"), (30, "183")],
            ),
        ],
        "votes": (48, 0.38, 0.17, 0.33, 0.15),
        "translate": False,
    },
    {
        "slug": "decret-enseignes-lumineuses",
        "title": ("Décret sur l'extinction des enseignes lumineuses la nuit", None),
        "summary": (
            "Les enseignes et publicités lumineuses doivent être éteintes entre 1 h et 6 h, quelle que soit la "
            "taille de la commune, sauf pour les commerces ouverts.",
            None,
        ),
        "impact_expected": (
            rich("Économiser l'équivalent de la consommation de 800 000 foyers et limiter la pollution lumineuse."),
            None,
        ),
        "impact_measured": (
            rich("Les contrôles restent rares ; l'effet sur la consommation est difficile à isoler."),
            None,
        ),
        "kind": "decret",
        "level": "national",
        "theme": "environnement",
        "sponsors": "Ministère de la Transition écologique",
        "links": [("Le décret sur Légifrance", "https://www.example.org/legifrance/decret-enseignes")],
        "steps": [
            ("proposee", 760, "Consultation publique du projet de décret"),
            ("promulguee", 700, "Publié au Journal officiel"),
            ("en_vigueur", 640, None),
        ],
        "indicators": [
            (
                "Communes ayant signalé des contrôles",
                "communes",
                None,
                "up",
                "Ministère (réponse écrite)",
                [(600, "120"), (420, "310"), (240, "455"), (60, "520")],
            ),
        ],
        "votes": (40, 0.62, 0.25, 0.66, 0.22),
        "translate": False,
    },
    {
        "slug": "protection-mineurs-en-ligne",
        "title": ("Proposition de loi pour protéger les mineurs en ligne", None),
        "summary": (
            "Les réseaux sociaux devront vérifier l'âge de leurs utilisateurs et obtenir l'accord d'un parent "
            "avant d'ouvrir un compte à un enfant de moins de 15 ans.",
            None,
        ),
        "impact_expected": (
            rich("Retarder l'âge du premier compte sur un réseau social et mieux armer les parents."),
            None,
        ),
        "impact_measured": ("", None),
        "kind": "loi",
        "level": "national",
        "theme": "education",
        "sponsors": "Députés de plusieurs groupes",
        "links": [("La proposition de loi", "https://www.example.org/assemblee/ppl-mineurs")],
        "steps": [
            ("proposee", 260, "Déposée à l'Assemblée nationale"),
            ("en_discussion", 200, None),
            ("adoptee", 5, "Adoptée définitivement par le Parlement"),
        ],
        "indicators": [
            (
                "Enfants de 11 à 14 ans ayant un compte sur un réseau social",
                "%",
                "40",
                "down",
                "Enquête Génération numérique",
                [(730, "63"), (365, "61"), (30, "58")],
            ),
        ],
        "votes": (110, 0.70, 0.10, 0.81, 0.08),
        "translate": False,
    },
]


def _days_ago(today, days):
    return today - datetime.timedelta(days=days)


def _fields(spec, language):
    index = 0 if language == "fr" else 1
    return {
        "title": spec["title"][index],
        "summary": spec["summary"][index],
        "impact_expected": spec["impact_expected"][index],
        "impact_measured": spec["impact_measured"][index],
    }


def _add_votes(entry, poll, spec, today, seed):
    """Ballots of fictional citizens week by week, and the snapshot the beat task takes at the end of each week."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    per_week, approve_first, neutral_first, approve_last, neutral_last = spec["votes"]
    current = week_start(today)
    opens = current - datetime.timedelta(weeks=WEEKS)
    ConsultationPage.objects.filter(translation_key=poll.translation_key).update(
        opens_at=timezone.make_aware(datetime.datetime.combine(opens, datetime.time(8)))
    )
    forget_config(poll.pk)
    number = 0
    for week in range(WEEKS + 1):
        progress = week / WEEKS
        approve = approve_first + (approve_last - approve_first) * progress
        neutral = neutral_first + (neutral_last - neutral_first) * progress
        count = max(3, round(per_week * rng.uniform(0.85, 1.15) * (0.45 if week == WEEKS else 1)))
        ballots = []
        for _n in range(count):
            roll = rng.random()
            choice = (
                Opinion.APPROVE
                if roll < approve
                else Opinion.NEUTRAL
                if roll < approve + neutral
                else Opinion.DISAPPROVE
            )
            ballots.append((f"demo:{number}", {QUESTION_ID: str(choice)}, {}))
            number += 1
        record_ballots(poll.pk, ballots)
        release(poll.pk)
        if week < WEEKS:
            PerceptionSnapshot.objects.get_or_create(
                poll=poll, week_start=opens + datetime.timedelta(weeks=week), defaults=live_counts([poll.pk])[poll.pk]
            )


def ensure_demo_barometre(loader):
    """Create the demo baromètre under the platform home unless it exists; returns the pages made."""
    from cms.demo.translations import translate_page

    if BarometreIndexPage.objects.child_of(loader.home).exists():
        return []
    today = loader.today
    index = BarometreIndexPage(
        title=INDEX["title"][0],
        slug="barometre",
        introduction=INDEX["introduction"][0],
        moment=INDEX["moment"][0],
        owner=loader.admin,
        locale=loader.french_locale,
    )
    loader.home.add_child(instance=index)
    loader.publish(index)
    created = [index]
    english_home = loader.home.get_translations().filter(locale=loader.english_locale).exists()
    if english_home:
        translate_page(
            index,
            {key: INDEX[key][0] for key in ("title", "introduction", "moment")},
            {key: INDEX[key][1] for key in ("title", "introduction", "moment")},
            loader.english_locale,
            user=loader.admin,
        )
    for seed, spec in enumerate(ENTRIES, start=1):
        territory = None
        if spec.get("territory"):
            territory = Territory.objects.filter(kind=spec["territory"][0], code=spec["territory"][1]).first()
        entry = BarometreEntryPage(
            slug=spec["slug"],
            kind=spec["kind"],
            level=spec["level"] if territory is not None or spec["level"] == "national" else "national",
            territory=territory,
            theme=spec["theme"],
            sponsors=spec["sponsors"],
            owner=loader.admin,
            locale=loader.french_locale,
            **_fields(spec, "fr"),
        )
        entry.status_steps = [
            Step(status=stage, date=_days_ago(today, days), note=note or "", sort_order=n)
            for n, (stage, days, note) in enumerate(spec["steps"])
        ]
        entry.official_links = [
            OfficialLink(label=label, url=url, sort_order=n) for n, (label, url) in enumerate(spec["links"])
        ]
        index.add_child(instance=entry)
        loader.publish(entry)  # its perception poll is created on publication
        entry = BarometreEntryPage.objects.get(pk=entry.pk)
        for order, (name, unit, target, direction, source, values) in enumerate(spec["indicators"]):
            indicator = Indicator.objects.create(
                entry=entry,
                name=name,
                unit=unit,
                target=Decimal(target) if target else None,
                direction=direction,
                source=source,
                sort_order=order,
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(indicator=indicator, date=_days_ago(today, days), value=Decimal(value), sort_order=n)
                for n, (days, value) in enumerate(values)
            )
        poll = ensure_perception_poll(entry, user=loader.admin)
        _add_votes(entry, poll, spec, today, seed)
        if spec["translate"] and english_home:
            translate_page(entry, _fields(spec, "fr"), _fields(spec, "en"), loader.english_locale, user=loader.admin)
        created.append(entry)
    return created


def standalone_loader(today=None):
    """What `ensure_demo_barometre` needs from the demo loader, after `load_demo` (shell, tests)."""
    from wagtail.models import Locale

    from cms.models import PlatformHomePage, User

    def publish(page):
        revision = page.save_revision(user=admin)
        revision.publish(user=admin)
        return revision

    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    french = Locale.objects.get(language_code="fr")
    return SimpleNamespace(
        today=today or timezone.localdate(),
        admin=admin,
        french_locale=french,
        english_locale=Locale.objects.get_or_create(language_code="en")[0],
        home=PlatformHomePage.objects.get(locale=french),
        publish=publish,
    )

"""What the consultation benchmarks share: the production environment, a scratch PostgreSQL database, a territory
with its consultations, believable answers, bulk ballots, percentiles. Not a benchmark itself.

The scripts import it as `benchlib` (they run as `.venv/bin/python benchmarks/<script>.py`, so their folder is on
sys.path) and put the project's root on sys.path, so that `benchmarks.floor_settings` can be the settings module.
The project's modules are imported inside the functions: they need that environment, and Django set up, first.
"""

import base64
import json
import logging
import math
import os
import random
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from nacl.public import PrivateKey
from psycopg import sql

import django

ROOT = Path(__file__).resolve().parent.parent
COMMUNES = [  # (name, population): one large town, a few small towns, villages
    ("Bourg-Centre", 48_000),
    ("Saint-Aubin", 12_000),
    ("Les Ormeaux", 8_500),
    ("Port-Neuf", 6_000),
    ("La Chapelle", 4_200),
    ("Vieillevigne", 3_100),
    ("Montbert", 2_500),
    ("Le Bignon", 1_800),
    ("Geneston", 1_200),
    ("La Planche", 900),
    ("Remouillé", 600),
    ("Saint-Lumine", 350),
]
AGES = ["18-24", "25-34", "35-49", "50-64", "65+"]
AGE_WEIGHTS = [10, 18, 27, 25, 20]
GENDERS = ["femme", "homme", "autre"]
GENDER_WEIGHTS = [51, 47, 2]
TEXTS = ["Prévoir des bancs à l'ombre.", "Penser aux vélos.", "Attention aux crues.", "Plus d'arbres !"]


# -- the environment ---------------------------------------------------------------------------------------------------


def ballot_key_pair():
    """(public, private) base64 keys, as `manage.py ballot_keys` prints them: a fresh pair for this run."""
    private = PrivateKey.generate()
    return base64.b64encode(bytes(private.public_key)).decode(), base64.b64encode(bytes(private)).decode()


def production_environment(database_url, tmp, settings_module="benchmarks.floor_settings", **extra):
    """The environment cms.settings.production needs (throwaway secrets), for this process and its children.

    `benchmarks.floor_settings` is cms.settings.production with one more URLconf (the floor and memory views):
    everything else is production's (DEBUG off, the middleware, CompressedManifestStaticFilesStorage, HTTPS)."""
    public, private = ballot_key_pair()
    (Path(tmp) / "static").mkdir(exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CELERY_BROKER_URL="memory://",  # tasks go nowhere: the releases are not what is measured in a request
        # Production defaults the result backend to the broker's URL, and memory:// is no result backend: every
        # release request would fail (caught and logged by consultations.dispatch) after Celery's import attempt.
        CELERY_RESULT_BACKEND="cache+memory://",
        # A provider production accepts, pointed at a closed local port: an email a benchmark would send (editors
        # told of a closing) fails at once and goes nowhere.
        ANYMAIL_ESP="postal",
        ANYMAIL_API_KEY="unused",
        ANYMAIL_API_URL="http://127.0.0.1:9/",
        ANYMAIL_WEBHOOK_SECRET="anymail:benchmark",  # noqa: S106 - a benchmark's, nothing secret
        BALLOT_PUBLIC_KEY=public,
        BALLOT_PRIVATE_KEYS=private,  # this process also opens ballots (release, close)
        STATIC_ROOT=str(Path(tmp) / "static"),
        MEDIA_ROOT=str(Path(tmp) / "media"),
        LOG_LEVEL="WARNING",
        **{name: str(value) for name, value in extra.items()},
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    django.setup()
    logging.disable(logging.INFO)  # page creation chatter


# -- the database ----------------------------------------------------------------------------------------------------


def fresh_database(database_url, tmp):
    """The production environment, the database dropped and created again, Django set up and the schema migrated:
    what every consultation benchmark starts with. Returns when the migration ended (`time.perf_counter()`)."""
    production_environment(database_url, tmp)
    recreate_database(database_url)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return time.perf_counter()


def database_name(url):
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to use {name!r}: a benchmark database's name must contain 'bench' (it is dropped)")
    return name


def recreate_database(url, drop_only=False):
    name = database_name(url)
    maintenance = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(" on ")[0]


# -- the consultations -------------------------------------------------------------------------------------------------


def survey_raw(text="long"):
    """Yes/no, single choice, multiple choice (asked to those who said yes), scale, number, and an optional free
    text: `text` is "long" (5,000 characters at most: ballots are padded to ~15 KB), "short" (200: ~1 KB) or ""."""
    from consultations import questions as q  # the project's root is on sys.path once the environment is set

    survey = [
        q.yes_no("Êtes-vous favorable au projet ?", qid="favorable", allow_abstain=True),
        q.single_choice("Quel usage privilégier ?", ["Promenade", "Vélo", "Jeux", "Parking"], qid="usage"),
        q.multiple_choice(
            "Quels équipements ? (deux au plus)",
            ["Bancs", "Toilettes", "Ponton", "Fontaines", "Marché"],
            qid="equipements",
            condition=q.asked_if(1, "Oui"),
            min_choices=1,
            max_choices=2,
        ),
        q.scale("Ce projet est-il urgent ?", qid="urgence", scale_max="5", min_label="Non", max_label="Très"),
        q.number("Combien de visites par mois ?", qid="visites", min_value="0", max_value="31", unit=""),
    ]
    if text:
        survey.append(q.question(f"{text}_text", "Une remarque ?", qid="remarque", required=False))
    return survey


def random_answers(rng, age, text=True):
    """Believable raw answers (as the API receives them), depending a little on the age bracket."""
    young, old = age in ("18-24", "25-34"), age in ("50-64", "65+")
    roll = rng.random()
    favorable = "yes" if roll < (0.74 if young else 0.48 if old else 0.62) else "abstain" if roll > 0.95 else "no"
    answers = {
        "favorable": favorable,
        "usage": rng.choices([f"usage-{n}" for n in range(1, 5)], [3, 5 if young else 2, 3, 1 if young else 4])[0],
        "urgence": str(min(5, max(1, round(rng.gauss(3.6 if young else 3.0, 1.1))))),
        "visites": str(min(31, max(0, round(rng.gauss(6, 4))))),
    }
    if favorable == "yes":
        answers["equipements"] = rng.sample([f"equipements-{n}" for n in range(1, 6)], rng.choice([1, 2]))
    if text and rng.random() < 0.08:
        answers["remarque"] = rng.choice(TEXTS)
    return answers


def build_place():
    """An EPCI of 12 communes, its collectivité space and consultation index: (index page, communes)."""
    from cms.models import PlatformHomePage, Territory
    from tests.factories import CollectiviteSpaceFactory, ConsultationIndexPageFactory

    epci = Territory.objects.create(kind="epci", code="244900000", name="CC du Banc d'essai")
    communes = [
        Territory.objects.create(kind="commune", code=f"{44900 + n}", name=name, population=population, epci=epci)
        for n, (name, population) in enumerate(COMMUNES, start=1)
    ]
    home = PlatformHomePage.objects.get(locale__language_code="fr")
    space = CollectiviteSpaceFactory(parent=home, title="Banc d'essai", slug="banc-d-essai", territory=epci)
    return ConsultationIndexPageFactory(parent=space), communes


def new_consultation(index, slug, text="long", **fields):
    """A live consultation reserved to the EPCI's residents, secret ballot, live results, open for a week."""
    from tests.factories import ConsultationPageFactory

    fields = {"eligibility": "residents", "secrecy": "secret", "results_visibility": "live", **fields}
    return ConsultationPageFactory(parent=index, title=slug, slug=slug, survey=survey_raw(text), **fields)


def random_profile(rng, communes, consent=0.8):
    """The profile a sealed ballot carries: commune, age bracket and gender of a consenting voter, else nothing."""
    if rng.random() >= consent:
        return {}
    commune = rng.choices(communes, [population for _name, population in COMMUNES])[0]
    return {
        "commune": commune.pk,
        "age_bracket": rng.choices(AGES, AGE_WEIGHTS)[0],
        "gender": rng.choices(GENDERS, GENDER_WEIGHTS)[0],
    }


def fill_ballots(page, count, rng, communes, start=0, chunk=20_000, text=True, progress=None):
    """Store `count` sealed ballots with `record_ballots` (one transaction per `chunk`); returns the seconds spent.

    The answers are validated by the survey once per distinct answer set (there are a few thousand)."""
    from consultations.voting import record_ballots

    survey = page.get_survey()
    cleaned_by_raw = {}
    started = time.perf_counter()
    done = 0
    while done < count:
        size = min(chunk, count - done)
        rows = []
        for number in range(start + done, start + done + size):
            profile = random_profile(rng, communes)
            raw = random_answers(rng, profile.get("age_bracket", "35-49"), text=text)
            key = json.dumps(raw, sort_keys=True)
            cleaned = cleaned_by_raw.get(key)
            if cleaned is None:
                cleaned = cleaned_by_raw[key] = survey.validate(raw)
            rows.append((f"bench:{number}", cleaned, profile))
        stored = record_ballots(page.pk, rows)
        assert stored == size, (stored, size)
        done += size
        if progress:
            progress(done, time.perf_counter() - started)
    return time.perf_counter() - started


def print_progress(done, seconds, every=200_000):
    """A `progress` for `fill_ballots()`: a line every `every` ballots stored."""
    if done % every == 0:
        print(f"    {done:>9,} ballots stored, {seconds:.0f} s", flush=True)


# -- figures -------------------------------------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def load_average():
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def seeded(seed):
    return random.Random(seed)

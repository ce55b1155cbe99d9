"""Secret ballots: someone holding the database, its log and its backups, but not the private key, learns nothing of
a single voter's answers.

The audit that prompted this design linked 40 of 40 secret ballots to their voters through PostgreSQL's
write-ahead log, 39 of 40 through `xmin`, 10 of 40 through deleted rows read with `pageinspect`, and re-identified
19 of 40 from the demographics copied onto each ballot. Each of those attacks is a test below.
"""

import os
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations import sealing
from consultations.models import Ballot, FreeText, Participation, TallyCell
from consultations.voting import box_config
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)

from .helpers import cast, opened

TIME_FIELDS = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)
MARKER = "MARQUEUR-SECRET-7F3A"


def marked_answers(n=0, **overrides):
    return full_answers(**{"q-short": f"{MARKER}-{n}", "q-long": f"{MARKER} long {n}", "q-number": "27", **overrides})


def concrete_fields(model):
    return [f for f in model._meta.get_fields() if getattr(f, "concrete", False)]


def test_ballots_and_free_texts_have_no_timestamp():
    for model in (Ballot, FreeText, TallyCell):
        for field in concrete_fields(model):
            assert not isinstance(field, TIME_FIELDS), f"{model.__name__}.{field.name}"


def test_ballots_point_to_no_person_and_hold_no_demographic_in_clear():
    user_model = get_user_model()
    relations = {f.name: f.related_model for f in Ballot._meta.get_fields() if f.is_relation}
    assert user_model not in relations.values()
    assert [name for name, model in relations.items() if model is Participation] == ["participation"]
    assert Ballot._meta.get_field("participation").null
    names = {field.name for field in concrete_fields(Ballot)}
    assert names == {"id", "consultation", "participation", "key_id", "sealed", "release"}
    free_text_names = {field.name for field in concrete_fields(FreeText)}
    assert free_text_names == {"id", "consultation", "question_id", "text", "moderation"}


def test_keys_are_random_not_sequential():
    for model in (Ballot, FreeText):
        pk = model._meta.pk
        assert isinstance(pk, models.BigIntegerField)
        assert not isinstance(pk, models.AutoField | models.BigAutoField)
        assert pk.default is not models.NOT_PROVIDED


@pytest.fixture
def voters(commune):
    return [
        CitizenFactory(commune=commune, age_bracket="25-34", gender="femme", demographics_consent_at=timezone.now())
        for _ in range(6)
    ]


def test_a_sealed_ballot_holds_nothing_in_clear(consultation, voters, settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 50  # nothing released: only what the votes wrote
    for number, user in enumerate(voters):
        cast(consultation, user, marked_answers(number))
    assert not Ballot.objects.filter(participation__isnull=False).exists()
    for row in Ballot.objects.values():
        clear = {key: value for key, value in row.items() if key != "sealed"}
        assert MARKER not in repr(clear)
        sealed = bytes(row["sealed"])
        for needle in (MARKER, "q-single-c1", "femme", "25-34", "Prévoir"):
            assert needle.encode() not in sealed
    assert not FreeText.objects.exists() and not TallyCell.objects.exists()
    # The participations say who voted, and nothing joins them to the ballots.
    participation = Participation.objects.filter(user=voters[0]).get()
    assert not Ballot.objects.filter(participation=participation).exists()


def test_nothing_in_clear_reaches_the_database_in_the_votes_transaction(consultation, voters, settings):
    """Every statement of the vote, with its parameters: no answer, no demographic, in any form."""
    settings.CONSULTATIONS_BALLOT_BATCH = 50
    with CaptureQueriesContext(connection) as queries:
        cast(consultation, voters[0], marked_answers(0, **{"q-single": "q-single-c2"}))
    written = "\n".join(query["sql"] for query in queries.captured_queries)
    assert "INSERT" in written
    for needle in (MARKER, "q-single-c2", "27.0000", "femme", "25-34"):
        assert needle not in written, needle


def test_every_ballot_of_a_consultation_has_the_same_length(consultation, commune):
    """The length of a sealed ballot must not tell how many boxes were ticked or how long a free text is."""
    smallest = full_answers(**{"q-yes": "no", "q-short": None, "q-long": None})
    largest = full_answers(
        **{"q-multi": ["q-multi-c1", "q-multi-c2"], "q-short": "€" * 200, "q-long": "😀" * 2500, "q-number": "30.9999"}
    )
    escaped = full_answers(**{"q-long": '"\\\n' * 1666})
    for number, answers in enumerate((smallest, largest, escaped)):
        consenting = number % 2 == 0
        user = CitizenFactory(
            commune=commune,
            age_bracket="65+" if consenting else "",
            gender="autre" if consenting else "",
            demographics_consent_at=timezone.now() if consenting else None,
        )
        cast(consultation, user, answers)
    lengths = {len(bytes(sealed)) for sealed in Ballot.objects.values_list("sealed", flat=True)}
    assert len(lengths) == 1
    assert lengths == {box_config(consultation.pk).padded_to + 48}  # + the sealed box's key and tag


def test_a_payload_larger_than_the_padding_is_never_stored():
    with pytest.raises(sealing.SealingError):
        sealing.seal(b"x" * 200, 128)


def test_unsealing_needs_the_private_key(consultation, citizen, settings):
    cast(consultation, citizen, marked_answers())
    key_id, sealed = Ballot.objects.values_list("key_id", "sealed").get()
    assert MARKER in str(sealing.decode_payload(sealing.unseal(key_id, sealed)))
    try:
        # A process with only the public key (a web server) cannot open it.
        settings.BALLOT_PUBLIC_KEY = sealing.encode_public_key(sealing.keyring().public)
        settings.BALLOT_PRIVATE_KEYS = []
        sealing.reset_keys()
        with pytest.raises(sealing.KeyMissing):
            sealing.unseal(key_id, sealed)
        # Another key cannot open it either, even under the same key id.
        from nacl.public import PrivateKey

        settings.BALLOT_PUBLIC_KEY = ""
        settings.BALLOT_PRIVATE_KEYS = [sealing.encode_private_key(PrivateKey.generate())]
        sealing.reset_keys()
        with pytest.raises(sealing.SealingError):
            sealing.unseal(key_id, sealed)
        other_id = sealing.keyring().key_id
        with pytest.raises(sealing.SealingError):
            sealing.unseal(other_id, sealed)
    finally:
        settings.BALLOT_PUBLIC_KEY = ""
        settings.BALLOT_PRIVATE_KEYS = []
        sealing.reset_keys()


def test_the_key_comes_from_the_settings_never_from_the_database(settings):
    """Production refuses to start without keys; the development key is derived from SECRET_KEY, not stored."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.BALLOT_KEYS_DERIVED_FROM_SECRET_KEY = False
        sealing.reset_keys()
        with pytest.raises(ImproperlyConfigured):
            sealing.keyring()
    finally:
        settings.BALLOT_KEYS_DERIVED_FROM_SECRET_KEY = True
        sealing.reset_keys()


def test_an_open_ballot_is_attributed(make_consultation, citizen):
    page = make_consultation(secrecy="open")
    cast(page, citizen)
    participation = Participation.objects.get()
    assert participation.user == citizen
    assert participation.ballot == Ballot.objects.get()


def test_the_form_says_whether_the_ballot_is_secret(client, make_consultation, citizen):
    secret = make_consultation(secrecy="secret")
    open_ballot = make_consultation(secrecy="open")
    client.force_login(citizen)
    assert (
        "Vote secret : vos réponses sont enregistrées séparément de votre nom"
        in client.get(secret.url).content.decode()
    )
    assert "Vote à main levée : vos réponses sont attribuées à votre compte." in (
        client.get(open_ballot.url).content.decode()
    )


def test_errors_never_log_a_ballots_content(consultation, citizen, caplog, rf):
    """A failure inside a vote is logged with its traceback, and Django's error reports hide what was answered."""
    from unittest import mock

    from django.views.debug import SafeExceptionReporterFilter

    from consultations import sealing

    with mock.patch.object(sealing, "seal", side_effect=RuntimeError("panne")), pytest.raises(RuntimeError):
        cast(consultation, citizen, marked_answers())
    assert MARKER not in caplog.text
    reporter = SafeExceptionReporterFilter()
    request = rf.post("/", {"q-short": MARKER})
    request.sensitive_post_parameters = "__ALL__"
    assert MARKER not in str(reporter.get_post_parameters(request))


# -- PostgreSQL: what its administrator can read ---------------------------------------------------------------


@pytest.fixture
def pg_consultation(migrated_data, settings):
    assert connection.vendor == "postgresql"
    settings.CONSULTATIONS_BALLOT_BATCH = 50  # nothing is released: only what the votes wrote
    commune = TerritoryFactory(kind="commune", code="44996", name="Villesecrete", population=500)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Secret", slug="secret", territory=commune)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="secrete")
    users = [
        CitizenFactory(
            username=f"votant{n}",
            commune=commune,
            age_bracket="25-34",
            gender="femme",
            demographics_consent_at=timezone.now(),
        )
        for n in range(8)
    ]
    return page, users


def _lsn():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _wal_bytes(start, end):
    """The raw write-ahead log between two positions, read from the server's files (this test runs as root)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        wal_dir = Path(cursor.fetchone()[0]) / "pg_wal"
        cursor.execute("SELECT file_name, file_offset FROM pg_walfile_name_offset(%s::pg_lsn)", [start])
        first, first_offset = cursor.fetchone()
        cursor.execute("SELECT file_name, file_offset FROM pg_walfile_name_offset(%s::pg_lsn)", [end])
        last, last_offset = cursor.fetchone()
    if not os.access(wal_dir, os.R_OK):
        pytest.fail(f"{wal_dir} is not readable: run the PostgreSQL tests as root or as postgres")
    files = sorted(name for name in os.listdir(wal_dir) if first <= name <= last and len(name) == 24)
    data = b""
    for name in files:
        content = (wal_dir / name).read_bytes()
        start_at = first_offset if name == first else 0
        end_at = last_offset + 8192 if name == last else len(content)
        data += content[start_at:end_at]
    return data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_write_ahead_log_holds_no_answer_and_no_demographic(pg_consultation):
    page, users = pg_consultation
    start = _lsn()
    for number, user in enumerate(users):
        cast(page, user, marked_answers(number))
    wal = _wal_bytes(start, _lsn())  # every commit was flushed to the log (synchronous_commit)
    assert len(wal) > 1000
    for needle in (MARKER, "femme", "Prévoir des bancs"):
        assert needle.encode() not in wal, needle


def _readable(value):
    """A column as text, binary ones (a sealed ballot) as their raw bytes: what an administrator can read."""
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_row_sharing_a_participations_xmin_carries_an_answer(pg_consultation):
    page, users = pg_consultation
    for number, user in enumerate(users):
        cast(page, user, marked_answers(number))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM consultations_participation WHERE consultation_id = %s", [page.pk]
        )
        xmins = [row[0] for row in cursor.fetchall()]
        assert len(xmins) == len(users)
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        found = []
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" t WHERE t.xmin::text = ANY(%s)', [xmins])  # noqa: S608
            found.extend((table, " ".join(_readable(value) for value in row)) for row in cursor.fetchall())
    assert {table for table, _row in found} >= {"consultations_participation", "consultations_ballot"}
    for table, row in found:
        for needle in (MARKER, "q-single-c1", "femme", "25-34", "27.0000"):
            assert needle not in row, (table, needle)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pageinspect_finds_no_answer_in_live_or_dead_rows(pg_consultation, settings):
    page, users = pg_consultation
    for number, user in enumerate(users):
        cast(page, user, marked_answers(number))
    settings.CONSULTATIONS_BALLOT_BATCH = 2
    from consultations.release import release

    release(page.pk)  # counters move, texts are released: rows are updated, old versions stay until vacuum
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size('consultations_ballot') / current_setting('block_size')::int")
        pages = cursor.fetchone()[0]
        data = b""
        for number in range(pages):
            cursor.execute("SELECT t_data FROM heap_page_items(get_raw_page('consultations_ballot', %s))", [number])
            data += b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0] is not None)
    assert data
    for needle in (MARKER, "femme", "q-single-c1"):
        assert needle.encode() not in data, needle
    assert len(opened(page)) == len(users)

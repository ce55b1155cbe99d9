"""Sealed ballots: answers leave the database's clear rows.

The ballots of an existing database were stored in clear (`Answer`, `PendingBallot`): they are sealed here with the
keys of the settings, the ones already counted go into the live counters (they were visible anyway), their free
texts keep their moderation, and the ballots still waiting for their batch wait, sealed. Nothing is lost.
"""

from collections import Counter, defaultdict
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

import consultations.models.ballots

MODERATION = {"pending": "pending", "approved": "approved", "rejected": "rejected"}


def _number(value):
    return format(Decimal(value).quantize(Decimal("0.0001")), "f")


def _answers_of(rows):
    """{question id: value} as a sealed ballot holds it, from the old answer rows of one ballot (dicts)."""
    by_question = defaultdict(list)
    for row in rows:
        by_question[row["question_id"]].append(row)
    answers = {}
    for question_id, items in by_question.items():
        if any(item["rank"] is not None for item in items):
            answers[question_id] = [item["choice_id"] for item in sorted(items, key=lambda item: item["rank"])]
        elif any(item["text"] for item in items):
            answers[question_id] = items[0]["text"]
        elif any(item["choice_id"] for item in items):
            chosen = [item["choice_id"] for item in items if item["choice_id"]]
            answers[question_id] = chosen if len(chosen) > 1 else chosen[0]
        elif items[0]["number"] is not None:
            answers[question_id] = _number(items[0]["number"])
    return answers


def seal_existing_ballots(apps, schema_editor):
    from consultations import sealing

    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    Ballot = apps.get_model("consultations", "Ballot")
    Answer = apps.get_model("consultations", "Answer")
    PendingBallot = apps.get_model("consultations", "PendingBallot")
    BallotBox = apps.get_model("consultations", "BallotBox")
    ReleaseBatch = apps.get_model("consultations", "ReleaseBatch")
    TallyCell = apps.get_model("consultations", "TallyCell")
    FreeText = apps.get_model("consultations", "FreeText")
    ResultsSnapshot = apps.get_model("consultations", "ResultsSnapshot")
    Participation = apps.get_model("consultations", "Participation")

    frozen = dict(ResultsSnapshot.objects.values_list("consultation_id", "created_at"))
    boxes = {}
    for pk, key in ConsultationPage.objects.order_by("pk").values_list("pk", "translation_key"):
        boxes.setdefault(key, pk)
    BallotBox.objects.bulk_create(
        [BallotBox(consultation_id=pk, frozen_at=frozen.get(pk)) for pk in boxes.values()], ignore_conflicts=True
    )

    # One participation per account and consultation from now on: older duplicates keep their vote, not the link.
    seen = set()
    for pk, box_id, user_id in Participation.objects.exclude(user=None).order_by("pk").values_list(
        "pk", "consultation_id", "user_id"
    ):
        if (box_id, user_id) in seen:
            Participation.objects.filter(pk=pk).update(user=None)
        seen.add((box_id, user_id))

    box_ids = set(Ballot.objects.values_list("consultation_id", flat=True)) | set(
        PendingBallot.objects.values_list("consultation_id", flat=True)
    )
    for box_id in sorted(box_ids):
        rows = defaultdict(list)
        for row in Answer.objects.filter(consultation_id=box_id).values(
            "ballot_id", "question_id", "choice_id", "rank", "number", "text", "moderation"
        ):
            rows[row["ballot_id"]].append(row)
        counted = []
        for ballot in Ballot.objects.filter(consultation_id=box_id).values("id", "commune_id", "age_bracket", "gender"):
            consented = bool(ballot["age_bracket"] or ballot["gender"])
            profile = (
                {"commune": ballot["commune_id"], "age_bracket": ballot["age_bracket"], "gender": ballot["gender"]}
                if consented
                else {}
            )
            counted.append((ballot["id"], _answers_of(rows[ballot["id"]]), profile))
        waiting = []
        for pending in PendingBallot.objects.filter(consultation_id=box_id).values(
            "commune_id", "age_bracket", "gender", "answers"
        ):
            consented = bool(pending["age_bracket"] or pending["gender"])
            profile = (
                {"commune": pending["commune_id"], "age_bracket": pending["age_bracket"], "gender": pending["gender"]}
                if consented
                else {}
            )
            waiting.append((None, _answers_of(pending["answers"]), profile))
        payloads = [
            (ballot_id, sealing.encode_payload(answers, profile)) for ballot_id, answers, profile in counted + waiting
        ]
        padded_to = sealing.padded_length(max(len(payload) for _id, payload in payloads))

        cells = Counter()
        for _ballot_id, answers, _profile in counted:
            cells[("", "participants")] += 1
            for question_id, value in answers.items():
                cells[(question_id, "respondents")] += 1
        for row_list in rows.values():
            for row in row_list:
                qid = row["question_id"]
                if row["rank"] is not None:
                    cells[(qid, f"choice:{row['choice_id']}")] += 1
                    cells[(qid, f"ranksum:{row['choice_id']}")] += row["rank"]
                    if row["rank"] == 1:
                        cells[(qid, f"first:{row['choice_id']}")] += 1
                elif row["text"]:
                    continue
                elif row["choice_id"]:
                    cells[(qid, f"choice:{row['choice_id']}")] += 1
                elif row["number"] is not None:
                    cells[(qid, f"value:{_number(row['number'])}")] += 1
        batch = None
        if counted:
            batch = ReleaseBatch.objects.create(consultation_id=box_id, size=len(counted), final=box_id in frozen)
        TallyCell.objects.bulk_create(
            TallyCell(consultation_id=box_id, question_id=qid, key=key, value=value)
            for (qid, key), value in cells.items()
            if value
        )
        FreeText.objects.bulk_create(
            FreeText(
                consultation_id=box_id,
                question_id=row["question_id"],
                text=row["text"],
                moderation=MODERATION.get(row["moderation"], "pending"),
            )
            for row_list in rows.values()
            for row in row_list
            if row["text"]
        )
        for ballot_id, payload in payloads:
            key_id, sealed = sealing.seal(payload, padded_to)
            if ballot_id is None:
                Ballot.objects.create(consultation_id=box_id, key_id=key_id, sealed=sealed)
            else:
                Ballot.objects.filter(pk=ballot_id).update(key_id=key_id, sealed=sealed, release=batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_citizen_profile_survey_block"),
        ("consultations", "0002_pending_ballots"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotBox",
            fields=[
                (
                    "consultation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="box",
                        serialize=False,
                        to="consultations.consultationpage",
                        verbose_name="consultation",
                    ),
                ),
                ("frozen_at", models.DateTimeField(blank=True, null=True, verbose_name="urne scellée le")),
            ],
            options={"verbose_name": "urne", "verbose_name_plural": "urnes"},
        ),
        migrations.CreateModel(
            name="ReleaseBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="date")),
                ("size", models.PositiveIntegerField(verbose_name="bulletins")),
                ("final", models.BooleanField(default=False, verbose_name="à la clôture")),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="release_batches",
                        to="consultations.consultationpage",
                        verbose_name="consultation",
                    ),
                ),
            ],
            options={"verbose_name": "lot de bulletins dépouillés", "verbose_name_plural": "lots de bulletins dépouillés"},
        ),
        migrations.CreateModel(
            name="TallyCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("question_id", models.CharField(blank=True, max_length=64, verbose_name="question")),
                ("key", models.CharField(max_length=128, verbose_name="clé")),
                ("value", models.BigIntegerField(default=0, verbose_name="valeur")),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tally_cells",
                        to="consultations.consultationpage",
                        verbose_name="consultation",
                    ),
                ),
            ],
            options={
                "verbose_name": "compteur",
                "verbose_name_plural": "compteurs",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("consultation", "question_id", "key"), name="one_tally_cell_per_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="FreeText",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        default=consultations.models.ballots.random_id,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("question_id", models.CharField(max_length=64, verbose_name="question")),
                ("text", models.TextField(verbose_name="texte")),
                (
                    "moderation",
                    models.CharField(
                        choices=[("pending", "à modérer"), ("approved", "publiée"), ("rejected", "refusée")],
                        default="pending",
                        max_length=10,
                        verbose_name="modération",
                    ),
                ),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="free_texts",
                        to="consultations.consultationpage",
                        verbose_name="consultation",
                    ),
                ),
            ],
            options={
                "verbose_name": "réponse libre",
                "verbose_name_plural": "réponses libres",
                "indexes": [
                    models.Index(fields=["consultation", "moderation"], name="free_text_moderation"),
                    models.Index(fields=["consultation", "question_id", "moderation"], name="free_text_published"),
                ],
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="key_id",
            field=models.CharField(default="", max_length=16, verbose_name="clé"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ballot",
            name="sealed",
            field=models.BinaryField(default=b"", verbose_name="bulletin scellé"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ballot",
            name="release",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="ballots",
                to="consultations.releasebatch",
                verbose_name="lot",
            ),
        ),
        migrations.RunPython(seal_existing_ballots, elidable=False),  # irreversible: sealed ballots stay sealed
        migrations.DeleteModel(name="Answer"),
        migrations.DeleteModel(name="PendingBallot"),
        migrations.RemoveField(model_name="ballot", name="age_bracket"),
        migrations.RemoveField(model_name="ballot", name="commune"),
        migrations.RemoveField(model_name="ballot", name="gender"),
        migrations.AddIndex(
            model_name="ballot",
            index=models.Index(
                condition=models.Q(("release__isnull", True)),
                fields=["consultation", "id"],
                name="ballot_unreleased",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("user__isnull", False)),
                fields=("consultation", "user"),
                name="one_participation_per_account",
            ),
        ),
    ]

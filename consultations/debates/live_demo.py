"""The demo's live polls and questions, on the debates helper's demo debates (`demo.demo_debates()` →
{"upcoming": page, "past": page}):

- the upcoming debate: a secret BEFORE poll open now (with a few votes of demo residents), an open-mode DURING poll
  open now, an AFTER poll in preparation compared with the before one, and a few questions (one answered);
- the past debate: a before poll and an after poll, both closed and counted, with a visible shift of opinion.

Idempotent: a debate that already has polls is left alone. Votes go through `live.vote` (the upcoming debate); the
past debate's counts are written directly (its polls closed before the demo existed)."""

import datetime

from django.db.models import F
from django.utils import timezone

from consultations.comments.demo import _residents

from . import live, rules
from .models import LivePoll, LivePollCount, LivePollParticipation, Question, QuestionUpvote

QUESTION = "Le projet de halle couverte sur la place du marché vous paraît-il une bonne idée ?"
CHOICES = ["Oui", "Non", "Je ne sais pas encore"]
QUESTIONS = [
    (
        "demo.josiane",
        "La halle sera-t-elle ouverte les jours sans marché, pour les associations ?",
        ["demo.karim", "demo.lea", "demo.marc"],
        False,
    ),  # fmt: skip
    ("demo.karim", "Combien de places de stationnement seront supprimées pendant les travaux ?", ["demo.marc"], True),
    ("demo.lea", "Les eaux de pluie du toit pourraient-elles arroser les jardins partagés ?", [], False),
]


def _poll(debate, **fields):
    return LivePoll.objects.create(debate_id=debate.pk, question=QUESTION, choices=CHOICES, **fields)


def _open(poll):
    poll.state = LivePoll.State.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["state", "opened_at"])
    if poll.mode == LivePoll.Mode.OPEN:
        LivePollCount.objects.bulk_create(
            [LivePollCount(poll=poll, choice=index) for index in range(len(poll.choices))], ignore_conflicts=True
        )
    return poll


def _closed_with(debate, votes, **fields):
    """A poll closed and counted at `votes` (per choice), its participations without account (demo voters)."""
    now = timezone.now()
    poll = _poll(
        debate,
        state=LivePoll.State.CLOSED,
        mode=LivePoll.Mode.SECRET,
        opened_at=now - datetime.timedelta(days=8),
        closed_at=now - datetime.timedelta(days=7),
        counted_at=now - datetime.timedelta(days=7),
        participants=sum(votes),
        **fields,
    )
    LivePollCount.objects.bulk_create([LivePollCount(poll=poll, choice=i, votes=n) for i, n in enumerate(votes)])
    LivePollParticipation.objects.bulk_create([LivePollParticipation(poll=poll, user=None) for _ in range(sum(votes))])
    return poll


def ensure_demo_live(loader):
    try:
        from .demo import demo_debates  # the debates' own demo (loaded before this one)
    except ImportError:
        return []
    debates = demo_debates() or {}
    created = []
    upcoming, past = debates.get("upcoming"), debates.get("past")
    if upcoming is not None:
        upcoming = rules.original(upcoming)
        if not LivePoll.objects.filter(debate_id=upcoming.pk).exists():
            residents = _residents()
            before = _open(_poll(upcoming, phase=LivePoll.Phase.BEFORE, mode=LivePoll.Mode.SECRET, sort_order=1))
            during = _open(
                LivePoll.objects.create(
                    debate_id=upcoming.pk,
                    question="Faut-il garder le marché du samedi sur la place pendant les travaux ?",
                    choices=["Oui, sur la place", "Non, sur le parking de la gare", "Peu m'importe"],
                    phase=LivePoll.Phase.DURING,
                    mode=LivePoll.Mode.OPEN,
                    sort_order=2,
                )
            )
            after = _poll(upcoming, phase=LivePoll.Phase.AFTER, mode=LivePoll.Mode.SECRET, compare_with=before,
                          sort_order=3)  # fmt: skip
            created += [before, during, after]
            for user, choice in zip(residents.values(), [0, 1, 0, 2], strict=False):
                live.vote(before, user, choice)
                live.vote(during, user, (choice + 1) % 3)
            for author, text, supporters, answered in QUESTIONS:
                question = Question.objects.create(
                    debate_id=upcoming.pk,
                    author=residents[author],
                    text=text,
                    status=Question.Status.ANSWERED if answered else Question.Status.VISIBLE,
                )
                for supporter in supporters:
                    QuestionUpvote.objects.create(question=question, user=residents[supporter])
                Question.objects.filter(pk=question.pk).update(upvotes_count=F("upvotes_count") + len(supporters))
                created.append(question)
    if past is not None:
        past = rules.original(past)
        if not LivePoll.objects.filter(debate_id=past.pk).exists():
            before = _closed_with(past, [14, 17, 11], phase=LivePoll.Phase.BEFORE, sort_order=1)
            after = _closed_with(past, [23, 15, 4], phase=LivePoll.Phase.AFTER, compare_with=before, sort_order=2)
            created += [before, after]
    for debate in (upcoming, past):
        if debate is not None:
            live.live_changed(debate.pk, everywhere=True)
    return created

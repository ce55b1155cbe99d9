"""What the live polls and questions keep about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: the person's questions (text as written, even hidden, with its state and debate), the number of
  questions they support, and the polls they took part in (the poll and its debate, never their choice: a secret
  poll's choice is sealed without its voter, an open poll's is only a count).
- **Erase**: a question's text is the person's: it is emptied, the question marked withdrawn and without author
  (the row stays so that the organiser's console keeps its count of questions). Supports are deleted (the
  questions' counters go down with them). Participations lose their account (`user` set to null): the polls'
  numbers of participants stay right.
"""

from django.db.models import F

from .live import live_changed
from .models import LivePollParticipation, Question, QuestionUpvote


def export(user):
    asked = Question.objects.filter(author=user).select_related("debate").order_by("created_at", "pk")
    took_part = LivePollParticipation.objects.filter(user=user).select_related("poll", "poll__debate").order_by("pk")
    return {
        "questions": [
            {
                "id": question.pk,
                "debate": question.debate.title,
                "debate_id": question.debate_id,
                "text": question.text,
                "status": question.status,
                "asked_at": question.created_at,
                "upvotes": question.upvotes_count,
            }
            for question in asked
        ],
        "questions_supported": QuestionUpvote.objects.filter(user=user).count(),
        "polls_taken_part_in": [
            {
                "poll_id": participation.poll_id,
                "question": participation.poll.question,
                "debate": participation.poll.debate.title,
                "debate_id": participation.poll.debate_id,
            }
            for participation in took_part
        ],
    }


def erase(user):
    """Called inside the account's deletion transaction, before the user row goes."""
    supported = list(QuestionUpvote.objects.filter(user=user).values_list("question_id", flat=True))
    Question.objects.filter(pk__in=supported, upvotes_count__gt=0).update(upvotes_count=F("upvotes_count") - 1)
    QuestionUpvote.objects.filter(user=user).delete()
    asked = Question.objects.filter(author=user)
    debates = set(asked.values_list("debate_id", flat=True)) | set(
        Question.objects.filter(pk__in=supported).values_list("debate_id", flat=True)
    )
    asked.update(text="", status=Question.Status.DELETED, author=None)
    LivePollParticipation.objects.filter(user=user).update(user=None)
    for debate_id in debates:  # update() sends no signal: the cached pages that showed them go now
        live_changed(debate_id)

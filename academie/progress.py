"""A learner's progress: lessons marked done, where each parcours stands, where to resume.

Lessons are identified across languages by their translation key, so a lesson done in French is done in English.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from academie.models import LessonCompletion, LessonPage, ParcoursPage


class LessonLocked(Exception):
    """The learner may not read this lesson (full library): it cannot be marked done."""


@dataclass
class ParcoursProgress:
    parcours: ParcoursPage
    lessons: list
    done_keys: set = field(default_factory=set)

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done(self):
        return sum(1 for lesson in self.lessons if lesson.translation_key in self.done_keys)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def completed(self):
        return self.total > 0 and self.done == self.total

    @property
    def started(self):
        return self.done > 0

    @property
    def resume_lesson(self):
        """The first lesson, in the parcours' order, that is not done yet (None once all are)."""
        return next((lesson for lesson in self.lessons if lesson.translation_key not in self.done_keys), None)

    def is_done(self, lesson):
        return lesson.translation_key in self.done_keys

    def steps(self):
        """(lesson, done) in order, for the parcours' table of contents."""
        return [(lesson, lesson.translation_key in self.done_keys) for lesson in self.lessons]


def done_keys(user, keys=None):
    """Translation keys of the lessons the user has marked done (among `keys`, if given)."""
    if user is None or not user.is_authenticated:
        return set()
    completions = LessonCompletion.objects.filter(user=user)
    if keys is not None:
        completions = completions.filter(lesson_key__in=list(keys))
    return set(completions.values_list("lesson_key", flat=True))


def is_done(user, lesson):
    return lesson.translation_key in done_keys(user, [lesson.translation_key])


def parcours_progress(user, parcours, lessons=None):
    lessons = parcours.get_lessons() if lessons is None else lessons
    return ParcoursProgress(parcours, lessons, done_keys(user, [lesson.translation_key for lesson in lessons]))


def mark_done(user, lesson, request=None):
    """Record that the user finished the lesson; returns (completion, created). Safe to call twice."""
    if request is not None and lesson.is_locked_for(request):
        raise LessonLocked
    existing = LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            completion = LessonCompletion.objects.create(
                user=user, lesson=lesson, lesson_key=lesson.translation_key, completed_at=timezone.now()
            )
    except IntegrityError:  # the same learner, twice at once
        return LessonCompletion.objects.get(user=user, lesson_key=lesson.translation_key), False
    return completion, True


def mark_not_done(user, lesson):
    return LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).delete()[0] > 0


def learner_parcours(user, locale=None):
    """Progress in every parcours the user has started (one version per parcours, in `locale` when translated)."""
    keys = done_keys(user)
    if not keys:
        return []
    steplen = LessonPage.steplen
    parent_paths = {
        path[:-steplen] for path in LessonPage.objects.filter(translation_key__in=keys).values_list("path", flat=True)
    }
    parents = ParcoursPage.objects.filter(path__in=parent_paths).values_list("translation_key", flat=True)
    candidates = ParcoursPage.objects.live().public().filter(translation_key__in=list(parents))
    chosen = {}
    for parcours in candidates:
        current = chosen.get(parcours.translation_key)
        preferred = locale is not None and parcours.locale_id == locale.pk
        if current is None or (preferred and current.locale_id != locale.pk):
            chosen[parcours.translation_key] = parcours
    progresses = []
    for parcours in sorted(chosen.values(), key=lambda page: page.title.casefold()):
        lessons_in_order = parcours.get_lessons()
        progresses.append(ParcoursProgress(parcours, lessons_in_order, keys))
    return [progress for progress in progresses if progress.started]


def completed_parcours(user, locale=None):
    return [progress for progress in learner_parcours(user, locale) if progress.completed]

from .pages import AcademieIndexPage, CaseStudyPage, LessonPage, ParcoursPage
from .progress import LessonCompletion, QuizAnswer, QuizAttempt

__all__ = [
    "AcademieIndexPage",
    "CaseStudyPage",
    "LessonCompletion",
    "LessonPage",
    "ParcoursPage",
    "QuizAnswer",
    "QuizAttempt",
]

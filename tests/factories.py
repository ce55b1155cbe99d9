"""factory_boy factories for the platform's models and page types."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from django.contrib.auth import get_user_model

from academie.quiz import quiz_block as build_quiz_block
from cms.models import (
    BudgetIndexPage,
    BudgetLine,
    BudgetYearPage,
    CollectiviteSpace,
    NewsIndexPage,
    NewsPage,
    PlatformHomePage,
    ProjectIndexPage,
    ProjectPage,
    Territory,
)
from consultations import questions


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Territory.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"{44000 + n % 999:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    population = 12000


class CitizenFactory(UserFactory):
    """A citizen who signed up and verified their email address (allauth's EmailAddress), living in a commune.

    `CitizenFactory(verified_email=False)` leaves the address unverified; `commune=None` gives no commune.
    Demographics: `CitizenFactory(age_bracket="25-34", gender="femme", demographics_consent_at=timezone.now())`.
    """

    username = factory.Sequence(lambda n: f"citoyen{n}")
    commune = factory.SubFactory(TerritoryFactory)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if not create or not self.email:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=self, email=self.email.lower(), defaults={"verified": extracted is not False, "primary": True}
        )


class PlatformHomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PlatformHomePage

    title = "AimPact"


class CollectiviteSpaceFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CollectiviteSpace

    title = factory.Sequence(lambda n: f"Ville numéro {n}")
    territory = factory.SubFactory(TerritoryFactory)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actualités"
    slug = "actualites"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Actualité {n}")
    summary = "Un résumé de l'actualité."
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))


class BudgetIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BudgetIndexPage

    title = "Budget"
    slug = "budget"


class BudgetYearPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BudgetYearPage

    title = factory.LazyAttribute(lambda o: f"Budget {o.fiscal_year}")
    slug = factory.LazyAttribute(lambda o: f"budget-{o.fiscal_year}")
    fiscal_year = 2026


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    page = factory.SubFactory(BudgetYearPageFactory)
    sector = "enseignement"
    nature = "fonctionnement"
    amount = Decimal("100000.00")


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projets"
    slug = "projets"


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet pour la commune."
    theme = "environnement"
    status = "en_cours"
    progress = 40


# -- consultations ---------------------------------------------------------------------------------------------------


CHOICE_IDS = "{qid}-c{n}"  # the tests' choice ids: `<qid>-c1`, `<qid>-c2`...


def question(block_type, label, **options):
    """One survey question as StreamField raw data (`consultations.questions.question`), choices `<qid>-c<n>`."""
    return questions.question(block_type, label, choice_ids=CHOICE_IDS, **options)


def full_survey():
    """One question of each type, with fixed ids, the multiple choice asked only to those who said yes."""
    ids = {"choice_ids": CHOICE_IDS}
    return [
        questions.yes_no("Êtes-vous favorable au projet ?", qid="q-yes", allow_abstain=True),
        questions.single_choice("Quel emplacement ?", ["Le parc", "La gare", "Le port"], qid="q-single", **ids),
        questions.multiple_choice(
            "Quels usages ?",
            ["Sport", "Culture", "Marché", "Jeux"],
            qid="q-multi",
            min_choices=1,
            max_choices=2,
            condition=questions.asked_if(1, "Oui"),
            **ids,
        ),
        questions.ranking("Classez les priorités", ["Coût", "Délais", "Écologie"], qid="q-rank", **ids),
        questions.scale("Votre intérêt ?", qid="q-scale", scale_max="5", min_label="Faible", max_label="Fort"),
        questions.number("Combien de visites par mois ?", qid="q-number", min_value="0", max_value="31", unit=""),
        questions.short_text("En un mot ?", qid="q-short", required=False),
        questions.long_text("Une suggestion ?", qid="q-long", required=False),
    ]


def full_answers(**overrides):
    answers = {
        "q-yes": "yes",
        "q-single": "q-single-c1",
        "q-multi": ["q-multi-c1", "q-multi-c3"],
        "q-rank": ["q-rank-c3", "q-rank-c1", "q-rank-c2"],
        "q-scale": "4",
        "q-number": "12",
        "q-short": "Enfin",
        "q-long": "Prévoir des bancs à l'ombre.",
    }
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "consultations.ConsultationIndexPage"

    title = "Consultations"
    slug = "consultations"


class ConsultationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "consultations.ConsultationPage"

    title = factory.Sequence(lambda n: f"Consultation {n}")
    summary = "Donnez votre avis sur le projet."
    survey = factory.LazyFunction(full_survey)
    opens_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=7))
    secrecy = "secret"
    eligibility = "account"
    results_visibility = "live"


def _now():
    from django.utils import timezone

    return timezone.now()


# -- baromètre ---------------------------------------------------------------------------------------------------------


class BarometreIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "barometre.BarometreIndexPage"

    title = "Baromètre"
    slug = "barometre"


class BarometreEntryPageFactory(wagtail_factories.PageFactory):
    """An entry (not yet published: publish it to get its perception poll, see tests/barometre)."""

    class Meta:
        model = "barometre.BarometreEntryPage"

    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Une initiative publique suivie par le baromètre."
    kind = "loi"
    level = "national"
    theme = "mobilite"
    sponsors = "Gouvernement"


# -- académie ---------------------------------------------------------------------------------------------------------


def quiz_block(quiz_id="quiz-1", questions=None, pass_mark=50):
    """A lesson body's quiz block as raw data, with fixed ids: questions `<quiz_id>-q<n>`, answers `…-a<n>`.

    `questions`: [(text, kind, [(answer, correct, explanation), …]), …]; by default one single-choice question
    (right answer a1) and one multiple-choice question (right answers a1 and a2).
    """
    questions = questions or [
        (
            "Qui décide après une consultation ?",
            "single",
            [("Les élus", True, "Ils restent responsables."), ("Le préfet", False, "Il contrôle la légalité.")],
        ),
        (
            "Quels dispositifs sont participatifs ?",
            "multiple",
            [
                ("Le budget participatif", True, "Les habitants votent."),
                ("Le conseil de quartier", True, "Habitants et élus s'y retrouvent."),
                ("L'élection municipale", False, "C'est la démocratie représentative."),
            ],
        ),
    ]
    return build_quiz_block(quiz_id, questions, pass_mark=pass_mark)


def lesson_body(text="Le contenu secret de la leçon.", quiz=True):
    body = [{"type": "paragraph", "value": f"<p>{text}</p>", "id": "paragraph-1"}]
    if quiz:
        body.append(quiz_block())
    return body


class AcademieIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "academie.AcademieIndexPage"

    title = "Académie"
    slug = "academie"


class ParcoursPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "academie.ParcoursPage"

    title = factory.Sequence(lambda n: f"Parcours {n}")
    summary = "Un parcours pour comprendre la participation."
    theme = "democratie"
    level = "decouverte"


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "academie.LessonPage"

    title = factory.Sequence(lambda n: f"Leçon {n}")
    summary = "Le résumé de la leçon, visible par tous."
    body = factory.LazyFunction(lesson_body)
    theme = "democratie"
    level = "decouverte"
    format = "article"
    duration_minutes = 5
    library = "basic"


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "academie.CaseStudyPage"

    title = factory.Sequence(lambda n: f"Bonne pratique {n}")
    collectivite_name = "Saint-Aubin-des-Prés"
    population = 3800
    theme = "education"
    summary = "Un budget participatif pour les jeunes."
    problem = "<p>Le problème secret.</p>"
    actions = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Les actions.</p>", "id": "a-1"}])
    results = "<p>Les résultats.</p>"
    figures = factory.LazyFunction(
        lambda: [{"type": "figure", "value": {"label": "Votants", "value": "612", "unit": "", "note": ""}, "id": "f-1"}]
    )
    library = "basic"


# -- legal pages -------------------------------------------------------------------------------------------------------


class LegalNoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "cms.LegalNoticePage"

    title = "Mentions légales"
    slug = "mentions-legales"
    publisher = "AimPact, 10 rue de la République, 44000 Nantes"
    publication_director = "Claire Martin, présidente d'AimPact"
    host = "Hébergeur Exemple SAS, 1 rue du Serveur, 59000 Lille"


class PrivacyPolicyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "cms.PrivacyPolicyPage"

    title = "Politique de confidentialité"
    slug = "confidentialite"
    body = "<p>Nous traitons vos données pour organiser les consultations.</p>"


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "cms.AccessibilityStatementPage"

    title = "Déclaration d'accessibilité"
    slug = "accessibilite"
    compliance = "partielle"
    compliance_rate = 82


class ContactPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "cms.ContactPage"

    title = "Contact"
    slug = "contact"
    organisation = "AimPact"
    address = "10 rue de la République\n44000 Nantes"
    email = "contact@aimpact.example"
    dpo_name = "Délégué à la protection des données d'AimPact"
    dpo_email = "dpo@aimpact.example"


def legal_pages(parent, **kinds):
    """The four legal pages under `parent` (the platform home or a space); `kinds` overrides fields per kind."""
    return {
        "notice": LegalNoticePageFactory(parent=parent, **kinds.get("notice", {})),
        "privacy": PrivacyPolicyPageFactory(parent=parent, **kinds.get("privacy", {})),
        "accessibility": AccessibilityStatementPageFactory(parent=parent, **kinds.get("accessibility", {})),
        "contact": ContactPageFactory(parent=parent, **kinds.get("contact", {})),
    }

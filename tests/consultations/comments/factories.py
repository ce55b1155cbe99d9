import factory

from consultations.comments.models import Comment
from tests.factories import CitizenFactory


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    author = factory.SubFactory(CitizenFactory)
    text = factory.Sequence(lambda n: f"Un avis de citoyen numéro {n}.")

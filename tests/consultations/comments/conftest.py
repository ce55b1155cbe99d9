import pytest

from tests.factories import CitizenFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def other_citizen(commune):
    return CitizenFactory(username="dominique", email="dominique@example.org", first_name="Dominique", commune=commune)


@pytest.fixture
def news_page(space):
    index = NewsIndexPageFactory(parent=space)
    return NewsPageFactory(parent=index, title="La fête du fleuve", slug="fete-du-fleuve")


@pytest.fixture
def enable_comments():
    from consultations.comments.models import CommentSettings

    def enable(page, enabled=True):
        return CommentSettings.objects.update_or_create(page=page, defaults={"enabled": enabled})[0]

    return enable

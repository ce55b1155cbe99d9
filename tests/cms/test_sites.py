"""White-label use: a collectivité space served on its own hostname (one Wagtail Site per client)."""

from wagtail.models import Site

from tests.factories import NewsIndexPageFactory, NewsPageFactory


def test_space_is_served_at_the_root_of_its_own_hostname(client, space):
    Site.objects.create(hostname="participer.villebrune.fr", port=80, root_page=space, site_name="Villebrune")
    index = NewsIndexPageFactory(parent=space)
    NewsPageFactory(parent=index, title="Nouvelle locale", slug="nouvelle-locale")

    home = client.get("/", HTTP_HOST="participer.villebrune.fr")
    assert home.status_code == 200
    assert home.context["page"].pk == space.pk

    news = client.get("/actualites/nouvelle-locale/", HTTP_HOST="participer.villebrune.fr")
    assert news.status_code == 200
    assert "Nouvelle locale" in news.content.decode()

    # The platform's own host still serves the national home, with the space below it.
    assert client.get("/", HTTP_HOST="localhost").context["page"].specific_class.__name__ == "PlatformHomePage"
    assert client.get(space.url_path.replace("/accueil", "", 1), HTTP_HOST="localhost").status_code == 200


def test_links_inside_a_white_label_site_stay_on_its_hostname(client, space):
    Site.objects.create(hostname="participer.villebrune.fr", port=443, root_page=space, site_name="Villebrune")
    index = NewsIndexPageFactory(parent=space)
    news = NewsPageFactory(parent=index, slug="fete")
    assert news.get_full_url() == "https://participer.villebrune.fr/actualites/fete/"

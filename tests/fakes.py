"""Stand-ins for outside services, swapped in by dotted path from the test settings."""

from wagtail.embeds.finders.base import EmbedFinder


class FakeEmbedFinder(EmbedFinder):
    """Answers every URL with a small iframe, without network."""

    def accept(self, url):
        return url.startswith(("http://", "https://"))

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Vidéo de test",
            "author_name": "",
            "provider_name": "Test",
            "type": "video",
            "thumbnail_url": None,
            "width": 640,
            "height": 360,
            "html": f'<iframe title="Vidéo de test" src="{url}" width="640" height="360"></iframe>',
        }

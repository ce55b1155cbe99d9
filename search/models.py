"""The database backend's index: one row per searchable thing (`cms.registry.SearchItem`), whatever its source.

Pages (in each language), free-text answers and comments share this table, so one query ranks them together, filters
them and counts the facets. The full-text part is vendor-specific and lives outside the ORM (migrations and
`search.backends.database`): on PostgreSQL a `tsvector` column computed by the database with the language's text
search configuration (`aimpact_french`: unaccent then the French Snowball stemmer), indexed by GIN; on SQLite an FTS5
table of the stemmed words (stemmed in Python, `search.text`) whose rowid is this row's id.

Only what an anonymous visitor may read is ever written here: the sources decide, and the backend writes what they
give (see ARCHITECTURE.md « Search »).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    key = models.CharField(_("clé"), max_length=64, unique=True)
    kind = models.CharField(_("type"), max_length=40)
    title = models.CharField(_("titre"), max_length=255)
    body = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    language = models.CharField(_("langue"), max_length=8, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    territory_code = models.CharField(_("territoire (code)"), max_length=10, blank=True)
    territory_name = models.CharField(_("territoire"), max_length=255, blank=True)
    theme = models.CharField(_("thème"), max_length=32, blank=True)
    space_id = models.IntegerField(_("espace"), null=True, blank=True)
    context_title = models.CharField(_("dans"), max_length=255, blank=True)
    page_id = models.IntegerField(_("page"), null=True, blank=True, db_index=True)
    title_key = models.CharField(_("titre (recherche)"), max_length=255, blank=True)
    indexed_at = models.DateTimeField(_("indexé le"), auto_now=True)

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        indexes = [
            models.Index(fields=["-date", "-id"], name="search_doc_date"),
            models.Index(fields=["kind"], name="search_doc_kind"),
            models.Index(fields=["language"], name="search_doc_language"),
        ]

    def __str__(self):
        return self.title

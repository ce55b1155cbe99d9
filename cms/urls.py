from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views as cms_views
from .accounts.api import CommuneSuggestionsView, ExportMyDataView, MyAccountView
from .admin_views import scoped_admin_urlpatterns
from .api.router import api_router
from .api.tokens import AuthTokenView
from .api.v3 import api as wagtail_api_v3
from .api.views import not_found as api_not_found

urlpatterns = [
    path("admin/", include(scoped_admin_urlpatterns)),  # a few of Wagtail's admin views, scoped (cms/admin_scope.py)
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v3/", wagtail_api_v3.urls),
    path("api/auth/token/", AuthTokenView.as_view(), name="api_auth_token"),
    path("api/auth/me/", MyAccountView.as_view(), name="api_auth_me"),
    path("api/auth/me/export/", ExportMyDataView.as_view(), name="api_auth_me_export"),
    path("api/territories/communes/", CommuneSuggestionsView.as_view(), name="api_commune_suggestions"),
    path("api/consultations/", include("consultations.urls")),
    path("api/academie/", include("academie.urls")),
    path("api/comments/", include("consultations.comments.urls")),
    path("api/network/", include("consultations.network.urls")),
    path("api/doleances/", include("consultations.doleances.urls")),
    path("api/debates/", include("consultations.debates.urls")),
    path("api/groups/", include("consultations.groups.urls")),
    path("api/newsletters/", include("newsletters.urls")),
    path("api/search/", include("search.urls")),
    # The email provider's tracking webhooks (django-anymail checks their signature, then sends its signals).
    path("anymail/", include("anymail.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/schema/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    # Any other /api/ address: the API's JSON 404, not Wagtail's page route.
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", cms_views.sitemap, name="sitemap"),
    path("favicon.ico", cms_views.favicon),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# French pages at /, English ones under /en/ (wagtail-localize keeps the trees in step).
# Citizens' accounts at /comptes/ (and /en/comptes/); Wagtail's catch-all stays last.
urlpatterns += i18n_patterns(
    path("comptes/", include("cms.accounts.urls")),
    path("commentaires/", include("consultations.comments.web_urls")),  # report, upvote, reply without JavaScript
    path("reseau/", include("consultations.network.web_urls")),  # proposing a consultation, following its review
    path("debats/", include("consultations.debates.web_urls")),  # registering, questions, live polls without JS
    path("groupes/", include("consultations.groups.web_urls")),  # citizen groups: their pages, posts, messages
    path("lettre/", include("newsletters.web_urls")),  # subscribing, confirming, unsubscribing (signed links)
    path("recherche/", include("search.web_urls")),  # the search page (its API is /api/search/)
    # Wagtail's page password form, behind the limiter of every code form (cms/ratelimit.py).
    # Any ids Wagtail's `<int:…>` would take (zero-padded ones too): none may reach Wagtail's view unlimited.
    re_path(
        r"^_util/authenticate_with_password/(?P<page_view_restriction_id>[0-9]+)/(?P<page_id>[0-9]+)/$",
        cms_views.authenticate_with_password,
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "cms.http.page_not_found"  # the API's error shape under /api/

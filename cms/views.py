"""Public views of a collectivité space (routed by CollectiviteSpace): its access code and its private link; and
Wagtail's page password form behind the limiter every code form shares."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from .forms import AccessCodeForm
from .http import safe_next_url
from .ratelimit import ACCESS_CODES
from .sitemaps import TranslatedPagesSitemap


def _access_code_response(request, space, form, next_url, status, **extra):
    context = space.get_context(request)
    context.update(extra, form=form, next_url=next_url, access_action=space.access_code_url(request))
    return TemplateResponse(request, "cms/access_code.html", context, status=status)


def access_code(request, space):
    """Enter the space's access code: it opens every client-only page of the space, then goes back to `next`.
    Every typed code counts in the limiter shared by every code form; a right one is given back."""
    next_url = safe_next_url(request, space.get_url(request))
    status = 200
    if request.method == "POST":
        form = AccessCodeForm(request.POST, space=space)
        status = 400
        if request.POST.get("code", "").strip() and not ACCESS_CODES.attempt(request):
            form = AccessCodeForm.refused(space, [ACCESS_CODES.message])
            status = 429
        elif form.is_valid():
            ACCESS_CODES.succeeded(request)
            space.grant_access(request)
            return HttpResponseRedirect(next_url)
    else:
        form = AccessCodeForm(space=space)
    return _access_code_response(request, space, form, next_url, status=status)


def private_link(request, space, token):
    """The private link opens every client-only page of the space at once; a wrong token asks for the code."""
    if not constant_time_compare(token, space.private_link_token):
        form = AccessCodeForm(space=space)
        return _access_code_response(request, space, form, space.get_url(request), status=404, invalid_link=True)
    space.grant_access(request)
    return HttpResponseRedirect(space.get_url(request))


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form (the pages of a space use its access code), counted by the same limiter as
    the space's and the Académie's code forms: a wrong password counts, and once the limit is reached no password
    is checked until the window ends. Mounted over Wagtail's own URL for any ids Wagtail's pattern would take
    (zero-padded ones included), so that no address reaches Wagtail's view unlimited."""
    from wagtail import views as wagtail_views  # loads the page model: not while cms.models imports this module

    page_view_restriction_id, page_id = int(page_view_restriction_id), int(page_id)
    if max(page_view_restriction_id, page_id) >= 2**63:
        raise Http404
    if request.method != "POST" or not request.POST.get("password"):
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if not ACCESS_CODES.attempt(request):
        restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
        page = get_object_or_404(Page, id=page_id).specific
        # Bound without the password: nothing typed is checked, the form shows the limit's message.
        return_url = request.POST.get("return_url", settings.LOGIN_REDIRECT_URL)
        form = PasswordViewRestrictionForm({"return_url": return_url}, instance=restriction)
        form.is_valid()
        form.errors.clear()
        form.add_error(None, ACCESS_CODES.message)
        action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
        response = page.serve_password_required_response(request, form, action_url)
        response.status_code = 429
        return response
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code == 302:
        ACCESS_CODES.succeeded(request)
    return response


# -- site-wide views: the CSRF failure page, robots.txt, the sitemap ------------------------------------------------


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing security token (CSRF_FAILURE_VIEW): a page in the visitor's language,
    on the site's layout, that says what happened and leads back to the form. The survey's script has kept the
    answers in the browser (static/js/survey.js), so going back shows them again and the vote can be sent."""
    back_url = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back_url, allowed_hosts={request.get_host()}):
        back_url = ""
    get_token(request)  # a fresh token for the forms this page shows (the header's logout) and the page after it
    context = {"back_url": back_url, "reason": reason if settings.DEBUG else ""}
    return TemplateResponse(request, "403_csrf.html", context, status=403)


ROBOTS_DISALLOWED = ["/admin/", "/comptes/", "/api/"]


def robots_txt(request):
    """Public pages may be indexed; the admin, the citizens' accounts and the API may not, except the API's
    documentation. The English account pages are under /en/comptes/."""
    lines = ["User-agent: *", "Allow: /api/schema/"]
    for prefix in ROBOTS_DISALLOWED:
        lines.append(f"Disallow: {prefix}")
        if prefix == "/comptes/":
            lines.extend(f"Disallow: /{code}{prefix}" for code, _name in settings.LANGUAGES[1:])
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: they get the SVG the pages link to (not a
    permanent redirect: its address changes with its content in production)."""
    return HttpResponseRedirect(static("img/favicon.svg"))


def sitemap(request):
    """Every live, public page of the site this request is for, in every language (Wagtail's sitemap lists only
    the tree of the site's root, which is French)."""
    return sitemap_views.sitemap(
        request, {"pages": TranslatedPagesSitemap(request)}, template_name="sitemap.xml", content_type="application/xml"
    )

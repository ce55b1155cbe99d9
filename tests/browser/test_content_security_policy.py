"""Content-Security-Policy and Permissions-Policy (issue 10, finding 7): strict on public pages, compatible with the
Wagtail admin. Chromium reports every resource or script the policy blocks in the console; none may be reported
on the demo's pages, and what the policy must block (an injected inline script) is blocked."""

import pytest

from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.security, pytest.mark.django_db(transaction=True)]


def public_paths():
    from academie.models import AcademieIndexPage
    from barometre.models import BarometreIndexPage
    from cms.models import BudgetYearPage, CollectiviteSpace, NewsPage
    from consultations.models import ConsultationPage

    paths = ["/", "/en/", "/comptes/login/", "/comptes/signup/", "/api/schema/docs/"]
    for model in (CollectiviteSpace, NewsPage, BudgetYearPage, ConsultationPage, BarometreIndexPage, AcademieIndexPage):
        page = model.objects.live().public().filter(locale__language_code="fr").first()
        if page is not None:
            paths.append(page.url)
    return paths


def collect_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_public_pages_and_the_admin_run_without_a_blocked_resource(live_server, browser, demo):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    violations = collect_violations(page)
    for path in public_paths():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        csp = response.headers["content-security-policy"]
        if not path.startswith("/api/"):
            directives = dict(part.strip().partition(" ")[::2] for part in csp.split(";") if part.strip())
            assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'none'", (path, csp)
        assert "camera=()" in response.headers["permissions-policy"]
        page.wait_for_load_state("networkidle")
    assert not violations, "\n".join(violations)

    # The admin as a superuser: dashboard, explorer, a page's editor, the image library, a preview.
    admin = get_user_model().objects.filter(is_superuser=True).first()
    assert admin is not None
    admin.set_password("motdepasse-test-admin-1")
    admin.save()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", "motdepasse-test-admin-1")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    from cms.models import NewsPage

    news = NewsPage.objects.live().first()
    for path in ("/admin/", f"/admin/pages/{news.get_parent().pk}/", f"/admin/pages/{news.pk}/edit/", "/admin/images/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + f"/admin/pages/{news.pk}/edit/preview/?mode=")
    page.wait_for_load_state("networkidle")
    context.close()
    assert not violations, "\n".join(violations)


def test_an_injected_inline_script_does_not_run_on_a_public_page(live_server, browser, demo):
    context = browser.new_context()
    page = context.new_page()
    violations = collect_violations(page)
    page.goto(live_server.url + "/")
    # What an XSS would do once it got markup in: add an inline script. The policy refuses to run it.
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = true';
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.__pwned === true") is False
    assert any("script-src" in text for text in violations)
    context.close()

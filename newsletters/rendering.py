"""Turning an issue into an email: HTML with inlined CSS in the newsletter's theme, and a plain-text alternative.

The recipient's own links are left as placeholders (`UNSUBSCRIBE_URL`, `PREFERENCES_URL`) so that an issue is
rendered once per language (`IssueRendering`, made by `freeze()`) and `personalise()` fills them per recipient (or the
provider does, through anymail's merge data, in a batch send).

- **Which version**: `render_issue(issue, language)` renders the issue's live translation in `language`, else its
  default-language version (`issue.original`); with `preview=True` (the admin's previews, a test send), the latest
  revision of that version instead. `render_page(page, language)` renders one given page object as it is (the
  preview modes hand it the form's unsaved state).
- **One template, parameterised by the theme**: a « collectivité theme » is its colours and logo
  (`CollectiviteSpace.get_theme()`, AA contrast on white checked when they are chosen); the national network's
  newsletter takes the platform's default theme. `templates/newsletters/email/issue.html` is the one template; its
  styles are inlined by css_inline (a `<style>` is kept only for the `@media` rules: phones and dark mode, which
  cannot be inlined and only refine what the inline styles already make readable).
- **Automatic sections** (`DigestBlock`) collect from the registry's digest source what appeared since the previous
  issue of this newsletter was sent (its `IssueSending.started_at`), and at most `days` days before this issue's own
  sending (or now, before it is sent): a language rendered later sees the same window. An automatic section with
  nothing to show is left out of the email.
- **Addresses are absolute**: the pages (`get_full_url`), the images (renditions' `full_url`) and the links of the
  rich text (a page link is written `/…` by Wagtail: it gets the newsletter's site root).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import css_inline

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from wagtail.models import Locale

from cms.models import CollectiviteSpace, LegalPages
from cms.registry import registry
from cms.theming import default_theme

from . import links, plaintext

UNSUBSCRIBE_URL = "%%AIMPACT_UNSUBSCRIBE_URL%%"
PREFERENCES_URL = "%%AIMPACT_PREFERENCES_URL%%"

# The part of the email that is the issue itself (not the recipient's footer): the web version shows it.
CONTENT_START = "<!--aimpact-issue-content-->"
CONTENT_END = "<!--/aimpact-issue-content-->"

LOGO_RENDITION = "max-360x120"
IMAGE_RENDITION = "width-1120"  # twice the 560px column, for sharp images on phones' dense screens
THUMBNAIL_RENDITION = "fill-240x160"

INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(/(?!/))')


@dataclass(frozen=True)
class RenderedIssue:
    language: str
    subject: str
    html: str
    text: str
    page: object = None  # the language version that was rendered


# -- which version ------------------------------------------------------------------------------------------------
def issue_version(issue, language, *, preview=False):
    """The page object to render for `language`: the live translation there (any translation's latest revision
    when previewing), else the default-language version."""
    translation_page = (
        type(issue).objects.filter(translation_key=issue.translation_key, locale__language_code=language).first()
    )
    usable = translation_page is not None and (preview or translation_page.live)
    page = translation_page if usable else issue.original
    return page.get_latest_revision_as_object() if preview else page


def render_issue(issue, language, *, preview=False):
    """The issue in `language` (its translation there when live, else the original) as a RenderedIssue."""
    return render_page(issue_version(issue, language, preview=preview), language)


# -- the window of the automatic sections ------------------------------------------------------------------------
def sending_started_at(page):
    """When this issue's sending started (on its default-language version), else None."""
    original = page.original if page.pk else page
    try:
        return original.sending.started_at
    except ObjectDoesNotExist:
        return None


def previous_sending_at(page, newsletter, before):
    """When the previous issue of the same newsletter was sent (before `before`), else None."""
    issues = type(page).objects.child_of(newsletter.list_page)
    if page.pk:
        issues = issues.exclude(pk=page.original.pk)
    return issues.filter(sending__started_at__lt=before).aggregate(at=Max("sending__started_at"))["at"]


class DigestWindow:
    """The end of the window (this issue's sending, or now) and the previous issue's sending, read once per
    rendering however many automatic sections the issue has."""

    def __init__(self, page, newsletter):
        self.until = sending_started_at(page) or timezone.now()
        self.previous = previous_sending_at(page, newsletter, self.until)

    def since(self, days):
        oldest = self.until - timedelta(days=days)
        return max(oldest, self.previous) if self.previous else oldest


# -- the email's parts --------------------------------------------------------------------------------------------
def owner_in(owner, language):
    """The space (or platform home) in `language` when translated and live, else as it is."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or owner.locale_id == locale.pk:
        return owner
    translated = owner.get_translation_or_none(locale)
    return translated.specific if translated is not None and translated.live else owner


def theme_of(owner):
    return owner.get_theme() if isinstance(owner, CollectiviteSpace) else default_theme()


def absolute_links(html, root):
    """`html` with the site-relative addresses Wagtail writes for page and document links made absolute."""
    return RELATIVE_LINK.sub(lambda match: match.group(1) + root + match.group(2), html)


def rendition_url(image, spec):
    return image.get_rendition(spec).full_url if image is not None else ""


def sections_of(page, owner, window, root):
    """The issue's blocks as sections the HTML and text templates both read (one source for both parts)."""
    sections = []
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            sections.append({"kind": kind, "text": value, "underline": "-" * len(value)})
        elif kind == "paragraph":
            html = absolute_links(str(value.__html__()), root)
            sections.append({"kind": kind, "html": mark_safe(html), "text": plaintext.html_to_text(html)})  # noqa: S308 - Wagtail's rich text, sanitised on save
        elif kind == "image":
            sections.append(
                {
                    "kind": kind,
                    "url": rendition_url(value["image"], IMAGE_RENDITION),
                    "alt": value["alt"],
                    "caption": value["caption"],
                }
            )
        elif kind == "button":
            sections.append({"kind": kind, "text": value["text"], "url": value["url"]})
        elif kind == "digest":
            source = registry.digest(value["source"])
            if source is None:  # the app that gave it is gone
                continue
            items = source.collect(owner, window.since(value["days"]), value["limit"])
            if not items:
                continue  # an empty automatic section is left out
            sections.append(
                {
                    "kind": kind,
                    "title": value["title"] or str(source.label),
                    "items": [
                        {"item": item, "thumbnail": rendition_url(item.image, THUMBNAIL_RENDITION)} for item in items
                    ],
                }
            )
    return sections


def footer_of(owner, newsletter, locale):
    """Who sends it (the collectivité's name and postal address, from its contact page, else the platform's)."""
    space = owner if isinstance(owner, CollectiviteSpace) else None
    contact = LegalPages.find(space=space, locale=locale).contact
    if contact is None:
        return {"organisation": owner.title, "address": ""}
    address = ", ".join(line.strip() for line in contact.address.splitlines() if line.strip())
    return {"organisation": contact.organisation, "address": address}


def issue_context(page, language):
    newsletter = page.get_parent().specific
    owner = owner_in(newsletter.get_parent().specific, language)
    theme = theme_of(owner)
    root = links.site_root(newsletter)
    window = DigestWindow(page, newsletter)
    web_url = page.get_full_url() if page.pk and page.live else ""
    return {
        "issue": page,
        "language": language,
        # the content's own language when the subscriber's has no translation (the original is sent)
        "content_lang": page.locale.language_code if page.locale.language_code != language else "",
        "subject": page.title,
        "preheader": page.preheader,
        "newsletter": newsletter,
        "list_name": newsletter.title,
        "owner": owner,
        "theme": theme,
        "logo_url": rendition_url(theme.logo, LOGO_RENDITION),
        "sections": sections_of(page, owner, window, root),
        "footer": footer_of(owner, newsletter, page.locale),
        "web_url": web_url,
        "site_url": root + "/",
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "preferences_url": PREFERENCES_URL,
        "content_start": CONTENT_START,
        "content_end": CONTENT_END,
    }


def inline(html):
    return INLINER.inline(html)


def render_page(page, language):
    """`page` (a version of an issue, maybe unsaved: a preview) rendered in `language` as a RenderedIssue."""
    with translation.override(language):
        context = issue_context(page, language)
        html = inline(render_to_string("newsletters/email/issue.html", context))
        text = plaintext.tidy(render_to_string("newsletters/email/issue.txt", context))
    return RenderedIssue(language=language, subject=page.title, html=html, text=text, page=page)


def content_of(html):
    """The issue's own part of a rendered email (no recipient's footer, no placeholders), for its web version."""
    start, end = html.find(CONTENT_START), html.find(CONTENT_END)
    if start < 0 or end < start:
        return ""
    return html[start + len(CONTENT_START) : end]


# -- frozen per language ---------------------------------------------------------------------------------------------
def freeze(issue, language):
    """The issue's `IssueRendering` in `language`, made once: rendered now if none exists, then created under the
    unique constraint (issue, language). Two workers freezing at once both render, one row is written, and both
    return it (`get_or_create` catches the loser's IntegrityError and reads the winner's row)."""
    original = issue.original
    existing = original.renderings.filter(language=language).first()
    if existing is not None:
        return existing
    rendered = render_issue(original, language)
    rendering, _created = original.renderings.get_or_create(
        language=language,
        defaults={
            "source_page": rendered.page,
            "subject": rendered.subject[:255],
            "html": rendered.html,
            "text": rendered.text,
        },
    )
    return rendering


def personalise(value, *, unsubscribe_url, preferences_url):
    """`value` (subject, HTML or text) with one recipient's links in place of the placeholders."""
    return value.replace(UNSUBSCRIBE_URL, unsubscribe_url).replace(PREFERENCES_URL, preferences_url)

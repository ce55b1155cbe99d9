"""English translations of demo pages, made the wagtail-localize way.

A page is submitted for translation (a `TranslationSource` and a `Translation` into English),
its French segments receive English `StringTranslation`s, and localize writes and publishes the
English page. Editors then see a synchronised translation they can edit in localize's editor,
exactly as if a translator had done the work.

The English texts come from the same content description as the French page, so the two have
the same shape: the English segments are paired with the French ones by their path in the page
(field, StreamField block id, …) and their rank under that path, and only where the French text
is still the one the demo wrote. A segment that does not pair up is left untranslated: localize
then falls back to the French text.
"""

from collections import defaultdict

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def strings_of(page, fields):
    """{segment path: [string, …]} of `page` with `fields` set on a throw-away copy (never saved)."""
    instance = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(instance, name, value)
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def fill_string_translations(source, source_strings, translated_strings, locale, user=None):
    """Record `translated_strings` as translations of the source's segments, where the source says `source_strings`.

    A segment whose text is not the expected source text (an editor changed it since) is left
    untranslated, so that no translation is attached to a text it does not translate. Returns the
    number of segments left untranslated: they fall back to the source text. A segment that already
    has a translation keeps it: a translator's work is never overwritten.
    """
    segments = defaultdict(list)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order"):
        segments[segment.context.path].append(segment)

    untranslated = 0
    for path, path_segments in segments.items():
        expected, translated = source_strings.get(path, []), translated_strings.get(path, [])
        if not len(path_segments) == len(expected) == len(translated):
            untranslated += len(path_segments)
            continue
        for segment, expected_text, text in zip(path_segments, expected, translated, strict=True):
            if segment.string.data != expected_text:
                untranslated += 1
                continue
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    return untranslated


def translate_page(page, source_fields, translated_fields, locale, user=None):
    """Translate `page` into `locale`; returns (the translated page, the number of segments left untranslated).

    `source_fields` are the field values the page was created with, `translated_fields` the same
    fields in the target language. The parent page must already be translated (otherwise localize
    copies it untranslated).
    """
    page = page.specific
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    untranslated = fill_string_translations(
        source, strings_of(page, source_fields), strings_of(page, translated_fields), locale, user=user
    )

    # Saved as a draft, then published here rather than through localize's on-commit hook, so the
    # English page is live as soon as this returns (also inside an outer transaction, as in tests).
    translation.save_target(user=user, publish=False)
    translation.get_target_instance().get_latest_revision().publish(user=user)
    return translation.get_target_instance().specific, untranslated

"""POST data of the Wagtail page editor for a consultation, built by hand (the StreamField editor is JavaScript)."""

import datetime

from django.utils import timezone

from wagtail.test.utils.form_data import nested_form_data, streamfield


def survey_form_data(raw_survey):
    """A survey's raw StreamField data (as in tests.factories.full_survey) as the editor posts it, ids included."""
    data = {"count": str(len(raw_survey))}
    for index, block in enumerate(raw_survey):
        prefix = str(index)
        data.update({f"{prefix}-type": block["type"], f"{prefix}-id": block["id"], f"{prefix}-order": prefix})
        data[f"{prefix}-deleted"] = ""
        for key, value in block["value"].items():
            name = f"{prefix}-value-{key}"
            if key == "choices":
                data[f"{name}-count"] = str(len(value))
                for number, item in enumerate(value):
                    data[f"{name}-{number}-value"] = item["value"]
                    data[f"{name}-{number}-id"] = item["id"]
                    data[f"{name}-{number}-order"] = str(number)
                    data[f"{name}-{number}-deleted"] = ""
            elif key == "condition":
                data[f"{name}-question_number"] = value.get("question_number") or ""
                data[f"{name}-answer"] = value.get("answer") or ""
            elif isinstance(value, bool):
                if value:
                    data[name] = "on"
            else:
                data[name] = "" if value is None else str(value)
    return data


def _admin_datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def consultation_form_data(page=None, survey=None, publish=True, **fields):
    """Everything the edit (or create) form of a ConsultationPage posts; `fields` override single fields."""
    now = timezone.now()
    data = nested_form_data(
        {
            "title": page.title if page else "Une consultation",
            "slug": page.slug if page else "une-consultation",
            "summary": page.summary if page else "Donnez votre avis.",
            "theme": page.theme if page else "",
            "description": streamfield([]),
            "start_from_template": "",
            "opens_at": _admin_datetime(page.opens_at if page else now),
            "closes_at": _admin_datetime(page.closes_at if page else now + datetime.timedelta(days=7)),
            "secrecy": page.secrecy if page else "secret",
            "eligibility": page.eligibility if page else "account",
            "territory": (page.territory_id or "") if page else "",
            "results_visibility": page.results_visibility if page else "live",
            "seo_title": "",
            "search_description": "",
            "listing_image": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data.update({f"survey-{key}": value for key, value in survey_form_data(survey or []).items()})
    if publish:
        data["action-publish"] = "publish"
    data.update(fields)
    return data

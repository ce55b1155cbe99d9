"""White-label theming: colours a collectivité picks, checked for WCAG 2.1 AA contrast.

The theme's primary colour is used as the background of the header and of buttons (with
white text) and as the colour of links on a white background, so it must reach 4.5:1
against white. The secondary colour is used the same way for highlights.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5

DEFAULT_PRIMARY = "#1d4e89"
DEFAULT_SECONDARY = "#8a3b12"


def _channel(value):
    value = value / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("« %(value)s » n'est pas une couleur : utilisez le format #RRGGBB, par exemple #1d4e89."),
            params={"value": value},
            code="invalid_colour",
        )


def validate_contrast_on_white(value):
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "La couleur %(value)s n'est pas assez contrastée avec le blanc (%(ratio)s:1 ; il faut au moins "
                "4,5:1 pour que le texte reste lisible, critère WCAG AA). Choisissez une teinte plus foncée."
            ),
            params={"value": value, "ratio": f"{ratio:.1f}".replace(".", ",")},
            code="low_contrast",
        )


@dataclass(frozen=True)
class Theme:
    name: str
    primary: str = DEFAULT_PRIMARY
    secondary: str = DEFAULT_SECONDARY
    logo: object = None

    @property
    def css_variables(self):
        return f"--color-primary: {self.primary}; --color-secondary: {self.secondary};"


def default_theme():
    from django.conf import settings

    return Theme(name=settings.WAGTAIL_SITE_NAME)

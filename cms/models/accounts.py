from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The platform's user: a citizen, a collectivité editor or an AimPact editor.

    A custom model from the first migration so that later issues (citizen profiles,
    consent to demographics) extend it without swapping AUTH_USER_MODEL.
    """

    email = models.EmailField(_("adresse e-mail"), blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        swappable = "AUTH_USER_MODEL"

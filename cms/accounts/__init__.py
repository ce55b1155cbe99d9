"""Citizens' accounts: sign-up and login through django-allauth (mounted at /comptes/), the profile page, and the
commune of residence typed as a name or an INSEE code (`communes.resolve_commune`)."""

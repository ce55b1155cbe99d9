import os

from django.core.wsgi import get_wsgi_application

# A server or worker started without DJANGO_SETTINGS_MODULE runs the production settings, which refuse to start
# without their secrets: never DEBUG pages and a development key by accident. `manage.py` (make run) uses dev.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

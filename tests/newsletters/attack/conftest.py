from tests.newsletters.delivery.conftest import fresh_backends, newsletter  # noqa: F401

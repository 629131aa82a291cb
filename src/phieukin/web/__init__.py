"""Django project: settings, URLs, WSGI/ASGI, base templates and static assets."""

"""django-ninja API: one router per app, OpenAPI at /api/docs with local assets."""

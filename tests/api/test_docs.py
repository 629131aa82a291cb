from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def test_it_serves_the_openapi_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/accounts/me" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_it_serves_the_docs_with_local_assets_only(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    for url in sources:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    # No executable inline script (the settings block is JSON data, not script).
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
        assert "src=" in attrs or 'type="application/json"' in attrs

"""Static files: our own files and the Bootstrap build from `make install`, never node_modules."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_asset_the_home_page_links_exists(client):
    response = client.get("/")

    paths = re.findall(r'(?:href|src)="/static/([^"?]+)"', response.content.decode())
    assert "css/bootstrap.css" in paths
    assert [path for path in paths if finders.find(path) is None] == [], "run `make install`"


def test_nothing_is_collected_from_node_modules():
    roots = [root[1] if isinstance(root, tuple) else root for root in settings.STATICFILES_DIRS]

    assert not [root for root in roots if "node_modules" in str(root)]
    assert finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js") is None

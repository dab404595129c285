"""The weight budgets (bench/weight.py): the home page and a passport with all their CSS,
scripts and images, compressed as whitenoise serves them after collectstatic."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from bench.weight import BUDGETS, page_weight


@pytest.fixture
def compressed_static(settings, tmp_path):
    """collectstatic as in production (hashed names, brotli and gzip beside each file) into
    a temporary STATIC_ROOT; admin's files are left out, no public page links them."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["admin", "import_export"],
        stdout=io.StringIO(),
    )


@pytest.mark.django_db
def test_home_page_and_passport_stay_within_their_weight_budgets(compressed_static, capsys):
    call_command("load_demo", stdout=io.StringIO())
    client = Client()  # a new client builds whitenoise from the settings above
    for name, url in (("home", "/"), ("passport", "/practices/soprovozhdenie-semey-modut/")):
        lines = []
        weight, missing = page_weight(client, url, out=lines.append)
        print("\n".join(lines))
        print(f"{name}: {weight / 1024:.1f} KB (budget {BUDGETS[name] // 1024} KB)")
        assert not missing, "\n".join(lines)
        assert weight <= BUDGETS[name], f"{name} weighs {weight} B:\n" + "\n".join(lines)
        assert any("(br)" in line for line in lines), "no asset was served compressed"

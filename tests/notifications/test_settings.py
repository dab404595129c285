"""The task backend and mail delivery are chosen by environment variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_value(expression, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_"))}
    environment.pop("DATABASE_URL", None)
    environment.pop("EMAIL_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import portal.settings as s; print({expression})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_laptop_runs_tasks_at_once_and_prints_mail():
    result = settings_value("s.TASKS['default']['BACKEND'], s.EMAIL_DELIVERY_BACKEND")

    assert "django_tasks.backends.immediate.ImmediateBackend" in result.stdout
    assert "console" in result.stdout


def test_production_stores_tasks_in_the_database_and_queues_all_mail():
    result = settings_value(
        "s.TASKS['default']['BACKEND'], s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        EMAIL_URL="smtp+tls://user:secret@mail.example.org:587",
    )

    assert result.returncode == 0, result.stderr
    assert "django_tasks_db.DatabaseBackend" in result.stdout
    assert "notifications.backends.QueuedEmailBackend" in result.stdout
    assert "smtp.EmailBackend" in result.stdout


def test_an_unknown_task_backend_fails_loudly():
    result = settings_value("1", TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of" in result.stderr

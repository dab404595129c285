import pytest

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_mail(settings):
    """Django's own mail goes through the outbox too (the test runner swaps EMAIL_BACKEND
    for locmem; this puts the project's back)."""
    settings.EMAIL_BACKEND = "notifications.backends.QueuedEmailBackend"


@pytest.fixture
def failing_relay(settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.notifications.backends.FailingBackend"


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database and run by the worker, as in production."""
    settings.TASKS = DATABASE_TASKS

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.demo import upsert
from events import demo as events_demo
from organizations import demo as organizations_demo
from organizations.models import Membership, MembershipRole, Organization
from organizations.rules import MODERATORS_GROUP
from portal.search import rebuild_words
from practices import demo as practices_demo

DEMO_ACCOUNTS = [
    # username, first name, last name, is superuser, organisation slug, role, moderator
    ("demo-admin", "Администратор", "Портала", True, None, None, False),
    ("demo-moderator", "Модератор", "Портала", False, None, None, True),
    (
        "demo-staff",
        "Сотрудник",
        "ЕРЦ Якутии",
        False,
        organizations_demo.ERC_YAKUTIA,
        MembershipRole.EDITOR,
        False,
    ),
    (
        "demo-leader",
        "Руководитель",
        "Ассоциации ТОС",
        False,
        organizations_demo.TOS_ASSOCIATION,
        MembershipRole.MANAGER,
        False,
    ),
]


class Command(BaseCommand):
    help = (
        "Load the world of the press release (organisations, people, grant project, practices, "
        "events). Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Also create the demo accounts demo-admin, demo-moderator, demo-staff, demo-leader.",
        )
        parser.add_argument("--password", help="Password for the demo accounts (with --accounts).")

    def handle(self, *args, accounts=False, password=None, **options):
        if accounts and not password:
            raise CommandError("--accounts needs --password.")

        with transaction.atomic():
            orgs = organizations_demo.load()
            practices_demo.load(orgs)
            events_demo.load(orgs)
            if accounts:
                self._load_accounts(password)
            rebuild_words()  # "did you mean" knows the demo's words
        self.stdout.write(self.style.SUCCESS("Demo world loaded."))
        if accounts:
            self.stdout.write(
                "Demo accounts (password as given): "
                + ", ".join(row[0] for row in DEMO_ACCOUNTS)
                + ". Sign in at /accounts/login/."
            )

    def _load_accounts(self, password):
        User = get_user_model()
        moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        for username, first, last, superuser, org_slug, role, moderator in DEMO_ACCOUNTS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                    "is_active": True,
                },
            )
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            if moderator:
                user.groups.add(moderators)
            if org_slug:
                upsert(
                    Membership,
                    {"user": user, "organization": Organization.objects.get(slug=org_slug)},
                    {"role": role},
                )

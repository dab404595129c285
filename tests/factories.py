"""factory_boy factories for every model; regions come from the data migration."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organizations.models import (
    GrantProgramme,
    GrantProject,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Region,
)
from organizations.rules import MODERATORS_GROUP


def region(code="RU-SA"):
    """A region loaded by the data migration (all 89 exist in every test database)."""
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Анна"
    last_name = factory.Sequence(lambda n: f"Иванова-{n}")
    password = factory.django.Password("secret-pass-123")


class ModeratorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
            self.groups.add(group)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Организация {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.NGO
    region = factory.LazyFunction(lambda: region("RU-SA"))
    locality = "Якутск"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Участник {n}")
    position = "Руководитель"
    organization = factory.SubFactory(OrganizationFactory)
    public_consent = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.EDITOR


class GrantProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProgramme

    title = factory.Sequence(lambda n: f"Грантовая программа {n}")


class GrantProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProject

    title = factory.Sequence(lambda n: f"Проект {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    programme = factory.SubFactory(GrantProgrammeFactory)
    implementer = factory.SubFactory(OrganizationFactory)


def member_of(organization, role=MembershipRole.EDITOR, **user_kwargs):
    """A new user who is a member of ``organization`` with ``role``."""
    return MembershipFactory(organization=organization, role=role, **user_kwargs).user


"""factory_boy factories for the core models (apps add theirs beside their tests)."""

import factory
from factory.django import DjangoModelFactory

from send_portal.models import Organisation, Region, Role, RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.OTHER
    name = factory.Sequence(lambda n: f"Organisation {n}")


class SettingFactory(OrganisationFactory):
    kind = Organisation.Kind.SETTING
    name = factory.Sequence(lambda n: f"Riverside Primary School {n}")
    urn = factory.Sequence(lambda n: str(900000 + n))
    phase = Organisation.Phase.PRIMARY
    setting_type = "Community School"


def la(code: str) -> Organisation:
    from send_portal import reference_data

    reference_data.ensure()
    return Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code=code)


def region(name: str) -> Region:
    return Region.objects.get(name=name)


def person_with_role(role: str, organisation: Organisation | None = None, **kwargs) -> User:
    """A user holding ``role`` (in ``organisation`` for organisational roles)."""
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, organisation=organisation)
    return user


def organisation_for_role(role: str, la_code: str = "881") -> Organisation | None:
    """A sensible organisation for each role, in or around the given council."""
    council = la(la_code)
    kind_map = {
        Role.CASEWORKER: lambda: council,
        Role.SEND_MANAGER: lambda: council,
        Role.EDUCATIONAL_PSYCHOLOGIST: lambda: council,
        Role.SOCIAL_CARE_ADVISER: lambda: council,
        Role.PANEL_MEMBER: lambda: council,
        Role.HEALTH_ADVISER: lambda: OrganisationFactory(
            kind=Organisation.Kind.ICB, region=council.region
        ),
        Role.SENCO: lambda: SettingFactory(local_authority=council, region=council.region),
        Role.BOARD_MEMBER: lambda: OrganisationFactory(
            kind=Organisation.Kind.PARTNERSHIP, local_authority=council, region=council.region
        ),
        Role.BOARD_CHAIR: lambda: OrganisationFactory(
            kind=Organisation.Kind.PARTNERSHIP, local_authority=council, region=council.region
        ),
        Role.REGIONS_GROUP_OFFICER: lambda: Organisation.objects.get(
            kind=Organisation.Kind.REGIONS_GROUP, region=council.region
        ),
        Role.MEDIATOR: lambda: OrganisationFactory(kind=Organisation.Kind.MEDIATION_SERVICE),
        Role.DFE_ANALYST: lambda: Organisation.objects.get(kind=Organisation.Kind.DFE),
    }
    maker = kind_map.get(role)
    return maker() if maker else None


def unique_address() -> str:
    """An IPv6 documentation address (RFC 3849) of the test's own: rate limits count per address
    in a cache the test workers share."""
    import uuid

    h = uuid.uuid4().hex
    return f"2001:db8::{h[:4]}:{h[4:8]}:{h[8:12]}:{h[12:16]}"

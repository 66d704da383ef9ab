"""factory_boy factories for Ponte's models; reference data (countries, cities) comes from
the loaded reference tables, not from invented rows."""

from __future__ import annotations

import factory
from django.utils import timezone
from django.utils.text import slugify

from ponte.accounts.models import Role, User
from ponte.core.text import names_key
from ponte.directory.models import (
    City,
    Committee,
    CommitteeMembership,
    LocalGovernment,
    Membership,
    Network,
)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Network.Kind.REGIONAL


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    """A local government seeded from a real GeoNames city: pass city_name (and country)."""

    class Meta:
        model = LocalGovernment
        exclude = ("city_name",)

    city_name = "Surabaya"
    city = factory.LazyAttribute(
        lambda o: City.objects.filter(name=o.city_name).order_by("-population").first()
    )
    name = factory.LazyAttribute(lambda o: o.city.name if o.city else o.city_name)
    slug = factory.Sequence(lambda n: f"lg-{n}")
    country_id = factory.LazyAttribute(lambda o: o.city.country_id if o.city else "ID")
    population = factory.LazyAttribute(lambda o: o.city.population if o.city else 100_000)
    latitude = factory.LazyAttribute(lambda o: o.city.latitude if o.city else None)
    longitude = factory.LazyAttribute(lambda o: o.city.longitude if o.city else None)
    timezone = factory.LazyAttribute(lambda o: o.city.timezone if o.city else "")
    search_names = factory.LazyAttribute(
        lambda o: names_key([o.name, *(o.city.alternate_names if o.city else [])])
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    local_government = factory.SubFactory(LocalGovernmentFactory)
    network = factory.SubFactory(NetworkFactory)
    since = 2015


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    local_government = factory.SubFactory(LocalGovernmentFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            obj.save()


PASSWORD = "correct horse battery"


class ItemFactory(factory.django.DjangoModelFactory):
    """A practice owned by a local government; published unless told otherwise."""

    class Meta:
        model = "knowledge.Item"

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "A practice worth sharing."
    body = "## Context\n\nWhat we did."
    language_id = "en"
    owner = factory.SubFactory(LocalGovernmentFactory)
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

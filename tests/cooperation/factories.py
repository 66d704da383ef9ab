"""factory_boy factories for partnerships and projects."""

from __future__ import annotations

from typing import Any

import factory

from ponte.cooperation.models import Participant, Partnership, Project, ProjectOrganisation


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A proposed partnership; `parties=[lg, …]` and `networks=[…]` make its participants."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partnership {n}")
    kind = Partnership.Kind.TECHNICAL_EXCHANGE

    @factory.post_generation
    def parties(obj, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        for lg in extracted or []:
            Participant.objects.create(partnership=obj, local_government=lg)

    @factory.post_generation
    def networks(obj, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        for network in extracted or []:
            Participant.objects.create(partnership=obj, network=network)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in the pipeline; `implementers=[lg, …]` become implementing organisations
    and locations, as `project_create` does."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    identifier = factory.Sequence(lambda n: f"XI-PONTE-TEST-{n}")
    title = factory.Sequence(lambda n: f"Project {n}")

    @factory.post_generation
    def implementers(obj, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        for lg in extracted or []:
            ProjectOrganisation.objects.create(
                project=obj,
                role=ProjectOrganisation.Role.IMPLEMENTING,
                name=lg.name,
                local_government=lg,
            )
            obj.locations.add(lg)

"""Writes to programmes: a network's staff create one (their network leads it) and, with the
staff of the networks co-leading it, edit it. Bad input writes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from ponte.accounts.permissions import Actor, is_admin, require, staff_of
from ponte.cooperation.models import Programme
from ponte.cooperation.permissions import can_edit_programme
from ponte.cooperation.services.common import save
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import Network, Theme


def _unique_slug(name: str, acronym: str) -> str:
    base = slugify(acronym or name)[:100] or "programme"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _funders(funders: list[str] | str) -> list[str]:
    if isinstance(funders, str):
        funders = funders.replace(";", "\n").splitlines()
    return [name.strip()[:200] for name in funders if name.strip()]


def _apply(
    programme: Programme,
    *,
    name: str,
    acronym: str,
    description: str,
    start_year: int | None,
    end_year: int | None,
    funders: list[str] | str,
) -> None:
    programme.name = name.strip()
    programme.acronym = acronym.strip()
    programme.description = description.strip()
    programme.start_year = start_year
    programme.end_year = end_year
    programme.funders = _funders(funders)


def _set_relations(
    programme: Programme, co_leads: list[Network] | None, themes: list[str] | None
) -> None:
    """Co-leads and themes as given; None leaves them as they are."""
    if co_leads is not None:
        programme.co_lead_networks.set([n for n in co_leads if n.pk != programme.lead_network_id])
    if themes is not None:
        found = list(Theme.objects.filter(slug__in=themes))
        if len(found) != len(set(themes)):
            unknown = sorted(set(themes) - {t.slug for t in found})
            raise ApplicationError(
                gettext("Some tags are not known."),
                errors={"themes": [gettext("Unknown: %(tags)s") % {"tags": ", ".join(unknown)}]},
            )
        programme.themes.set(found)


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    lead_network: Network,
    name: str,
    acronym: str = "",
    description: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    funders: list[str] | str | None = None,
    co_lead_networks: list[Network] | None = None,
    themes: list[str] | None = None,
) -> Programme:
    """A programme led by the actor's network (an administrator names any lead network)."""
    require(
        is_admin(actor) or staff_of(actor) == lead_network.pk,
        gettext("Only the staff of the leading network may record its programmes."),
    )
    programme = Programme(lead_network=lead_network, slug=_unique_slug(name, acronym))
    _apply(
        programme,
        name=name,
        acronym=acronym,
        description=description,
        start_year=start_year,
        end_year=end_year,
        funders=funders or [],
    )
    save(programme)
    _set_relations(programme, co_lead_networks, themes)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    acronym: str = "",
    description: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    funders: list[str] | str | None = None,
    co_lead_networks: list[Network] | None = None,
    themes: list[str] | None = None,
) -> Programme:
    """Change a programme; its lead and co-leading networks' staff may."""
    require(
        can_edit_programme(actor, programme),
        gettext("Only the staff of the networks leading this programme may change it."),
    )
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    _apply(
        locked,
        name=name,
        acronym=acronym,
        description=description,
        start_year=start_year,
        end_year=end_year,
        funders=funders or [],
    )
    save(locked)
    _set_relations(locked, co_lead_networks, themes)
    return locked

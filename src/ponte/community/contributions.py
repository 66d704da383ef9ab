"""Community tells people what the apps below it report (directory/signals.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext

from ponte.accounts.models import Role
from ponte.community.models import Notification
from ponte.community.services import notify, users_of
from ponte.directory.models import Membership
from ponte.directory.signals import affiliation_decided, affiliation_requested, membership_changed


@receiver(affiliation_requested, dispatch_uid="community.affiliation_requested")
def _tell_staff_of_a_request(sender: Any, user: Any, local_government: Any, **kwargs: Any) -> None:
    """Staff of every network the local government belongs to may confirm it."""
    staff = get_user_model().objects.filter(
        is_active=True,
        role=Role.NETWORK_STAFF,
        network__memberships__local_government=local_government,
    )
    notify(
        recipients=staff.distinct(),
        kind=Notification.Kind.AFFILIATION,
        text=lambda: (
            gettext("%(user)s asks to be a focal point of %(place)s")
            % {"user": user.username, "place": local_government.name}
        ),
        url=reverse("accounts:affiliation-requests"),
    )


@receiver(affiliation_decided, dispatch_uid="community.affiliation_decided")
def _tell_the_person(
    sender: Any, user: Any, local_government: Any, approved: bool, reason: str, **kwargs: Any
) -> None:
    if approved:
        notify(
            recipients=[user],
            kind=Notification.Kind.AFFILIATION,
            text=lambda: (
                gettext(
                    "You are now a focal point of %(place)s: you can edit its profile and act in "
                    "its name."
                )
                % {"place": local_government.name}
            ),
            url=reverse("directory:profile", args=[local_government.slug]),
        )
    else:
        notify(
            recipients=[user],
            kind=Notification.Kind.AFFILIATION,
            text=lambda: (
                gettext("Your request to be a focal point of %(place)s was refused: %(reason)s")
                % {"place": local_government.name, "reason": reason}
            ),
            url=reverse("accounts:affiliation"),
        )


@receiver(membership_changed, dispatch_uid="community.membership_changed")
def _tell_the_members(
    sender: Any, local_government: Any, network: Any, change: str, role: str, **kwargs: Any
) -> None:
    """A local government's focal points hear that a network added, re-roled or removed it."""
    values = {"place": local_government.name, "network": str(network)}
    texts = {
        "added": lambda: gettext("%(network)s added %(place)s as a member") % values,
        # The role's label is rendered with the text, in the recipient's language.
        "role": lambda: (
            gettext("%(place)s is now %(role)s of %(network)s")
            % {**values, "role": Membership.Role(role).label}
        ),
        "removed": lambda: gettext("%(network)s removed %(place)s from its members") % values,
    }
    notify(
        recipients=users_of(local_government),
        kind=Notification.Kind.AFFILIATION,
        text=texts[change],
        url=reverse("directory:network", args=[network.slug]),
    )

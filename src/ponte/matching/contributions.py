"""What matching adds to the pages of apps below it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, member_of, staff_of
from ponte.core.schedule import Periodic, periodic_work
from ponte.directory.slots import contact_grants
from ponte.exchange.slots import need_panels
from ponte.matching.models import Interest
from ponte.matching.tasks import queue_daily_work


@need_panels.panel(key="matching.need", template="matching/_need_panel.html")
def _need_matches(request: HttpRequest, need: Any) -> dict[str, Any]:
    # The matches themselves load after the page shows (htmx), so the page stays fast.
    return {"need": need}


def _partners_of_accepted_matches(user: User) -> Q:
    """The two sides of an accepted interest see each other's contacts (that is what
    accepting offers); a network that accepted an interest sent to it sees the sender's."""
    accepted = Interest.objects.filter(status=Interest.Status.ACCEPTED)
    where = NOTHING
    lg = member_of(user)
    if lg:
        where = where | Q(
            pk__in=accepted.filter(from_local_government_id=lg).values("to_local_government_id")
        )
        where = where | Q(
            pk__in=accepted.filter(to_local_government_id=lg).values("from_local_government_id")
        )
    network = staff_of(user)
    if network:
        where = where | Q(
            pk__in=accepted.filter(to_network_id=network).values("from_local_government_id")
        )
    return where


contact_grants.add(_partners_of_accepted_matches, key="matching.accepted_interests")


periodic_work.add(Periodic(every=dt.timedelta(days=1), enqueue=queue_daily_work), key="daily")

"""Template helpers for cooperation pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ponte.cooperation.models import (
    Activity,
    Budget,
    Document,
    ProjectOrganisation,
    ProjectResult,
    ResultPeriod,
    Transaction,
)
from ponte.core.formats import amount

register = template.Library()


def _short(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "…"


@register.filter
def removal_label(record: object) -> str:
    """What a Remove button removes, in words: the accessible name of the button on the
    project page and the question on the confirmation page."""
    if isinstance(record, Budget):
        return _("Remove the budget of %(value)s %(currency)s for %(start)s – %(end)s") % {
            "value": amount(record.value),
            "currency": record.currency_id,
            "start": _short(record.period_start),
            "end": _short(record.period_end),
        }
    if isinstance(record, Transaction):
        return _("Remove the transaction of %(date)s: %(kind)s, %(value)s %(currency)s") % {
            "date": _short(record.date),
            "kind": record.get_type_display(),
            "value": amount(record.value),
            "currency": record.currency_id,
        }
    if isinstance(record, Activity):
        return _("Remove the activity “%(title)s” of %(date)s") % {
            "title": record.title,
            "date": _short(record.start_date),
        }
    if isinstance(record, ResultPeriod):
        return _("Remove the values of “%(indicator)s” for %(start)s – %(end)s") % {
            "indicator": record.result.indicator,
            "start": _short(record.period_start),
            "end": _short(record.period_end),
        }
    if isinstance(record, ProjectResult):
        return _("Remove the result “%(indicator)s”") % {"indicator": record.indicator}
    if isinstance(record, Document):
        return _("Remove the document “%(title)s”") % {"title": record.title}
    if isinstance(record, ProjectOrganisation):
        return _("Remove the organisation %(name)s (%(role)s)") % {
            "name": record.name,
            "role": record.get_role_display(),
        }
    raise TypeError(f"Nothing to remove: {record!r}")

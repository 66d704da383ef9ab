"""Writes for cooperation, by domain: the records (`records`: partnerships, projects, their
status), what is recorded on them (`subrecords`: results, activities, organisations,
documents) and their money (`money`: budgets, transactions, totals). Everything is
re-exported here, so `from ponte.cooperation import services` reaches every service."""

from ponte.cooperation.services.money import (
    budget_add,
    budget_remove,
    budgeted_amounts,
    converted_total,
    totals_by_currency,
    transaction_add,
    transaction_remove,
)
from ponte.cooperation.services.programmes import programme_create, programme_update
from ponte.cooperation.services.records import (
    may_record_for,
    partnership_create,
    partnership_from_interest,
    partnership_transition,
    partnership_update,
    project_create,
    project_transition,
    project_update,
)
from ponte.cooperation.services.subrecords import (
    activity_add,
    activity_remove,
    document_add,
    document_remove,
    project_organisation_add,
    project_organisation_remove,
    result_add,
    result_period_record,
    result_period_remove,
    result_remove,
)

__all__ = [
    "activity_add",
    "activity_remove",
    "budget_add",
    "budget_remove",
    "budgeted_amounts",
    "converted_total",
    "document_add",
    "document_remove",
    "partnership_create",
    "partnership_from_interest",
    "partnership_transition",
    "partnership_update",
    "may_record_for",
    "programme_create",
    "programme_update",
    "project_create",
    "project_organisation_add",
    "project_organisation_remove",
    "project_transition",
    "project_update",
    "result_add",
    "result_period_record",
    "result_period_remove",
    "result_remove",
    "totals_by_currency",
    "transaction_add",
    "transaction_remove",
]

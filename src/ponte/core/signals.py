"""Signals core sends to the apps above it (core imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `ponte init` after the database is migrated and the reference data loaded. A
# receiver sets up what its app needs in the database beyond migrations (search: the vector
# store) and may return one line for `ponte init` to print.
database_initialised = Signal()

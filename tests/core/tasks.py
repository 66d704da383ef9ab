"""Tasks that exist only for the queue tests (a worker subprocess imports them from here)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task(priority=10)
def slow_the_first_time(marker: str) -> str:
    """Takes minutes on its first run (so a worker can be killed in the middle of it), and
    returns at once when run again."""
    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        time.sleep(300)
    return "done"

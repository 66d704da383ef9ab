"""Load what search needs before a server process takes its first request.

Left to the first search, a new process loads the embedding model, decides the vector store,
reads every public vector into the in-process index and reads the language means: 1-3 s
inside somebody's request, when the next searches take 80-220 ms. `ponte.wsgi` calls
`warm_up()` once per server process, before the server accepts connections, so the wait
moves to start-up. Management commands (migrate, init, reindex, the task worker) do not
import `ponte.wsgi` and never load the model for nothing.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError

logger = logging.getLogger(__name__)


def warm_up() -> bool:
    """Run one search through the whole path (model, vector store, index, language means,
    lexical backend), as a user's first search would. False if the database was not ready;
    the first search then loads what it needs itself."""
    from ponte.search.selectors import search

    start = time.perf_counter()
    try:
        search("warm up", limit=1)
    except DatabaseError as exc:
        # A server started before `ponte init` still serves the pages that say so.
        logger.warning("Search was not warmed up (%s); is the database initialised?", exc)
        return False
    logger.info("Search warmed up in %.1f s.", time.perf_counter() - start)
    return True

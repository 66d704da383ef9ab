"""Turn what a person typed into a safe lexical query: words only, never query syntax.

FTS5 and tsquery both have operators (quotes, NEAR, AND, -, *, :). User input is reduced to
plain folded words, so no input can be a syntax error or change the query's meaning.
"""

from __future__ import annotations

from ponte.core.text import fold

MAX_TERMS = 12
MIN_PREFIX = 3


def query_terms(text: str) -> list[str]:
    """Folded words of the query, at most MAX_TERMS, each at most 40 characters."""
    return [word[:40] for word in fold(text).split() if word][:MAX_TERMS]


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression: any term, prefix-matched when long enough."""
    parts = [f'"{term}"*' if len(term) >= MIN_PREFIX else f'"{term}"' for term in terms]
    return " OR ".join(parts)


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL to_tsquery('simple', …) expression with the same meaning."""
    cleaned = ["".join(ch for ch in term if ch.isalnum()) for term in terms]
    parts = [f"{term}:*" if len(term) >= MIN_PREFIX else term for term in cleaned if term]
    return " | ".join(parts)

"""API schemas shared by every app: the error document, paging, and value sets. Kept apart from
core/api.py, which imports every app's router, so any app's schemas can import these."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

# A decimal written as text: ASCII digits, an optional sign, point and exponent ("12.5",
# "-3", "1e3"). The document says so, and the API takes no other text: pydantic alone would also
# take "", "1_000" or other scripts' digits, and the document could not tell a client which.
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def _decimal_text(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(DECIMAL_PATTERN, value):
        raise ValueError("Use a number such as 12.5.")
    return value


DecimalNumber = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}]}),
]


class Problem(Schema):
    """An error (RFC 9457 problem details)."""

    type: str = Field("about:blank", description="Always about:blank: `title` says what it is.")
    title: str = Field(..., description="The kind of error, e.g. Not found.")
    status: int = Field(..., description="The HTTP status code.")
    detail: str = Field(..., description="What went wrong, for a person to read.")
    errors: dict[str, list[str]] = Field(
        {}, description="Messages by field or parameter name, when some were not valid."
    )


def one_of(*values: object) -> dict[str, Any]:
    """The value set of a text parameter, for the OpenAPI document (json_schema_extra). The
    selectors still check it, so pages and API refuse unknown values with the same 400."""
    return {"enum": list(dict.fromkeys(values))}


MAX_LIMIT = 100
# Far beyond any list Ponte holds, and far below what a database can take as an OFFSET (SQLite
# refuses anything past 2**63 - 1 with an OverflowError, a 500).
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    """Paging for every list endpoint: one bounded definition, so no list can be asked for a
    page the database cannot count to."""

    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip (0-1,000,000).")

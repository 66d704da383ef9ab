"""Writes to the exchange, by domain: needs and offers (`posts`), solidarity requests and
pledges (`solidarity`). Everything is re-exported here, so `from ponte.exchange import
services` reaches every service."""

from ponte.exchange.services.posts import (
    NEED_FIELDS,
    OFFER_FIELDS,
    TEXT_FIELDS,
    Post,
    Provider,
    expire_posts,
    expiry_from,
    need_create,
    offer_create,
    post_transition,
    post_update,
)
from ponte.exchange.services.solidarity import (
    OverPledgeError,
    pledge_advance,
    pledge_create,
    solidarity_request_close,
    solidarity_request_create,
)

__all__ = [
    "NEED_FIELDS",
    "OFFER_FIELDS",
    "TEXT_FIELDS",
    "OverPledgeError",
    "Post",
    "Provider",
    "expire_posts",
    "expiry_from",
    "need_create",
    "offer_create",
    "pledge_advance",
    "pledge_create",
    "post_transition",
    "post_update",
    "solidarity_request_close",
    "solidarity_request_create",
]

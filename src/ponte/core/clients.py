"""Who is asking: the client's address, for sign-in lockouts and rate limits alike.

Behind a reverse proxy REMOTE_ADDR is the proxy's address, the same for everyone. With
PONTE_TRUSTED_PROXIES=N, the client is read from the header the proxies set
(PONTE_CLIENT_IP_HEADER, X-Forwarded-For by default), N hops from its right end: entries
further left were written by the client and are not believed. django-ipware parses the header.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def header_meta_key(header: str) -> str:
    """The request.META key of an HTTP header name ("X-Forwarded-For" -> HTTP_X_FORWARDED_FOR)."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request carries none."""
    proxies = settings.PONTE_TRUSTED_PROXIES
    if proxies > 0:
        # The nearest proxy is REMOTE_ADDR itself; the header lists the client and then every
        # proxy but the nearest, so the client is `proxies - 1` hops from its right end.
        ip, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=[header_meta_key(settings.PONTE_CLIENT_IP_HEADER)],
            strict=False,
        )
        if ip:
            return ip
    return request.META.get("REMOTE_ADDR") or None


def client_key(request: HttpRequest) -> str:
    """What rate limits count by: the account when signed in (colleagues behind one office
    address are not limited together), else the address; IPv6 by its /64, which one
    household or server usually holds whole."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    ip = client_ip(request)
    if ip is None:
        return "ip:unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:  # REMOTE_ADDR set by something other than a socket
        return f"ip:{ip}"
    if address.version == 6:
        return f"ip:{ipaddress.ip_network(f'{ip}/64', strict=False).network_address}"
    return f"ip:{address}"

"""Markdown to safe HTML: raw HTML in the source is not rendered, and the output passes an
allow-list sanitiser, so no script, event handler or javascript: link reaches a page.

Images load only from Ponte itself (a relative address, PONTE_SITE_URL's host, MEDIA_URL's
host when files live in object storage) and from the hosts named in
PONTE_MARKDOWN_IMAGE_HOSTS: an image anywhere else would tell its host who read the page
(a tracking pixel), so it becomes a plain link to the image, its text the image's alt text.
The Content-Security-Policy's img-src (core.middleware) allows the same hosts.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def image_hosts() -> set[str]:
    """Hosts (besides Ponte's own relative addresses) that Markdown images may load from."""
    hosts = {_host(settings.PONTE_SITE_URL), _host(settings.MEDIA_URL)}
    hosts.update(host.strip().lower() for host in settings.PONTE_MARKDOWN_IMAGE_HOSTS)
    return {host for host in hosts if host}


def image_allowed(src: str) -> bool:
    parts = urlsplit(src.strip())
    if not parts.scheme and not parts.netloc:
        return True  # a relative address: Ponte's own origin
    if parts.scheme not in {"http", "https"}:
        return False
    return (parts.hostname or "").lower() in image_hosts()


def _image(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if image_allowed(src):
        return renderer.image(tokens, idx, options, env)
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    # nh3 adds rel="noopener noreferrer nofollow" to the link.
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable("table")
    .enable("strikethrough")
)
_parser.add_render_rule("image", _image)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_markdown(source: str) -> str:
    """Render user Markdown to sanitised HTML (headings start at h2: the page owns h1)."""
    html = _parser.render(source or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )

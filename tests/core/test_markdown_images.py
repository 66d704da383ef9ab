"""Markdown images load only from Ponte's own storage or hosts the operator allows; any other
image (a tracking pixel) becomes a link to it, and the CSP's img-src says the same."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

from ponte.core.markdown import render_markdown
from ponte.core.middleware import content_security_policy


@pytest.fixture(autouse=True)
def _fresh_policy() -> Iterator[None]:
    content_security_policy.cache_clear()
    yield
    content_security_policy.cache_clear()


def test_an_image_from_ponte_itself_renders() -> None:
    html = render_markdown("![Flood map](/media/items/map.png)")
    assert '<img src="/media/items/map.png" alt="Flood map"' in html


def test_an_external_image_becomes_a_link_with_its_alt_text() -> None:
    html = render_markdown("Look: ![Flood map](https://tracker.example/pixel.gif?u=1)")
    assert "<img" not in html
    assert '<a href="https://tracker.example/pixel.gif?u=1"' in html
    assert ">Flood map</a>" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_an_image_without_alt_text_links_with_its_address() -> None:
    html = render_markdown("![](https://tracker.example/p.gif)")
    assert "<img" not in html and ">https://tracker.example/p.gif</a>" in html


def test_alt_text_cannot_inject_markup() -> None:
    html = render_markdown('![<script>alert(1)</script>"x](https://tracker.example/p.gif)')
    assert "<script" not in html and "<img" not in html


def test_protocol_relative_and_other_schemes_are_not_images() -> None:
    assert "<img" not in render_markdown("![x](//tracker.example/p.gif)")
    assert "<img" not in render_markdown("![x](ftp://tracker.example/p.gif)")


@override_settings(PONTE_MARKDOWN_IMAGE_HOSTS=["images.example.org"])
def test_the_operator_can_allow_hosts() -> None:
    assert '<img src="https://images.example.org/a.png"' in render_markdown(
        "![a](https://images.example.org/a.png)"
    )
    assert "<img" not in render_markdown("![a](https://other.example.org/a.png)")


@override_settings(MEDIA_URL="https://bucket.s3.example.com/media/")
def test_media_in_object_storage_renders() -> None:
    assert "<img" in render_markdown("![a](https://bucket.s3.example.com/media/a.png)")


@override_settings(
    PONTE_MARKDOWN_IMAGE_HOSTS=["images.example.org"],
    PONTE_MAP_TILE_URL="https://{s}.tiles.example.net/{z}/{x}/{y}.png",
)
@pytest.mark.django_db
def test_the_csp_allows_exactly_those_image_hosts(client: Client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    sources = img_src.split()[1:]
    assert "images.example.org" in sources and "*.tiles.example.net" in sources
    assert "https:" not in sources and "'self'" in sources

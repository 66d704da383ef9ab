"""Library pages: visibility, sanitising, facets, feeds, attachments."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from ponte.knowledge.models import Item, Status
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_drafts_are_invisible_to_visitors_and_other_cities(client: Client, world: dict) -> None:
    draft = ItemFactory(
        owner=world["surabaya"], status=Status.DRAFT, title="Secret draft", published_at=None
    )
    ItemFactory(owner=world["surabaya"], title="Public practice")
    assert "Secret draft" not in client.get("/library/").content.decode()
    assert client.get(f"/library/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/items/{draft.slug}").status_code == 404
    client.force_login(world["semarang_member"])
    assert client.get(f"/library/{draft.slug}/").status_code == 404
    assert "Secret draft" not in client.get("/library/").content.decode()
    client.force_login(world["surabaya_member"])
    assert client.get(f"/library/{draft.slug}/").status_code == 200
    client.force_login(world["aspac_staff"])  # reviewer of Surabaya's network
    assert client.get(f"/library/{draft.slug}/").status_code == 200
    client.force_login(world["merco_staff"])
    assert client.get(f"/library/{draft.slug}/").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        "Hello <script>alert('x')</script> world",
        "[click me](javascript:alert('x'))",
        '<img src=x onerror="alert(1)">',
        "<a href=\"javascript:alert('x')\">link</a>",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_body_is_sanitised_on_every_page(client: Client, world: dict, body: str) -> None:
    item = ItemFactory(owner=world["surabaya"], body=body)
    html = client.get(f"/library/{item.slug}/").content.decode()
    article = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert_inert(article)
    assert_inert(client.get(f"/api/v1/items/{item.slug}").json()["body_html"])
    client.force_login(world["surabaya_member"])
    assert_inert(client.post("/library/preview/", {"body": body}).content.decode())


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: script elements, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{name}={value}")


def assert_inert(html: str) -> None:
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == [], parser.found


def test_markdown_renders(client: Client, world: dict) -> None:
    item = ItemFactory(
        owner=world["surabaya"],
        body="## Results\n\n- **300** waste banks\n- [Report](https://example.org)",
    )
    html = client.get(f"/library/{item.slug}/").content.decode()
    assert "<h2>Results</h2>" in html and "<strong>300</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_facet_counts_match_filtered_results(client: Client, world: dict) -> None:
    from ponte.directory.models import Theme

    waste, water = Theme.objects.get(slug="waste"), Theme.objects.get(slug="water")
    for i in range(3):
        ItemFactory(owner=world["surabaya"], title=f"Waste {i}").themes.add(waste)
    ItemFactory(owner=world["recife"], title="Recife water", language_id="pt").themes.add(water)
    both = ItemFactory(owner=world["recife"], title="Recife both", language_id="pt")
    both.themes.add(waste, water)
    ItemFactory(owner=world["recife"], title="Hidden", status=Status.DRAFT).themes.add(waste)
    body = client.get("/api/v1/items", {"theme": "waste"}).json()
    assert body["count"] == 4
    assert body["facets"]["theme"] == {"waste": 4, "water": 2}  # a facet ignores its own filter
    assert body["facets"]["region"] == {"asia-pacific": 3, "latin-america": 1}
    assert body["facets"]["language"] == {"en": 3, "pt": 1}
    region_count = body["facets"]["region"]["latin-america"]
    assert (
        client.get("/api/v1/items", {"theme": "waste", "region": "latin-america"}).json()["count"]
        == region_count
    )
    page = client.get("/library/", {"theme": "waste"}).content.decode()
    assert "4 items" in page


def test_bad_filters_are_400(client: Client, world: dict) -> None:
    assert client.get("/library/", {"goal": "99"}).status_code == 400
    response = client.get("/api/v1/items", {"type": "poem"})
    assert response.status_code == 400 and "type" in response.json()["errors"]


def test_atom_feeds_list_published_items(client: Client, world: dict) -> None:
    from ponte.directory.models import Theme

    ItemFactory(owner=world["surabaya"], title="Published one").themes.add(
        Theme.objects.get(slug="waste")
    )
    ItemFactory(owner=world["surabaya"], title="Draft one", status=Status.DRAFT)
    feed = client.get("/library/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "Published one" in text and "Draft one" not in text
    assert "Published one" in client.get("/library/feed/waste/").content.decode()
    assert "Published one" not in client.get("/library/feed/water/").content.decode()
    assert client.get("/library/feed/no-such-theme/").status_code == 404


def test_reader_gets_their_language_first(client: Client, world: dict) -> None:
    item = ItemFactory(owner=world["surabaya"], title="Waste bank", language_id="en")
    item.translations.create(
        language_id="id", title="Bank sampah", summary="Ringkasan", origin="human"
    )
    page = client.get(f"/library/{item.slug}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "<h1>Bank sampah</h1>" in page
    page = client.get(f"/library/{item.slug}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        "<h1>Waste bank</h1>" in page
        and "Bank sampah" not in page.split("<h1>")[1].split("</h1>")[0]
    )


def test_profile_lists_the_city_practices(client: Client, world: dict) -> None:
    ItemFactory(owner=world["surabaya"], title="Surabaya waste banks")
    page = client.get(f"/directory/{world['surabaya'].slug}/").content.decode()
    assert "Surabaya waste banks" in page


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_attachments_enforce_type_and_size(
    client: Client, world: dict, tmp_path: object, settings: object
) -> None:
    """(How an accepted file is stored, once its transaction commits, and served, sandboxed:
    tests/core/test_files.py.)"""
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    item = ItemFactory(owner=world["surabaya"])
    client.force_login(world["surabaya_member"])
    ok = client.post(
        f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("Report 2023.pdf", PDF)}
    )
    assert ok.status_code == 302
    attachment = item.attachments.get()
    assert attachment.name == "report-2023.pdf" and attachment.content_type == "application/pdf"
    bad_type = client.post(
        f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("run.exe", b"MZ...")}
    )
    assert bad_type.status_code == 400 and "not accepted" in bad_type.content.decode()
    disguised = client.post(
        f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("fake.pdf", b"<html>")}
    )
    assert disguised.status_code == 400 and "does not match" in disguised.content.decode()
    with override_settings(PONTE_ATTACHMENT_MAX_BYTES=10):
        too_big = client.post(
            f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("big.pdf", PDF)}
        )
    assert too_big.status_code == 400 and "larger than" in too_big.content.decode()
    assert item.attachments.count() == 1
    client.force_login(world["semarang_member"])
    refused = client.post(
        f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert refused.status_code == 403 and item.attachments.count() == 1


def test_create_edit_and_review_through_pages(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    form = {
        "type": "practice",
        "title": "Mangrove belt",
        "summary": "Planting mangroves against coastal floods.",
        "body": "We planted.",
        "language": "en",
        "themes": ["ecosystems"],
        "sdg_targets": "14.2, 13.1",
    }
    created = client.post("/library/new/", form)
    assert created.status_code == 302
    item = Item.objects.get(title="Mangrove belt")
    assert item.status == Status.DRAFT and item.owner == world["surabaya"]
    stale = client.post(
        f"/library/{item.slug}/edit/", {**form, "version": "1", "title": "Mangrove belt v2"}
    )
    assert stale.status_code == 302
    conflict = client.post(
        f"/library/{item.slug}/edit/", {**form, "version": "1", "title": "Old copy"}
    )
    assert (
        conflict.status_code == 409 and "Someone else saved this item" in conflict.content.decode()
    )
    client.post(f"/library/{item.slug}/submit/")
    client.force_login(world["aspac_staff"])
    assert "Mangrove belt v2" in client.get("/library/review/").content.decode()
    client.post(f"/library/{item.slug}/publish/", {"comment": "Thank you"})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert "Mangrove belt v2" in Client().get("/library/").content.decode()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_links_contacts_and_cover_image(
    client: Client, world: dict, tmp_path: object, settings: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    client.force_login(world["surabaya_member"])
    form = {
        "type": "practice",
        "title": "River clean-up",
        "summary": "Weekly clean-ups.",
        "language": "en",
        "links": "https://example.org/report\nhttp://example.org/photos",
        "contacts": "Dewi Lestari, Environment Agency, dewi@example.org",
    }
    bad = client.post("/library/new/", {**form, "links": "javascript:alert(1)"})
    assert bad.status_code == 400 and "is not a web address" in bad.content.decode()
    bad = client.post("/library/new/", {**form, "contacts": "Dewi, no email"})
    assert bad.status_code == 400 and "end it with an email address" in bad.content.decode()
    assert client.post("/library/new/", form).status_code == 302
    item = Item.objects.get(title="River clean-up")
    assert item.links == ["https://example.org/report", "http://example.org/photos"]
    assert item.contacts == [
        {"name": "Dewi Lestari", "role": "Environment Agency", "email": "dewi@example.org"}
    ]
    refused = client.post(
        f"/library/{item.slug}/attach/",
        {"file": SimpleUploadedFile("a.pdf", PDF), "as_cover": "on"},
    )
    assert refused.status_code == 400 and "Only an image" in refused.content.decode()
    client.post(
        f"/library/{item.slug}/attach/",
        {"file": SimpleUploadedFile("river.png", PNG), "as_cover": "on"},
    )
    item.refresh_from_db()
    assert item.cover is not None and item.cover.content_type == "image/png"
    page = client.get(f"/library/{item.slug}/").content.decode()
    assert f"/library/{item.slug}/files/{item.cover_id}/" in page and "dewi@example.org" in page
    assert "dewi@example.org" not in Client().get(f"/library/{item.slug}/").content.decode()


class _Actions(HTMLParser):
    """The buttons of a page's actions panel, and the labels of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[str] = []
        self.labels: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("button", "label"):
            self._in = tag
            (self.buttons if tag == "button" else self.labels).append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            target = self.buttons if self._in == "button" else self.labels
            target[-1] += data.strip()


def _actions(response: object) -> _Actions:
    html = response.content.decode()  # type: ignore[attr-defined]
    start = html.index('<aside class="actions"')
    parser = _Actions()
    parser.feed(html[start : html.index("</aside>", start)])
    return parser


def test_each_reader_sees_only_the_moves_they_may_take(client: Client, world: dict) -> None:
    item = ItemFactory(owner=world["surabaya"], status=Status.DRAFT, published_at=None)
    url = f"/library/{item.slug}/"
    client.force_login(world["surabaya_member"])
    assert _actions(client.get(url)).buttons == ["Submit for review"]
    assert client.post(f"{url}submit/").url == url
    assert _actions(client.get(url)).buttons == []  # waiting for a reviewer
    client.force_login(world["aspac_staff"])
    panel = _actions(client.get(url))
    assert panel.buttons == ["Publish", "Return to authors"]
    assert panel.labels == ["Comment to the authors"]
    refused = client.post(f"{url}return/", {"comment": "  "})
    assert refused.status_code == 400 and "Say what needs to change." in refused.content.decode()
    returned = client.post(f"{url}return/", {"comment": "Add the costs."}, follow=True)
    assert returned.redirect_chain[-1][0] == "/library/review/"
    assert "Returned to the authors." in returned.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.revisions.latest("number").comment == "Add the costs."
    client.force_login(world["merco_staff"])  # staff of a network Surabaya is not in
    assert client.get(url).status_code == 404


def test_a_refused_move_says_why_in_the_readers_language(client: Client, world: dict) -> None:
    item = ItemFactory(owner=world["surabaya"], status=Status.SUBMITTED, published_at=None)
    client.force_login(world["surabaya_member"])  # the owner may not publish its own item
    refused = client.post(f"/library/{item.slug}/publish/", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 403
    assert "Solo un revisor de las redes del propietario" in refused.content.decode()
    client.force_login(world["aspac_staff"])
    wrong = client.post(f"/library/{item.slug}/archive/", HTTP_ACCEPT_LANGUAGE="pt")
    assert wrong.status_code == 400
    assert "“Arquivar” não é possível" in wrong.content.decode()
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_keyword_filter_matches_every_language_version(client: Client, world: dict) -> None:
    """The list shows a reader their language's title, so the keyword filter must find it."""
    item = ItemFactory(
        owner=world["surabaya"],
        language_id="id",
        title="Bank sampah di setiap kelurahan",
        summary="Warga menabung sampah terpilah.",
    )
    item.translations.create(
        language_id="en",
        title="Waste banks in every neighbourhood",
        summary="Residents save sorted waste and earn money.",
        origin="human",
    )
    ItemFactory(owner=world["surabaya"], title="Bus lanes", language_id="en")
    page = client.get("/library/", {"q": "Waste banks in every"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Waste banks in every neighbourhood" in page.content.decode()
    assert "1 item" in page.content.decode() and "Bus lanes" not in page.content.decode()
    for q in ("waste banks in every", "earn money", "Bank sampah", "sampah terpilah"):
        body = client.get("/api/v1/items", {"q": q}).json()
        assert body["count"] == 1, q
        assert body["facets"]["language"] == {"id": 1}, q
    assert client.get("/api/v1/items", {"q": "compost"}).json()["count"] == 0

"""What a search counts and shows: only what matches (lexical hits with most of the query's
words, semantic results close in meaning), pages of them on the page and in the API, and a
plain "nothing close" for a query nothing is close to."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ponte.search import services
from tests.factories import ItemFactory, LocalGovernmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flood_library(library: dict) -> list:
    """25 practices on floods (more than a page of 20), beside the small library."""
    owner = LocalGovernmentFactory(city_name="Recife", slug="recife-floods")
    practices = [
        ItemFactory(
            owner=owner,
            language_id="en",
            title=f"Flood early warning {n}",
            summary=f"Flood sirens and text messages in district {n} before the river rises.",
        )
        for n in range(25)
    ]
    services.reindex()
    return practices


TOPICS = [
    "Flood early warning by text message",
    "Waste bank where households save money",
    "Participatory budgeting in every neighbourhood",
    "Bus rapid transit corridors",
    "Urban farming on vacant lots",
    "Community mangrove restoration",
    "Heat wave action plan with cooling centres",
    "Rainwater harvesting in dry seasons",
    "Solar panels on public school roofs",
    "Green bonds for drainage works",
    "Protected bicycle lanes",
    "Slum upgrading with sanitation and land titles",
    "Landslide risk maps and building bans",
    "Earthquake drills in schools",
    "One-stop centre for migrants and refugees",
    "Safer public transport for women",
    "Childcare for market vendors",
    "Community kitchens with local farmers",
    "Rebuilding heritage after an earthquake",
    "Climate emergency declaration",
    "Electric buses replacing diesel",
    "Treated wastewater to irrigate parks",
    "Wildfire prevention brigades",
    "Licensing street vendors in night markets",
    "Open data on response times to complaints",
]


@pytest.fixture
def varied_library(library: dict) -> None:
    """Some fifty practices on the topics cities share, enough for a typical document."""
    owners = [
        LocalGovernmentFactory(city_name="Quito", slug="quito-topics"),
        LocalGovernmentFactory(city_name="Davao", slug="davao-topics"),
    ]
    for owner in owners:
        for topic in TOPICS:
            ItemFactory(
                owner=owner,
                language_id="en",
                title=f"{topic} in {owner.name}",
                summary=f"How {owner.name} did it: {topic.lower()}, step by step.",
            )
    services.reindex()


def _titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+"[^>]*>([^<]+)</a></h2>', page)


def test_a_query_nothing_is_close_to_says_so(client: Client, varied_library: None) -> None:
    body = client.get("/api/v1/search", {"q": "xyzzy qwerty plugh"}).json()
    assert (body["total"], body["results"]) == (0, [])
    page = client.get("/search/", {"q": "xyzzy qwerty plugh"}).content.decode()
    assert "Nothing close to “xyzzy qwerty plugh”" in page
    assert "0 results" not in page and "search-hit" not in page
    page = client.get(
        "/search/", {"q": "xyzzy qwerty plugh"}, HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "Tidak ada yang mendekati “xyzzy qwerty plugh”" in page
    # Words that occur nowhere, but a meaning that does: a query in a language the library
    # lacks still finds what is close to it.
    body = client.get("/api/v1/search", {"q": "hortas urbanas em terrenos baldios"}).json()
    assert body["total"] >= 1
    assert body["results"][0]["title"].startswith("Urban farming on vacant lots")


def test_total_counts_what_matches_not_every_candidate(client: Client, library: dict) -> None:
    everything = client.get("/api/v1/search", {"q": "banjir rob", "limit": 50}).json()
    assert everything["total"] == len(everything["results"])
    titles = [hit["title"] for hit in everything["results"]]
    assert titles[0] == "Sistem polder untuk mengatasi banjir rob"
    # The participatory budget in Rosario has nothing to do with tidal floods.
    assert "Presupuesto participativo barrial" not in titles


def test_the_search_page_has_pages_with_links_both_ways(
    client: Client, flood_library: list
) -> None:
    first = client.get("/search/", {"q": "flood early warning"}).content.decode()
    total = int(re.search(r"(\d+) results", first).group(1))
    assert total >= 25
    assert f"{total} results · showing 1–20" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert re.search(r'<nav aria-label="Pages of results"', first)
    next_href = re.search(r'<a href="\?([^"]+)" rel="next">Next</a>', first).group(1)
    assert "page=2" in next_href and "q=flood" in next_href
    second = client.get(f"/search/?{next_href.replace('&amp;', '&')}").content.decode()
    assert 'rel="prev"' in second and "Page 2 of" in second
    page_one, page_two = _titles(first), _titles(second)
    assert len(page_one) == 20 and len(page_two) == total - 20
    assert not set(page_one) & set(page_two)
    assert {p.title for p in flood_library} <= set(page_one) | set(page_two)
    past = client.get("/search/", {"q": "flood early warning", "page": 9})
    assert past.status_code == 404
    assert "Page 9 does not exist" in past.content.decode()
    assert client.get("/search/", {"q": "flood", "page": "two"}).status_code == 400


def test_the_api_pages_through_the_same_matches(client: Client, flood_library: list) -> None:
    whole = client.get("/api/v1/search", {"q": "flood early warning", "limit": 50}).json()
    assert whole["total"] == len(whole["results"]) >= 25
    pages = [
        client.get(
            "/api/v1/search", {"q": "flood early warning", "limit": 10, "offset": offset}
        ).json()
        for offset in range(0, whole["total"], 10)
    ]
    assert all(page["total"] == whole["total"] for page in pages)
    assert [hit["title"] for page in pages for hit in page["results"]] == [
        hit["title"] for hit in whole["results"]
    ]
    beyond = client.get(
        "/api/v1/search", {"q": "flood early warning", "offset": whole["total"]}
    ).json()
    assert beyond["results"] == [] and beyond["total"] == whole["total"]

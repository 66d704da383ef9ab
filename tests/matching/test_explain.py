"""What a reason says is decided without Django (matching/explain.py) and put into the
reader's words by matching/reasons.py."""

from __future__ import annotations

import subprocess
import sys

from django.utils import translation

from ponte.matching.engine import REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA, Factor
from ponte.matching.explain import Count, Reason, Tags, reason, worth_showing


def _factor(code: str, contribution: float = 0.1, **detail: object) -> Factor:
    return Factor(code=code, value=1.0, contribution=contribution, detail=dict(detail))


def test_explain_imports_no_django() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ponte.matching.explain; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "[]"


def test_reasons_are_chosen_as_message_ids_with_values() -> None:
    context = reason(
        _factor("context", coastal=True, population=8540121, place="Jakarta"),
        kind="local_government",
    )
    assert context.message == "Similar context: %(details)s"
    parts = context.values["details"]
    assert [p.message for p in parts] == ["both coastal", "%(place)s has %(population)s people"]
    assert parts[1].values["population"] == Count(8540121)
    assert reason(_factor("hazards", hazards=["flood"]), kind="practice") == Reason(
        "Both face %(hazards)s", {"hazards": Tags("hazards", ("flood",))}
    )
    bridge = reason(
        _factor("bridge", regions=[REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA]), kind="offer"
    )
    assert bridge.message == "A South-South bridge between Asia-Pacific and Latin America"
    hours = reason(_factor("time_zone", hours=1.2), kind="local_government")
    assert (hours.plural, hours.number) == ("%(hours)d working hours overlap", 1)
    assert not worth_showing(_factor("text", contribution=0.004))


def test_reasons_in_the_readers_words(db) -> None:  # type: ignore[no-untyped-def]
    from ponte.matching.reasons import Labels, in_words

    labels = Labels()
    context = reason(
        _factor("context", same_level=True, population=8540121, place="Jakarta"),
        kind="local_government",
    )
    with translation.override("id"):
        words = in_words(context, labels)
        hours = in_words(reason(_factor("time_zone", hours=3), kind="offer"), labels)
    assert "8.540.121" in words and "Jakarta" in words
    assert hours.startswith("3 ")
    with translation.override("en"):
        assert in_words(reason(_factor("time_zone", hours=1), kind="offer"), labels) == (
            "1 working hour overlaps"
        )
        assert in_words(reason(_factor("time_zone", hours=2), kind="offer"), labels) == (
            "2 working hours overlap"
        )

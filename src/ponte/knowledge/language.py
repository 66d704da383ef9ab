"""Offline language detection with lingua (its models ship inside the wheel)."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language as LinguaLanguage
from lingua import LanguageDetector, LanguageDetectorBuilder

# The languages of Ponte's regions that lingua knows. Restricting the set makes detection
# faster and more accurate on short texts than asking about all 75 languages.
CANDIDATES = [
    LinguaLanguage.ENGLISH,
    LinguaLanguage.SPANISH,
    LinguaLanguage.PORTUGUESE,
    LinguaLanguage.INDONESIAN,
    LinguaLanguage.MALAY,
    LinguaLanguage.TAGALOG,
    LinguaLanguage.VIETNAMESE,
    LinguaLanguage.THAI,
    LinguaLanguage.CHINESE,
    LinguaLanguage.JAPANESE,
    LinguaLanguage.KOREAN,
    LinguaLanguage.HINDI,
    LinguaLanguage.BENGALI,
    LinguaLanguage.URDU,
    LinguaLanguage.FRENCH,
    LinguaLanguage.MONGOLIAN,
]


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell."""
    if len(text.strip()) < 3:
        return None
    language = _detector().detect_language_of(text)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()

"""Per-language search indexes.

mkdocs-static-i18n writes one search index holding both languages; Material
then shows English results on Welsh pages. `split_search_index` makes one
index per language, each with its own pipeline (the lunr functions Material
keeps): Welsh keeps every word, so no English stop-word list drops Welsh
words such as "a", "i" or "am", and no trimmer cuts "tŷ" to "t" (lunr's
trimmer treats ŵ and ŷ as punctuation); English keeps Material's default.
Neither uses the stemmer: Material searches prefixes ("powys*"), which never
meet stemmed terms.
"""

from __future__ import annotations

import copy

PIPELINES = {
    "cy": [],
    "en": ["stopWordFilter"],
}


def split_search_index(index: dict, languages: list[str], default: str) -> dict[str, dict]:
    """{lang: index}; locations of non-default languages become relative to their folder."""
    result = {}
    for lang in languages:
        prefix = "" if lang == default else f"{lang}/"
        docs = []
        for doc in index.get("docs", []):
            location = doc.get("location", "")
            in_language = location.startswith(prefix) if prefix else not any(
                location.startswith(f"{other}/") or location == other for other in languages if other != default)
            if in_language:
                doc = dict(doc, location=location[len(prefix):])
                docs.append(doc)
        config = copy.deepcopy(index.get("config", {}))
        config["lang"] = ["en"]  # lunr has no Welsh; with the pipeline below nothing English-specific runs
        config["pipeline"] = PIPELINES.get(lang, PIPELINES["en"])
        result[lang] = {"config": config, "docs": docs}
    return result

"""What text may contain: no invisible or direction-changing characters, NFC only,
and plain ASCII where a value becomes an address (ids, web hosts).

Zero-width characters make two names that look the same differ (or a name that
looks empty); bidi controls reorder what a reader sees (a "Trojan Source"
trick); NFD text (a letter plus a combining accent) looks right but search
cannot match it against the NFC text everyone types. Look-alike letters from
other scripts (Cyrillic "е" for Latin "e") in an id or a host make a second
thing that looks identical to the first, so the message names them.
"""

from __future__ import annotations

import unicodedata

# Invisible format characters and bidirectional controls (Unicode's Cf set
# that has no place in the data, plus the bidi marks).
INVISIBLE = {
    0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
    *range(0x200B, 0x2010),  # zero-width space/joiners, LRM, RLM
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2060, 0x2070),  # word joiner, invisible operators, LRI..PDI
    0x3164, 0xFEFF, 0xFFA0,
}


def describe(character: str) -> str:
    """U+200B (ZERO WIDTH SPACE)."""
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'unnamed character')})"


def invisible_character(text: str) -> str | None:
    for character in text:
        if ord(character) in INVISIBLE:
            return character
    return None


def text_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when a text holds something no reader can see, or is not NFC."""
    character = invisible_character(text)
    if character is not None:
        kind = "a direction-changing" if unicodedata.bidirectional(character) in {
            "LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM"} else "an invisible"
        return (f"the text contains {kind} character {describe(character)}",
                "delete it: retype the text around it (it is often pasted in with text from a web page or PDF)")
    if not unicodedata.is_normalized("NFC", text):
        return ("the text is not in Unicode NFC form (an accent is stored as a separate character after its letter)",
                "retype the accented letters (ŵ, ŷ, â ...) or save the file with NFC normalisation; "
                "search cannot match them otherwise")
    return None


def look_alikes(text: str) -> str:
    """The characters of `text` outside ASCII, each named: "'е' U+0435 (CYRILLIC SMALL LETTER IE)"."""
    seen = []
    for character in text:
        if ord(character) > 0x7F and character not in seen:
            seen.append(character)
    return ", ".join(f"'{character}' {describe(character)}" for character in seen)

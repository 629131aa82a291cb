"""Vietnamese text: diacritic-insensitive search keys and dictionary collation.

Search: members are found by typing without diacritics ("nguyen van an" finds
"Nguyễn Văn An"), so a folded copy of the name is stored and indexed.

Collation: Vietnamese lists of people sort by given name (the last word), then by the
full name, in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
ư v x y) with tones as a secondary key (ngang, huyền, hỏi, ngã, sắc, nặng). Neither the
database's collation nor Python's default ordering does that, so a sortable ASCII key is
computed here and stored.
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Base letter + breve / circumflex / horn -> the Vietnamese letter it makes.
_SHAPED = {
    "a\u0306": "ă",
    "a\u0302": "â",
    "e\u0302": "ê",
    "o\u0302": "ô",
    "o\u031b": "ơ",
    "u\u031b": "ư",
}


def fold(text: str) -> str:
    """Lowercase, strip every diacritic, map đ→d, collapse spaces: the search key."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def _letters(word: str) -> tuple[str, str]:
    """Primary key (letters in alphabet order) and secondary key (tones) of one word."""
    primary: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFD", word.casefold())):
        base, marks = cluster[0], cluster[1:]
        letter = next((_SHAPED[base + m] for m in marks if base + m in _SHAPED), base)
        tone = next((_TONES[m] for m in marks if m in _TONES), "0")
        index = _ALPHABET.find(letter)
        primary.append(chr(0x30 + index) if index >= 0 else letter)
        tones.append(tone)
    return "".join(primary), "".join(tones)


def _clusters(decomposed: str) -> list[str]:
    clusters: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and clusters:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def vi_sort_key(full_name: str) -> str:
    """A key that sorts Vietnamese personal names as a Vietnamese list does: by given name."""
    words = full_name.split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primaries, tones = zip(*(_letters(w) for w in ordered), strict=True)
    return " ".join(primaries) + "|" + " ".join(tones)

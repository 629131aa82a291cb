"""Deterministic, fictitious Vietnamese personal names with correct diacritics.

Surnames follow their rough real frequencies (Nguyễn ≈ 38%), so lists look like a real
organization's. Every name comes from a seeded ``random.Random``, so the demo is identical on
every machine. Names of real, prominent office holders are skipped: the demo must not put real
people's names on fictitious ratings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 35),
    ("Huỳnh", 15),
    ("Phan", 45),
    ("Vũ", 30),
    ("Võ", 10),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trịnh", 5),
    ("Đào", 5),
    ("Mai", 4),
    ("Tạ", 3),
    ("Lương", 3),
    ("Chu", 2),
    ("Khuất", 2),
    ("Kiều", 2),
    ("Nghiêm", 1),
)
MIDDLE_MALE = (
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Công",
    "Thanh",
    "Xuân",
    "Mạnh",
    "Tiến",
    "Ngọc",
    "Duy",
    "Hoàng",
    "Việt",
    "Quốc",
    "Trọng",
    "Anh",
    "Thế",
)
MIDDLE_FEMALE = (
    "Thị",
    "Thị",
    "Thị",
    "Thu",
    "Thanh",
    "Ngọc",
    "Minh",
    "Phương",
    "Thúy",
    "Hồng",
    "Kim",
    "Bích",
    "Hải",
    "Diệu",
    "Lan",
)
GIVEN_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Huy",
    "Hưng",
    "Khánh",
    "Long",
    "Lâm",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Hiếu",
    "Hòa",
    "Kiên",
    "Lực",
    "Nghĩa",
    "Phúc",
    "Quyết",
    "Tâm",
    "Thịnh",
    "Toàn",
    "Chiến",
    "Đông",
    "Giang",
    "Hậu",
    "Khải",
    "Lộc",
)
GIVEN_FEMALE = (
    "Anh",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hồng",
    "Dung",
    "Giang",
    "Loan",
    "Ngọc",
    "Thư",
    "Uyên",
)

# Real senior office holders whose names a random draw could hit: never generated.
REAL_PEOPLE = frozenset(
    {
        "Đinh Tiến Dũng",
        "Nguyễn Văn Phong",
        "Nguyễn Thị Tuyến",
        "Trần Sỹ Thanh",
        "Nguyễn Ngọc Tuấn",
        "Nguyễn Phú Trọng",
        "Tô Lâm",
        "Phạm Minh Chính",
        "Vương Đình Huệ",
        "Trần Thanh Mẫn",
        "Lương Cường",
        "Nguyễn Văn Nên",
        "Nguyễn Thị Thu Hà",
        "Bùi Thị Minh Hoài",
        "Nguyễn Văn Thắng",
        "Nguyễn Văn Hùng",
        "Nguyễn Quang Dũng",
        "Nguyễn Văn Dũng",
        "Nguyễn Thanh Bình",
        "Nguyễn Văn Sơn",
    }
)


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str  # "male" / "female", as organizations.Sex


class NameGenerator:
    """Draws distinct names from a seeded generator (distinct within one generator)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set(REAL_PEOPLE)
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]

    def person(self, sex: str | None = None) -> Person:
        sex = sex or ("male" if self._rng.random() < 0.56 else "female")
        for _ in range(1000):
            name = self._draw(sex)
            if name not in self._used:
                self._used.add(name)
                return Person(name, sex)
        raise RuntimeError("the name pool is exhausted")  # pragma: no cover - 60,000+ names

    def _draw(self, sex: str) -> str:
        rng = self._rng
        surname = rng.choices(self._surnames, weights=self._weights)[0]
        if sex == "male":
            middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
        else:
            middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
        if sex == "female" and rng.random() < 0.15:  # "Nguyễn Thị Thu Hà": Thị comes first
            middle = f"Thị {rng.choice([m for m in MIDDLE_FEMALE if m not in ('Thị', given)])}"
        elif middle == given:
            middle = "Văn" if sex == "male" else "Thị"
        return f"{surname} {middle} {given}"

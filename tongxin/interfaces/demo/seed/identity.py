"""Invented people: names, valid-checksum ID numbers, unique phone numbers, credit codes.

Uniqueness is built in rather than checked against a set of everything issued so far, so a
city-sized run does not hold millions of numbers in memory: an ID number is unique by its
(region, birth date, sequence) and the sequence is a counter; a phone number is a bijection
of a counter.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from faker import Faker
from stdnum.cn import ric, uscc

from tongxin.interfaces.demo.seed.config import FIXED_PHONE_PREFIX, FIXED_REGION, PHONE_PREFIXES, REF_DATE, REGION_CODES
from tongxin.platform.core.people import pinyin_of
from tongxin.platform.core.personal import ProtectedValue, protect_id_number, protect_phone

# Names the fixed demo residents use; the generator never hands them out again, so a search
# for 张三 finds exactly one person.
RESERVED_NAMES = frozenset({"张三", "李四"})
_PHONE_SPACE = 10**8
_PHONE_STEP = 48271  # coprime with 10**8: n -> n * step mod 10**8 is a bijection


@dataclass(frozen=True)
class Person:
    """A person as the registries store them, numbers already protected."""

    name: str
    pinyin: tuple[str, str]
    gender: str  # "M" / "F"
    birth_date: datetime.date
    id_number: ProtectedValue | None
    phone: ProtectedValue | None


@dataclass(frozen=True)
class FixedPerson:
    """A deterministic resident the browser tests look for (张三, 李四)."""

    name: str
    id_number: str
    phone: str


def fixed_id(birth: str, seq: str) -> str:
    first17 = FIXED_REGION + birth + seq
    return first17 + ric.calc_check_digit(first17 + "0")


ZHANGSAN = FixedPerson("张三", fixed_id("19580315", "013"), FIXED_PHONE_PREFIX + "12340001")
LISI = FixedPerson("李四", fixed_id("19630822", "027"), FIXED_PHONE_PREFIX + "12340002")


def _valid_years(code: str) -> frozenset[int]:
    years = set()
    for year in range(1900, REF_DATE.year + 1):
        first17 = f"{code}{year}0701001"
        if ric.is_valid(first17 + ric.calc_check_digit(first17 + "0")):
            years.add(year)
    return frozenset(years)


class Identities:
    """Hands out names and personal numbers, deterministically from one seed."""

    def __init__(self, seed: int, rng: random.Random) -> None:
        self.rng = rng
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed)
        self._pinyin: dict[str, tuple[str, str]] = {}
        self._id_seq: dict[int, int] = {}
        self._phone_n = rng.randrange(_PHONE_SPACE)
        self._credit_n = rng.randrange(10**7)
        self._years = {code: _valid_years(code) for code in REGION_CODES}
        self._codes_by_year: dict[int, tuple[str, ...]] = {}
        self._checked: set[tuple[str, int]] = set()

    # names -----------------------------------------------------------------------------
    def surname(self) -> str:
        return self.faker.last_name()

    def name(self, gender: str, surname: str | None = None) -> str:
        while True:
            given = self.faker.first_name_male() if gender == "M" else self.faker.first_name_female()
            name = (surname or self.faker.last_name()) + given
            if name not in RESERVED_NAMES:
                return name

    def pinyin(self, name: str) -> tuple[str, str]:
        # Names repeat a lot (Faker has a few hundred given names), and pypinyin is the
        # slowest step per person, so each distinct name is converted once.
        found = self._pinyin.get(name)
        if found is None:
            found = self._pinyin[name] = pinyin_of(name)
        return found

    # numbers ---------------------------------------------------------------------------
    def birth_date(self, age: int) -> datetime.date:
        # Keep a month's margin before the reference date, so no one is born "in the future"
        # on a machine whose clock is a little behind.
        latest = REF_DATE - datetime.timedelta(days=30)
        start = datetime.date(latest.year - age - 1, latest.month, latest.day) + datetime.timedelta(days=1)
        return start + datetime.timedelta(days=self.rng.randrange(365))

    def _codes_for(self, year: int) -> tuple[str, ...]:
        codes = self._codes_by_year.get(year)
        if codes is None:
            codes = self._codes_by_year[year] = tuple(c for c in REGION_CODES if year in self._years[c])
        return codes

    def id_number(self, birth: datetime.date, gender: str, local_code: str) -> tuple[str, datetime.date]:
        """A valid ID number for the person; returns it with the birth date it encodes."""
        male = gender == "M"
        while True:
            codes = self._codes_for(birth.year)
            code = local_code if local_code in codes and self.rng.random() < 0.75 else self.rng.choice(codes)
            region_index = REGION_CODES.index(code)
            # One int per (region, day, sex): a city run tracks hundreds of thousands of them.
            key = (region_index << 22) | (birth.toordinal() << 1) | male
            used = self._id_seq.get(key, 0)
            if used < 500:
                break
            # 500 people of one sex born the same day in one county: move to the next day.
            birth += datetime.timedelta(days=1)
        self._id_seq[key] = used + 1
        # Start each day's sequence at a different place so numbers do not all end in 001.
        index = (birth.toordinal() * 37 + region_index * 11 + used) % 500
        seq = index * 2 + (1 if male else 0)  # the 17th digit is odd for men (GB 11643)
        first17 = f"{code}{birth:%Y%m%d}{seq:03d}"
        number = first17 + ric.calc_check_digit(first17 + "0")
        # The checksum and the date are right by construction and the region was chosen among
        # codes valid in that year, so python-stdnum's full check (a slow table look-up) runs
        # once per region and year rather than once per person.
        if (code, birth.year) not in self._checked:
            if not ric.is_valid(number):
                raise AssertionError(f"generated an invalid ID number for {birth} in {code}")
            self._checked.add((code, birth.year))
        return number, birth

    def phone(self) -> str:
        n = self._phone_n
        self._phone_n += 1
        prefix = PHONE_PREFIXES[n % len(PHONE_PREFIXES)]
        body = (n // len(PHONE_PREFIXES) * _PHONE_STEP) % _PHONE_SPACE
        return f"{prefix}{body:08d}"

    def credit_code(self, dept_type: str, region: str) -> str:
        """A unified social credit code (GB 32100) with valid check characters."""
        self._credit_n += 1
        body = f"{(self._credit_n * 7919) % 10**8:08d}"
        # The organization code (GB 11714) carries its own check character.
        total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        check = 11 - total % 11
        org_code = body + ("X" if check == 10 else "0" if check == 11 else str(check))
        first17 = dept_type + region + org_code
        code = first17 + uscc.calc_check_digit(first17)
        if not uscc.is_valid(code):
            raise AssertionError(f"generated an invalid credit code {code}")
        return code

    # whole people ----------------------------------------------------------------------
    def person(
        self,
        *,
        gender: str,
        age: int,
        local_code: str,
        surname: str | None = None,
        with_id: bool = True,
        with_phone: bool = True,
    ) -> Person:
        name = self.name(gender, surname)
        birth = self.birth_date(age)
        protected_id = None
        if with_id:
            number, birth = self.id_number(birth, gender, local_code)
            protected_id = protect_id_number(number)
        return Person(
            name=name,
            pinyin=self.pinyin(name),
            gender=gender,
            birth_date=birth,
            id_number=protected_id,
            phone=protect_phone(self.phone()) if with_phone else None,
        )

    def fixed(self, fixed: FixedPerson) -> Person:
        return Person(
            name=fixed.name,
            pinyin=self.pinyin(fixed.name),
            gender="M" if int(fixed.id_number[16]) % 2 else "F",
            birth_date=ric.get_birth_date(fixed.id_number),
            id_number=protect_id_number(fixed.id_number),
            phone=protect_phone(fixed.phone),
        )


def age_on_ref(birth: datetime.date) -> int:
    return REF_DATE.year - birth.year - ((REF_DATE.month, REF_DATE.day) < (birth.month, birth.day))

"""The records of the quantity layer: one `Quantity` per number, a `Group` of quantities that
belong together, and `Quantities`, a document's quantities with the totals and partitions
found between them. The rules in lint/checks/numbers.py read these; nothing here parses text.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

COUNT_KINDS = frozenset({"count", "money", "percent"})


@dataclass(eq=False, slots=True)
class Quantity:
    """One number in the text, with what it counts and how it relates to its neighbours."""

    start: int                 # the expression: qualifier, currency, number (and unit)
    end: int
    num_start: int             # the number as written ("12", "eight", "dozens")
    num_end: int
    low: float                 # the values the expression allows, qualifier included
    high: float
    value: float               # the nominal value
    kind: str                  # count, money, percent, age, time, date, year, ordinal, label,
    #                            address, phone, measure, duration, compound
    qualifier: str = ""        # bound of the qualifier: min, max, approx, near, exact, additional
    unit: str = ""             # currency code for money, "percent"/"pp" for percentages
    subject: str | None = None           # canonical subject ("people", "drones", "profit")
    subject_class: str | None = None
    subject_end: int = -1                # end offset of the subject head
    modifiers: tuple[str, ...] = ()      # words between number and head ("ballistic")
    implied: bool = False                # subject not written: "kills 14" counts people
    event: str | None = None
    sentence: int = -1                   # index into doc.sentences
    headline: bool = False
    earlier: bool = False                # an older figure ("had earlier said nine")
    later: bool = False                  # a newer figure ("rose to 15", "now")
    irrealis: bool = False               # a plan, threat, capacity or negation
    places: frozenset = frozenset()
    days: frozenset = frozenset()
    periods: frozenset = frozenset()
    other_event: bool = False
    list_id: int = -1                    # members of one coordinated list share an id
    part_of: Group | None = None         # the whole this is a part of
    total_of: Group | None = None        # the parts this is the total of
    total_cue: bool = False
    base_words: tuple[str, ...] = ()     # "52 percent of the vote" -> ("vote",)
    change: bool = False                 # a percentage of change or a rate
    partitive: bool = False              # "38 of them", "three of whom"
    tok_start: int = 0                   # token indices in the sentence (internal)
    tok_num: int = 0
    tok_end: int = 0
    tok_tail: int = 0
    text: str = ""                       # the expression as written
    described: str = ""                  # with its subject, for messages

    @property
    def counted(self) -> bool:
        """A count, sum of money or percentage (not an age, date, label...)."""
        return self.kind in COUNT_KINDS

    @property
    def comparable(self) -> bool:
        """A count that may be compared with another mention of the same count."""
        return (self.kind in ("count", "money") and not self.irrealis and not self.partitive
                and self.qualifier != "additional" and self.part_of is None
                and self.subject is not None and (self.event is not None or self.kind == "money"))

    @property
    def key(self) -> tuple:
        """What must match for two mentions to count the same thing."""
        return (self.kind, self.unit, self.subject, self.modifiers, self.event)

    @property
    def exact(self) -> bool:
        """True if the expression allows one value only."""
        return self.low == self.high

    def contradicts(self, other: Quantity) -> bool:
        """True if no value satisfies both expressions."""
        return self.high < other.low or other.high < self.low

    def describe(self) -> str:
        """The expression with its subject, as a message shows it: 'at least 12 people'."""
        return self.described


@dataclass(eq=False)
class Group:
    """Quantities that belong together: the members of a list, or a single quantity."""

    members: list[Quantity]

    @property
    def low(self) -> float:
        """The least the members allow together."""
        return sum(q.low for q in self.members)

    @property
    def high(self) -> float:
        """The most the members allow together."""
        return sum(q.high for q in self.members)

    @property
    def start(self) -> int:
        """Where the first member starts."""
        return self.members[0].start

    @property
    def end(self) -> int:
        """Where the last member ends."""
        return self.members[-1].end


@dataclass
class Quantities:
    """All quantities of a document, in text order, with the relations between them."""

    items: list[Quantity]
    totals: list[tuple[Quantity, Group]] = field(default_factory=list)       # total, parts
    partitions: list[tuple[Group, Group]] = field(default_factory=list)      # whole, parts
    _pairs: dict | None = None

    def __iter__(self) -> Iterator[Quantity]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def counts(self) -> list[Quantity]:
        """Counts, money and percentages (what the rules compare)."""
        return [q for q in self.items if q.counted]

    def by_key(self, *, headline: bool = False) -> dict[tuple, list[Quantity]]:
        """Comparable mentions grouped by what they count, in text order (body only, or the
        headline's only)."""
        out: dict[tuple, list[Quantity]] = {}
        for q in self.items:
            if q.comparable and q.headline == headline:
                out.setdefault(q.key, []).append(q)
        return out


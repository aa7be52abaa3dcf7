"""The quantity layer: every number in a document, what it counts and what happened to it.

`extract(doc)` (cached as `Document.quantities`) finds number candidates with one regular
expression scan (digits, and the spelled-out number words of rules/wordlists/number-words.tsv),
then reads each sentence that holds one as a short list of tokens:

- the value as a range: "13,000", "4.5 billion", "3.1bn", "twenty-three", "a dozen", "dozens",
  "tens of thousands", "12 to 15", "two or three", widened by a qualifier ("at least", "about",
  "up to", "nearly"...) and by the precision a round figure implies ("13,000" is 12,500-13,500);
- its kind: a count, money, a percentage, or something that is not a count at all (an age, a
  time, a date, a year, an ordinal, a label such as "Route 9" or "F-16", an address, a phone
  number, a measurement, a duration, a compound adjective such as "five-storey");
- what it counts (the subject: "people", "drones", a profit) and what happened to it (the event:
  killed, injured, launched, shot down, evacuated...), from the word tables in rules/wordlists/;
- how it relates to its neighbours: members of one list ("412 drones and 27 missiles"), a total
  ("439 in all"), parts of a whole ("15 people, including four children"; "40 of the 36 drones");
- its scope: places, days and periods named around it, another event ("another strike"), an
  explicit update ("had earlier said", "rose to"), a plan or threat ("could kill").

The package, by job:

- lexicon.py: the word tables (all read through `read_table`, loaded once by `lexicon()`) and
  the fixed word classes;
- record.py: the records, `Quantity`, `Group` and `Quantities`;
- sentence.py: a sentence as tokens, with phrase look-up in the tables;
- parsing.py: finding the quantities of a text, their values and kinds (`extract`);
- subjects.py: what a number counts and what happened to it;
- relations.py: lists, totals, parts of a whole, and scope.

Rules in lint/checks/numbers.py compare these records; the layer itself never reports anything.
Work grows with the number of candidates, not with the text: prose without numbers costs one
regular expression scan.
"""
from __future__ import annotations

from .lexicon import Lexicon, lexicon, number_words, read_table, time_re
from .parsing import candidates, extract
from .record import Group, Quantities, Quantity

__all__ = ["Group", "Lexicon", "Quantities", "Quantity", "candidates", "extract", "lexicon",
           "number_words", "read_table", "time_re"]

"""The quantity layer (lint/quantities/): values, kinds, subjects, events, relations, scope."""
from __future__ import annotations

import math
import time

import pytest

from lint.document import Document


def quantities(text: str):
    return list(Document(text, "<test>").quantities)


def only(text: str, number: str):
    """The quantity whose number is written as `number`."""
    found = [q for q in quantities(text) if text[q.num_start:q.num_end] == number]
    assert len(found) == 1, [(text[q.num_start:q.num_end], q.kind) for q in quantities(text)]
    return found[0]


@pytest.mark.parametrize("text,number,low,high", [
    ("Crews cleared 13,000 tonnes of rubble and 12 roads.", "12", 12, 12),
    ("Officials counted 13,000 homes without power.", "13,000", 12_500, 13_500),
    ("The state will spend 4.5 billion euros.", "4.5 billion", 4.45e9, 4.55e9),
    ("Revenue reached $3.1bn last year.", "3.1bn", 3.05e9, 3.15e9),
    ("Twenty-three people were hurt.", "Twenty-three", 23, 23),
    ("About a dozen people came.", "a dozen", 10.2 - 0.0, 13.8),
    ("Dozens of people were hurt.", "Dozens", 20, 199),
    ("Tens of thousands of people fled.", "Tens of thousands", 10_000, 99_999),
    ("Between 12 and 15 people were hurt.", "12 and 15", 12, 15),
    ("Two or three people were hurt.", "Two or three", 2, 3),
    ("Rescuers found 12-15 people alive.", "12-15", 12, 15),
])
def test_values(text, number, low, high):
    q = only(text, number)
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)


@pytest.mark.parametrize("text,number,low,high", [
    ("At least 12 people were killed.", "12", 12, math.inf),
    ("More than 30 civilians were killed.", "30", 30, math.inf),
    ("Up to 40 drones were launched.", "40", 0, 40),
    ("About 90 people were injured.", "90", 76.5, 103.5),
    ("Nearly 40 people were injured.", "40", 31, 40),
    ("Some 90 people were injured.", "90", 76.5, 103.5),
    ("Fifty or more people were hurt.", "Fifty", 50, math.inf),
])
def test_qualifiers(text, number, low, high):
    q = only(text, number)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high) if high != math.inf else high)


@pytest.mark.parametrize("text,number,kind", [
    ("Petro Melnyk, 71, was hurt in the blast.", "71", "age"),
    ("A 71-year-old pensioner was hurt.", "71", "age"),
    ("The attack began at 1 a.m. in the south.", "1", "time"),
    ("The sirens sounded at 01:40 in the city.", "01:40", "time"),
    ("The vote is on April 24 in the capital.", "24", "date"),
    ("The war began in 2022 with an invasion.", "2022", "year"),
    ("Crowds gathered at 14 Baker Street on Monday.", "14", "address"),
    ("Call the hotline on 044 555 0147 for help.", "044 555 0147", "phone"),
    ("The fire broke out on the 14th of the month.", "14th", "ordinal"),
    ("Route 9 was closed by police.", "9", "label"),
    ("Two F-16 jets flew over the town.", "16", "label"),
    ("The frontline of about 620 miles is quiet.", "620", "measure"),
    ("The ceasefire began 44 days ago.", "44", "duration"),
    ("A five-storey building collapsed.", "five", "compound"),
    ("Turnout was 62 percent in the city.", "62", "percent"),
    ("The fine was $40 million in total.", "40 million", "money"),
    ("Six people were killed.", "Six", "count"),
])
def test_kinds(text, number, kind):
    assert only(text, number).kind == kind


def test_one_as_a_pronoun_is_not_a_number():
    text = "It was one of the worst nights; no one slept. One person was killed."
    assert [text[q.num_start:q.num_end] for q in quantities(text)] == ["One"]


@pytest.mark.parametrize("text,number,subject,event", [
    ("Russia's attack killed at least 12 people overnight.", "12", "people", "killed"),
    ("Eight people were killed in the capital.", "Eight", "people", "killed"),
    ("Eight people, including two children, were killed.", "Eight", "people", "killed"),
    ("The blast caused the death of four persons.", "four", "people", "killed"),
    ("Five dead after storm hits town", "Five", "people", "killed"),
    ("The storm kills 14 in the north", "14", "people", "killed"),
    ("14 people received injuries in the blast.", "14", "people", "injured"),
    ("Air defences shot down 563 drones overnight.", "563", "drones", "shot down"),
    ("Russia fired 145 Shahed drones at the city.", "145", "drones", "launched"),
    ("The toll rose to 15 on Monday.", "15", "people", "killed"),
    ("Police evacuated 320 residents from the valley.", "320", "residents", "evacuated"),
    ("Twelve drones killed three people in the town.", "Twelve", "drones", None),
])
def test_subjects_and_events(text, number, subject, event):
    q = only(text, number)
    assert (q.subject, q.event) == (subject, event)


def test_money_takes_the_noun_before_it():
    q = only("The brewer reported a net profit of $3.1 billion.", "3.1 billion")
    assert (q.kind, q.unit, q.subject, q.modifiers) == ("money", "USD", "profit", ("net",))


def test_lists_share_subject_and_event():
    text = "The army fired 20 ballistic and 35 cruise missiles at the port."
    a, b = quantities(text)
    assert a.list_id == b.list_id
    assert (a.subject, a.modifiers, a.event) == ("missiles", ("ballistic",), "launched")
    assert (b.subject, b.modifiers, b.event) == ("missiles", ("cruise",), "launched")


def test_total_after_a_list():
    doc = Document("Russia launched 412 drones and 27 missiles overnight, 439 in all.", "<t>")
    [(total, parts)] = doc.quantities.totals
    assert total.value == 439 and [p.value for p in parts.members] == [412, 27]
    assert total.subject == "drones+missiles" and total.event == "launched"


def test_total_before_a_colon_and_parts_of_each_member():
    doc = Document("In total the enemy used 241 means of air attack: 212 drones and 17 missiles, "
                   "of them were shot down 198 drones and 11 missiles.", "<t>")
    [(total, parts)] = doc.quantities.totals
    assert total.value == 241 and [p.value for p in parts.members] == [212, 17]
    [(whole, part)] = doc.quantities.partitions
    assert [w.value for w in whole.members] == [212, 17]
    assert [(p.value, p.subject, p.event) for p in part.members] == [
        (198, "drones", "shot down"), (11, "missiles", "shot down")]


@pytest.mark.parametrize("text,whole,parts", [
    ("Fifteen people died, among them three teenagers.", [15], [3]),
    ("Air defence units intercepted 34 of the 36 drones.", [36], [34]),
    ("The fire killed 14 people, including three children, in the town.", [14], [3]),
    ("320 people were evacuated, of them 180 to the hall and 160 to the school.", [320], [180, 160]),
])
def test_partitions(text, whole, parts):
    [(w, p)] = Document(text, "<t>").quantities.partitions
    assert [q.value for q in w.members] == whole and [q.value for q in p.members] == parts


def test_scope_places_days_periods_and_other_events():
    text = ("In Lviv, two people were killed on Monday. Since 2022, 300 people have been killed in "
            "the region. In another strike, six people were killed.")
    lviv, since, other = [q for q in quantities(text) if q.kind == "count"]
    assert lviv.places == {"lviv"} and lviv.days == {"monday"}
    assert since.periods and not since.places
    assert other.other_event


def test_updates_and_plans():
    text = ("Officials had earlier said nine people were killed. The toll rose to 15. "
            "A second wave could kill 30 people.")
    nine, fifteen, thirty = quantities(text)
    assert nine.earlier and not nine.later
    assert fifteen.later
    assert thirty.irrealis and not thirty.comparable


def test_headline_quantities_are_marked():
    doc = Document("Storm kills dozens in coastal towns\nEight people died on Sunday.", "<t>")
    head, body = doc.quantities
    assert head.headline and not body.headline


def test_prose_without_numbers_has_none():
    assert quantities("The mayor spoke at length about the river, the bridge and the port.") == []


def test_time_grows_linearly():
    """Ten times the text takes about ten times as long (no pairwise work over the text)."""
    para = ("Russia launched 412 drones and 27 missiles overnight, 439 in all, killing at least "
            "12 people; eight people were killed in the capital, including two children. ")

    def seconds(copies: int) -> float:
        doc = Document(para * copies, "<t>")
        assert doc.sentences
        start = time.process_time()
        assert doc.quantities
        return time.process_time() - start

    seconds(20)
    small, large = seconds(200), seconds(2000)
    assert large < small * 25


def test_package_exports_what_the_rules_import():
    """lint.quantities re-exports the names used outside the package (document.py, checks)."""
    import lint.quantities as quantities
    from lint.quantities import Quantity, extract, lexicon, number_words

    assert "eight" in number_words() and lexicon().numbers["eight"][:2] == (8.0, 8.0)
    [q] = extract(Document("Eight people were killed.", "<t>")).items
    assert isinstance(q, Quantity) and (q.subject, q.event) == ("people", "killed")
    assert set(quantities.__all__) <= set(dir(quantities))

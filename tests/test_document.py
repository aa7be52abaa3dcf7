"""Document: line index, paragraphs, sentences and quotations."""
from __future__ import annotations

import pytest

from lint.document import Document, LineIndex
from lint.model import Span


def texts(doc: Document, blocks) -> list[str]:
    return [doc.text[b.start:b.end] for b in blocks]


# -- paragraphs -----------------------------------------------------------------------------
def test_one_paragraph_per_line() -> None:
    doc = Document("Kyiv woke to sirens.\nThe metro filled by dawn.\n\nOfficials said the grid held.\n")
    assert not doc.hard_wrapped
    assert texts(doc, doc.paragraphs) == [
        "Kyiv woke to sirens.", "The metro filled by dawn.", "Officials said the grid held."]


def test_hard_wrapped_paragraphs_are_split_on_blank_lines() -> None:
    text = ("The regional council met on Tuesday to discuss\n"
            "the repair of two bridges that were damaged\n"
            "in the spring floods last year.\n"
            "   \n"
            "Engineers told members that the work would take\n"
            "most of the summer and cost more than planned.\n")
    doc = Document(text)
    assert doc.hard_wrapped
    paras = texts(doc, doc.paragraphs)
    assert len(paras) == 2
    assert paras[0].startswith("The regional council") and paras[0].endswith("last year.")
    assert paras[1].startswith("Engineers") and paras[1].endswith("than planned.")
    # one paragraph, several sentences, none split at the line breaks inside it
    assert texts(doc, doc.sentences) == paras


def test_hard_wrapped_with_crlf() -> None:
    text = ("Rescuers worked through the night to reach\r\n"
            "families trapped under the rubble of the\r\n"
            "apartment block.\r\n\r\n"
            "By morning, eleven people had been brought\r\n"
            "out alive, the emergency service said.\r\n")
    doc = Document(text)
    assert doc.hard_wrapped
    paras = texts(doc, doc.paragraphs)
    assert len(paras) == 2 and paras[1].endswith("service said.")
    assert not any(p.endswith("\r") for p in paras)


def test_paragraph_spans_are_trimmed_and_blank_text_has_none() -> None:
    doc = Document("  Indented first line.  \n")
    assert texts(doc, doc.paragraphs) == ["Indented first line."]
    assert Document("").paragraphs == [] and Document(" \n\n \n").paragraphs == []


# -- sentences ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("The U.S. Army left the base. Nobody stayed.",
     ["The U.S. Army left the base.", "Nobody stayed."]),
    ("The talks ended in the U.S. The envoys flew home.",
     ["The talks ended in the U.S.", "The envoys flew home."]),
    ("The market opened at 9 a.m. on Monday. Trade was slow.",
     ["The market opened at 9 a.m. on Monday.", "Trade was slow."]),
    ("The vote closed at 10 p.m. The count began.",
     ["The vote closed at 10 p.m.", "The count began."]),
    ("Mr. Smith and Dr. Jones met Gen. Petrov. They spoke briefly.",
     ["Mr. Smith and Dr. Jones met Gen. Petrov.", "They spoke briefly."]),
    ("A new book by J. K. Rowling sold out. Shops reordered.",
     ["A new book by J. K. Rowling sold out.", "Shops reordered."]),
    ("Prices rose 3.5 per cent in May. Wages rose 2.1 per cent.",
     ["Prices rose 3.5 per cent in May.", "Wages rose 2.1 per cent."]),
    ("Is it over? Nobody knows! We wait…",
     ["Is it over?", "Nobody knows!", "We wait…"]),
    ("He wrote “It is over.” Then he left.",
     ["He wrote “It is over.”", "Then he left."]),
    ("Tools, tents, etc. were sent. Aid followed.",
     ["Tools, tents, etc. were sent.", "Aid followed."]),
])
def test_sentences_are_abbreviation_aware(text: str, expected: list[str]) -> None:
    doc = Document(text)
    assert texts(doc, doc.sentences) == expected


def test_sentences_never_cross_paragraphs_and_sentence_at() -> None:
    text = "Short headline\nFirst sentence here. Second one.\n"
    doc = Document(text)
    assert texts(doc, doc.sentences) == ["Short headline", "First sentence here.", "Second one."]
    at = doc.sentence_at(text.index("Second") + 3)
    assert at is not None and text[at.start:at.end] == "Second one."
    assert doc.sentence_at(text.index("\n")) is None        # the line break between them


# -- quotations -----------------------------------------------------------------------------
def test_curly_and_straight_quotations() -> None:
    text = "“We will stay,” she said. He replied: \"So will we.\" ‘Never,’ a third added."
    doc = Document(text)
    assert texts(doc, doc.quotations) == ["“We will stay,”", "\"So will we.\"", "‘Never,’"]
    stay = text.index("stay")
    assert doc.in_quotation(Span(stay, stay + 4))
    said = text.index("said")
    assert not doc.in_quotation(Span(said, said + 4))


def test_apostrophes_are_not_quotations() -> None:
    text = "Rock ’n’ roll in the ’90s: Kyiv’s bands don't stop, the mayor’s aide said."
    doc = Document(text)
    assert doc.quotations == []


def test_apostrophe_inside_a_single_quoted_quotation() -> None:
    text = "‘We’ll rebuild Kyiv’s schools,’ the minister said."
    doc = Document(text)
    assert texts(doc, doc.quotations) == ["‘We’ll rebuild Kyiv’s schools,’"]


def test_guillemets_and_low_quotes() -> None:
    text = "«Nous restons», a-t-il dit. „Wir bleiben“, sagte sie."
    doc = Document(text)
    assert texts(doc, doc.quotations) == ["«Nous restons»", "„Wir bleiben“"]


def test_unclosed_quotation_runs_to_paragraph_end_only() -> None:
    text = "“The first part of a long statement\n“The second part,” he said.\n"
    doc = Document(text)
    assert texts(doc, doc.quotations) == ["“The first part of a long statement", "“The second part,”"]
    said = text.index("said")
    assert not doc.in_quotation(Span(said, said + 4))


# -- line index -----------------------------------------------------------------------------
def test_line_index_positions() -> None:
    text = "first\nsecond line\n\nfourth"
    idx = LineIndex(text)
    assert len(idx) == 4
    assert idx.position(0) == (1, 1)
    assert idx.position(5) == (1, 6)                    # the "\n" ends line 1
    assert idx.position(text.index("line")) == (2, 8)
    assert idx.position(text.index("fourth")) == (4, 1)
    assert idx.position(len(text)) == (4, 7)            # end of text
    assert idx.line_span(1) == Span(6, 18) and idx.line_span(1, with_newline=False) == Span(6, 17)


def test_crlf_columns() -> None:
    text = "one\r\ntwo Kief\r\n"
    idx = LineIndex(text)
    kief = text.index("Kief")
    assert idx.position(kief) == (2, 5)
    assert idx.position(text.index("\r")) == (1, 4)      # "\r" is last on its line
    assert idx.line_span(1, with_newline=False) == Span(5, 13)
    assert idx.utf16_position(kief) == (1, 4)
    doc = Document(text)
    assert doc.line_text(1) == "two Kief"


def test_utf16_positions_after_emoji_and_cyrillic() -> None:
    text = "Intro\n😀 Київ 🇺🇦 Kief"
    idx = LineIndex(text)
    kief = text.index("Kief")
    assert kief - 6 == 10                              # code points into line 2
    assert idx.position(kief) == (2, 11)               # 1-based code-point column
    # 😀 and each regional indicator are two UTF-16 units; Cyrillic letters are one
    assert idx.utf16_position(kief) == (1, 13)
    kyiv = text.index("Київ")
    assert idx.position(kyiv) == (2, 3) and idx.utf16_position(kyiv) == (1, 3)
    assert idx.utf16_position(6) == (1, 0)


def test_document_lines_are_cached() -> None:
    doc = Document("a\nb")
    assert doc.lines is doc.lines and doc.paragraphs is doc.paragraphs


# -- headline -------------------------------------------------------------------------------
def test_headline_is_a_short_first_paragraph_without_full_stop() -> None:
    doc = Document("Sirens sound over Kyiv\nThe city woke early. Trains ran.\n")
    assert doc.headline is not None and doc.text[doc.headline.start:doc.headline.end] == \
        "Sirens sound over Kyiv"
    assert Document("The city woke early.\nTrains ran.\n").headline is None
    assert Document("Sirens sound over Kyiv\nMore.\n", headline=False).headline is None

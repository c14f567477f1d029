"""Names of the tagger's mentions (``kg.entities.names``), on sentences written for these tests."""

from __future__ import annotations

from kg.entities.names import tagged_names
from kg.model import Document
from spans import mention_in


def test_a_score_run_into_a_name_is_trimmed_off() -> None:
    text = "Ashford Athletic beat Brenton Rovers 2-1 and Kellby 3 – 0 in the Apollo 11 Cup."
    found = list(tagged_names([mention_in("Brenton Rovers 2-1", text, "PERSON"),
                               mention_in("Kellby 3 – 0", text, "ORG"),
                               mention_in("Apollo 11 Cup", text, "EVENT")], text))
    assert [(m.text, m.name_text, m.label) for m in found] == [
        ("Brenton Rovers", "Brenton Rovers", "PERSON"), ("Kellby", "Kellby", "ORG"),
        ("Apollo 11 Cup", "Apollo 11 Cup", "EVENT")]
    assert all(text[m.span.start:m.span.end] == m.text for m in found)


def test_a_group_word_inside_a_hyphenated_word_is_no_group() -> None:
    text = "The Korean-American Council and Greek–Turkish talks drew Korean voters."
    mentions = [mention_in("Korean", text, "NORP"), mention_in("Greek", text, "NORP"),
                mention_in("Turkish", text, "NORP"), mention_in("American", text, "NORP"),
                mention_in("Korean", text, "NORP", 1)]
    assert [m.span.start for m in tagged_names(mentions, text)] == [text.rindex("Korean")]


def test_real_model_names_leave_scores_and_compound_halves_out() -> None:
    from kg.api.core import build_documents

    text = ("Ashford Athletic beat Brenton Rovers 2-1 on Saturday in Leeds. Coach Dana Whitfield "
            "praised Brenton Rovers. Members of the Korean-American Business Council visited "
            "South Korea.")
    graph = build_documents([Document("match", text)])
    labels = {e.label for e in graph.entities()}
    assert "Brenton Rovers" in labels and not any("2-1" in label for label in labels)
    assert "Korean" not in labels and "American" not in labels
    assert not any(r.predicate == "demonym of" for r in graph.statements())


def test_load_tables_reads_every_name_table_once() -> None:
    from kg.entities import names

    cached = (names._countries, names._country_set, names.given_names, names.gender_detector)
    for table in cached:
        table.cache_clear()
    names.load_tables()
    assert [table.cache_info().currsize for table in cached] == [1, 1, 1, 1]

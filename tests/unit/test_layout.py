"""The extractive answer's layout: a lone item under a short label leads with its label
("Task role: what the containers may call"), a label with several items does not take
over from the one item that answers, and a list line keeps its own items."""

from __future__ import annotations

import pytest

from ingest.chunk import chunk_sections
from ingest.load import markdown_sections
from ingest.units import units_of
from tutor.answerers.extractive import arrange, owning_label
from tutor.select import Pick, Selection

NOTES = """# Containers
## Amazon ECS
- Task role
    - The permissions the containers themselves use to call AWS
- Launch types
    - EC2: you manage the instances
    - Fargate: no instances to manage
- Placement
    - Constraints
        - distinctInstance
        - memberOf
    - Strategies
        - binpack
        - spread
"""


@pytest.fixture(scope="module")
def picks() -> dict[str, Pick]:
    chunk = chunk_sections(markdown_sections(NOTES, "notes/ecs.en.md"), 2000, 0)[0]
    chunk.id = "c0"
    units = units_of(chunk)
    return {u.text: Pick(u, i, 0, 1.0, 0.5, 0.5) for i, u in enumerate(units)}


def _selection(best: Pick, pool: dict[str, Pick]) -> Selection:
    others = [p for p in pool.values() if p is not best]
    return Selection([best], best.score, 0.5, [best, *others])


def test_a_lone_item_leads_with_its_label(picks: dict[str, Pick]) -> None:
    best = picks["The permissions the containers themselves use to call AWS"]
    assert owning_label(best, list(picks.values())) is picks["Task role"]
    layout = arrange(_selection(best, picks))
    assert layout.lead is picks["Task role"] and layout.items == [best.unit.text]
    assert best not in layout.support + layout.more  # not shown twice


def test_one_of_several_items_keeps_the_lead(picks: dict[str, Pick]) -> None:
    best = picks["Fargate: no instances to manage"]
    assert owning_label(best, list(picks.values())) is None
    assert arrange(_selection(best, picks)).lead is best


def test_a_list_line_keeps_its_own_items(picks: dict[str, Pick]) -> None:
    best = picks["Strategies"]  # the only item of "Placement", but a list of its own
    assert owning_label(best, list(picks.values())) is None
    layout = arrange(_selection(best, picks))
    assert layout.lead is best and layout.items == ["binpack", "spread"]


def test_the_rankers_runners_up_are_shown_however_they_score(picks: dict[str, Pick]) -> None:
    """The ranker's second and third lines join the fold even when the linear score left
    them out of the picks: when the lead is wrong, the answer is most often one of them."""
    best = picks["EC2: you manage the instances"]
    second, third, fourth = (picks[t] for t in ("binpack", "spread", "Task role"))
    selection = Selection([best], best.score, 0.5, [best, second, third, fourth])
    layout = arrange(selection)
    shown = layout.support + layout.more
    assert second in shown and third in shown
    assert fourth not in shown  # only the ranker's best three, not every candidate


def test_a_label_over_an_item_already_quoted_takes_its_place(picks: dict[str, Pick]) -> None:
    """"Constraints: distinctInstance / memberOf" once, not "memberOf" and then the label
    with it again."""
    best = picks["EC2: you manage the instances"]
    item, label = picks["memberOf"], picks["Constraints"]
    layout = arrange(Selection([best, item, label], best.score, 0.5, [best, item, label]))
    shown = layout.support + layout.more
    assert label in shown and item not in shown
    assert layout.items_with(label) == ["distinctInstance", "memberOf"]


def test_the_leads_own_label_is_not_quoted_again(picks: dict[str, Pick]) -> None:
    best = picks["distinctInstance"]
    label = picks["Constraints"]
    layout = arrange(Selection([best, label], best.score, 0.5, [best, label]))
    assert label not in layout.support + layout.more

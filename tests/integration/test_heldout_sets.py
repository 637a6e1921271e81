"""Every held-out set still checks against its notes: a regex that cannot match its own
source, a pasted note line or a broken quota would show up as a tutor failure that no one
could fix after the set's one run."""

from __future__ import annotations

import pytest

from evals.corpora.check_final import SETS, main


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_held_out_set_checks_against_its_notes(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--set", name]) == 0
    assert capsys.readouterr().out.strip().endswith("OK")

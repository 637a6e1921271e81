"""Names below the service level (APIs, features, acronyms) that the notes never write."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from notes_kit import tutor as make_tutor

from core.settings import Settings
from tutor.names import unknown_names


@pytest.fixture(scope="module")
def tutor(tmp_path_factory):  # noqa: ANN001, ANN201
    return make_tutor(Settings(data_dir=tmp_path_factory.mktemp("data")))


@pytest.mark.parametrize(("question", "unknown"), [
    ("What's the maximum session duration for GetFederationToken?", ["GetFederationToken"]),
    ("DynamoDBのPITRって何日分戻せる？", ["PITR"]),
    ("GSIはテーブルごとに何個まで？", []),  # written in the notes
    ("Is the DTL per account?", []),  # the initials of "Default throttling limit"
    ("Does SQS support JSON bodies?", []),  # a service, and a word of every computing text
    ("What port does the X-Ray daemon use?", []),  # no name-shaped word
])
def test_names_the_notes_never_write(tutor, question: str, unknown: list[str]) -> None:  # noqa: ANN001
    assert unknown_names(question, tutor.index) == unknown


def test_a_misspelt_name_of_the_notes_is_not_unknown() -> None:
    chunk = SimpleNamespace(heading="Amazon SQS", text="- call ReceiveMessage to poll the queue")
    index = SimpleNamespace(chunks=[chunk])
    assert unknown_names("How many messages does RecieveMessage return?", index) == []
    assert unknown_names("How often can I call PurgeQueue?", index) == ["PurgeQueue"]

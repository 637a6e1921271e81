"""The selector's and the refusal's newer signals on hand-written notes: a file's title is
topic, not answer; words every candidate shares weigh little; CamelCase API names give
their words; a detail found only under another service does not support the question."""

from __future__ import annotations

import numpy as np
import pytest
from notes_kit import tutor as make_tutor

from core.settings import Settings
from core.tokenize import tokenize
from tutor.refusal import SIGNALS, signals
from tutor.retrieve import make_query, search
from tutor.select import FEATURES, _local_weights, _terms, select


@pytest.fixture(scope="module")
def tutor():  # noqa: ANN201
    return make_tutor(Settings(llm="extractive"))


def _ask(tutor, question: str, lang: str):  # noqa: ANN001, ANN202
    query = make_query(tutor.index, question, lang)
    hits = search(tutor.index, query)
    return query, select(query, hits, tutor.index, tutor.scorer)


def test_camel_case_names_give_their_words() -> None:
    tokens = tokenize("Call GenerateDataKeyWithoutPlaintext, then StreamViewType")
    assert {"generat", "data", "key", "plaintext", "stream", "view", "type"} <= set(tokens)
    assert "generatedatakeywithoutplaintext" in tokens  # the whole name still matches
    assert "dynamo" not in tokenize("DynamoDB")  # a product name is not split


def test_a_files_title_is_topic_context(tutor) -> None:  # noqa: ANN001
    assert tutor.scorer.titles["notes/serverless.en.md"] == {"serverless", "note"}
    _, selection = _ask(tutor, "serverless timeout", "en")
    ctx = FEATURES.index("ctx")
    from_title = [p for p in selection.candidates if p.unit.chunk.source.endswith("en.md")]
    # "serverless" is only in the file's title: context for its lines, not their own words
    assert from_title and all(p.features[ctx] > 0 for p in from_title)


def test_words_every_candidate_shares_weigh_less(tutor) -> None:  # noqa: ANN001
    query = make_query(tutor.index, "DynamoDB GSI default limit", "en")
    terms = _terms(query, tutor.scorer)
    lines = [{"gsi", "default"}, {"gsi"}, {"gsi", "limit"}]
    local = _local_weights(terms, lines)
    assert local["gsi"] < local["default"] and local["gsi"] < local["limit"]
    assert sum(local.values()) == pytest.approx(1.0)


def test_support_counts_only_lines_of_the_asked_service(tutor) -> None:  # noqa: ANN001
    # "data key" is written under KMS; asked about DynamoDB it supports nothing
    query, selection = _ask(tutor, "DynamoDBのデータキーは何に使う？", "ja")
    x = signals(query, selection, tutor.scorer, tutor.uncovered, tutor.index)
    assert len(x) == len(SIGNALS)
    sig = dict(zip(SIGNALS, x, strict=True))
    assert sig["support_svc"] < sig["detail_line_top"]
    query, selection = _ask(tutor, "KMSのデータキーは何に使う？", "ja")
    sig = dict(zip(SIGNALS, signals(query, selection, tutor.scorer, tutor.uncovered,
                                    tutor.index), strict=True))
    assert sig["support_svc"] == pytest.approx(sig["detail_line_top"]) and sig["same_lang"] == 1
    assert np.isfinite(list(sig.values())).all()


def test_off_topic_needs_meaning_and_words_to_agree() -> None:
    from tutor.refusal import off_topic

    def x(position: float, rel: float, coverage: float) -> np.ndarray:
        sig = dict.fromkeys(SIGNALS, 0.5)
        sig.update(position=position, position_rel=rel, coverage=coverage)
        return np.array([sig[k] for k in SIGNALS])

    assert off_topic(x(-0.3, -0.2, 0.0))
    assert not off_topic(x(-0.3, -0.2, 0.2))  # a word of the question is near the line
    assert not off_topic(x(-0.3, 0.4, 0.0))  # the best line stands out from the rest
    assert not off_topic(x(0.2, -0.2, 0.0))


def test_comparison_words_frame_the_question(tutor) -> None:  # noqa: ANN001
    from tutor.gaps import detail_terms

    query = make_query(tutor.index, "ALBとNLBってざっくり何が違う？", "ja")
    assert not {t for t, _, _ in detail_terms(query, tutor.scorer, ["ELB"], tutor.index)} & \
        {"ざっくり", "違う"}


def test_a_compound_does_not_stand_for_what_one_part_means() -> None:
    from core.bridge import Bridge

    bridge = Bridge.build(["遅延キューとメッセージタイマー", "メッセージの最大サイズ256KB"])
    # "message" reaches メッセージ, not the タイマー of the compound メッセージタイマー
    assert "メッセージ" in bridge.japanese_for(["messag"])
    assert "タイマー" not in bridge.japanese_for(["messag"])


def test_a_computing_sense_counts_wherever_the_dictionary_lists_it() -> None:
    from core.bridge import Bridge, glosses

    # JMdict's first two キュー entries are a billiard cue and the letter Q; "queue" is a
    # computing sense further down, and the cue's sports sense is no meaning of notes
    assert "queue" in glosses("キュー")
    bridge = Bridge.build(["メッセージはキューに入る"])
    assert "キュー" in bridge.japanese_for(["queue"])
    assert "キュー" not in bridge.japanese_for(["stick"])


def test_without_a_second_embedder_its_features_repeat_the_main_ones(tutor) -> None:  # noqa: ANN001
    query, selection = _ask(tutor, "What is the X-Ray daemon port?", "en")
    assert query.aux_centred is None  # the hand-written index has no second embedder
    x = np.stack([p.features for p in selection.candidates])
    for aux, main in (("aux", "dense"), ("aux_top", "dense_top"), ("aux_rank", "dense_rank")):
        assert np.allclose(x[:, FEATURES.index(aux)], x[:, FEATURES.index(main)])


def test_a_second_embedder_ranks_lines_on_its_own(tutor) -> None:  # noqa: ANN001
    from dataclasses import replace

    query, _ = _ask(tutor, "What is the X-Ray daemon port?", "en")
    flipped = replace(query, aux_centred=-query.centred)  # an embedder that disagrees
    hits = search(tutor.index, flipped)
    x = np.stack([p.features for p in select(flipped, hits, tutor.index,
                                               tutor.scorer).candidates])
    top, aux_top = FEATURES.index("dense_top"), FEATURES.index("aux_top")
    assert x[:, top].sum() == 1 and x[:, aux_top].sum() == 1
    assert np.argmax(x[:, top]) != np.argmax(x[:, aux_top])


def test_a_failing_second_embedder_leaves_the_main_one(tutor) -> None:  # noqa: ANN001
    """An index with aux vectors whose model cannot run: the question is still answered."""
    class Broken:
        def embed_query(self, text: str) -> np.ndarray:
            raise RuntimeError("model file missing")

    index = tutor.index
    saved = index.aux_matrix, index.aux_embedder
    index.aux_matrix, index.aux_embedder = np.ones((len(index.units), 4)), Broken()
    try:
        query = make_query(index, "What is the X-Ray daemon port?", "en")
        assert query.aux_centred is None and index.aux_matrix is None
        assert tutor.answer("What is the X-Ray daemon port?").citations
    finally:
        index.aux_matrix, index.aux_embedder = saved


def test_closeness_scale_ignores_other_files() -> None:
    """Notes added beside a file do not move its lines' closeness scale: the floor is the
    median line of the candidates' own files."""
    import numpy as np

    from tutor.select import closeness

    own = np.array([0.1, 0.2, 0.3, 0.5, 0.8])
    other = np.full(20, -0.4)  # a big file in another language, far from the question
    both = np.concatenate([own, other])
    home = np.arange(len(both)) < len(own)
    alone, _ = closeness(own, [3, 4], np.ones(len(own), dtype=bool))
    beside, _ = closeness(both, [3, 4], home)
    assert np.allclose(alone, beside)
    whole, _ = closeness(both, [3, 4])  # the index's median: the other file pulls it down
    assert not np.allclose(alone, whole)


def test_a_close_line_about_the_asked_service_leads_over_another_services(tutor) -> None:  # noqa: ANN001
    """"KMS …?" is not answered first by a DynamoDB line when a KMS line is as close and
    says as much of the question; a far or thinner KMS line does not jump the queue."""
    from tutor.select import SERVICE_MARGIN, Pick, about, service_first

    units = tutor.index.units
    ddb = next(u for u in units if "DynamoDB" in u.chunk.heading)
    kms = next(u for u in units if "KMS" in u.chunk.heading)
    assert about(kms, {"KMS"}) and not about(ddb, {"KMS"})
    lead, runner = Pick(ddb, 0, 0, 9.0, 0.5, 0.8), Pick(kms, 1, 0, 8.0, 0.5, 0.7)
    assert service_first([lead, runner], {"KMS"})[0] is runner
    assert service_first([lead, runner], {"DynamoDB"})[0] is lead  # already about it
    assert service_first([lead, runner], set())[0] is lead
    far = Pick(kms, 1, 0, 9.0 - SERVICE_MARGIN - 0.1, 0.5, 0.7)
    thin = Pick(kms, 1, 0, 8.5, 0.2, 0.7)
    assert service_first([lead, far], {"KMS"})[0] is lead
    assert service_first([lead, thin], {"KMS"})[0] is lead

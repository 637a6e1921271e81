"""The tutor chain on the real shipped index: facts, citations, refusals, follow-ups."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from core.settings import Settings
from tutor.chain import Tutor
from tutor.cli import app
from tutor.question import QuestionError


@pytest.fixture
def tutor(indexed_settings: Settings) -> Tutor:
    return Tutor(indexed_settings)


@pytest.mark.parametrize(("question", "fact", "section"), [
    ("SQSの可視性タイムアウトのデフォルトは何秒？", r"30秒", "Amazon SQS"),
    ("Lambda関数のタイムアウトは最大どれくらい？", r"15分", "AWS Lambda"),
    ("Lambda Layersはいくつまで使えますか？", r"5個", "AWS Lambda"),
    ("Fargate Spotの終了通知を受けたら何秒以内に終了する必要がありますか？", r"120秒",
     "Amazon Fargate"),
])
def test_japanese_questions(tutor: Tutor, question: str, fact: str, section: str) -> None:
    a = tutor.answer(question)
    assert a.language == "ja" and not a.refused
    assert re.search(fact, a.answer), a.answer
    assert "ノート" in a.answer and "[1]" in a.answer
    assert section in a.citations[0].heading


@pytest.mark.parametrize(("question", "fact", "section"), [
    ("What is the default visibility timeout of an SQS queue?", r"30 seconds", "Amazon SQS"),
    ("How long can SQS retain a message at most?", r"14\s*(日|days)", "Amazon SQS"),
    ("Which service is recommended instead of Amazon SWF?", r"StepFunctions", "SWF"),
    # the guide says it in both languages: either version's section answers
    ("What is the minimum passing score for DVA-C02?", r"720", "Scoring|スコアリング"),
])
def test_english_questions_over_japanese_notes(tutor: Tutor, question: str, fact: str,
                                               section: str) -> None:
    a = tutor.answer(question)
    assert a.language == "en" and not a.refused
    assert re.search(fact, a.answer), a.answer
    assert a.answer.startswith("From your notes")
    assert re.search(section, a.citations[0].heading), a.citations[0].heading


@pytest.mark.parametrize(("question", "phrase", "closest"), [
    ("DynamoDBの読み込みキャパシティユニットの計算方法は？", "ノートにはこの内容の記載がありません", True),
    ("What storage classes does Amazon S3 offer?", "The notes don't cover this.", True),
    # far from everything in the notes: the nearest sections are not near, none is named
    ("What is the capital of France?", "The notes don't cover this.", False),
])
def test_unanswerable_is_refused_in_the_question_language(tutor: Tutor, question: str,
                                                          phrase: str, closest: bool) -> None:
    a = tutor.answer(question)
    assert a.refused and phrase in a.answer and a.citations == []
    assert ("「" in a.answer) == closest  # the closest topics the notes do cover


def test_follow_up_uses_history(tutor: Tutor) -> None:
    first = tutor.answer("SQSの可視性タイムアウトとは何ですか？")
    history = [{"role": "user", "content": "SQSの可視性タイムアウトとは何ですか？"},
               {"role": "assistant", "content": first.answer}]
    a = tutor.answer("そのデフォルト値は？", history)
    assert "30秒" in a.answer and a.standalone_question and "可視性" in a.standalone_question
    assert tutor.answer("そのデフォルト値は？").standalone_question is None


def test_other_language_is_answered_in_english(tutor: Tutor) -> None:
    a = tutor.answer("Quelle est la taille maximale d'un message SQS ?")
    assert a.language == "en" and any("French" in n for n in a.notices)
    assert "French" not in a.answer  # notices travel beside the answer, not inside it


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01"])
def test_empty_questions_are_rejected(tutor: Tutor, bad: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        tutor.answer(bad)


def test_control_characters_are_stripped(tutor: Tutor) -> None:
    a = tutor.answer("SQSの\x07可視性タイムアウトの\x1bデフォルトは？")
    assert "30秒" in a.answer


def test_cli_ask_json_and_usage_errors(indexed_settings: Settings) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["ask", "--json", "SQSのメッセージの最大サイズは？"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["language"] == "ja" and "256KB" in data["answer"]
    assert {"n", "source", "heading", "page", "text"} <= set(data["citations"][0])
    out = runner.invoke(app, ["ask", "SQSの最大サイズは？"])
    assert "Sources / 出典" in out.output and "notes/dva-notes.ja.md" in out.output
    out = runner.invoke(app, ["ask", "   "])
    assert out.exit_code == 2 and "empty" in out.output
    out = runner.invoke(app, ["ask", "x" * 100_000])
    assert out.exit_code == 2 and "too long" in out.output


def test_cli_interactive_session_keeps_history(indexed_settings: Settings) -> None:
    out = CliRunner().invoke(app, ["ask"], input="SQSの可視性タイムアウトとは？\nそのデフォルト値は？\n\n")
    assert out.exit_code == 0 and out.output.count("30秒") >= 1


def test_missing_index_tells_the_user_what_to_run(settings: Settings) -> None:
    out = CliRunner().invoke(app, ["ask", "SQSとは？"])
    assert out.exit_code == 2 and "tutor ingest" in out.output


def test_hybrid_retriever_is_a_langchain_retriever(indexed_settings: Settings) -> None:
    from langchain_core.runnables import RunnableLambda

    from tutor.retrieve import HybridRetriever, Index

    retriever = HybridRetriever(index=Index.load(indexed_settings), k=3, lang="en")
    chain = retriever | RunnableLambda(lambda docs: [d.metadata["heading"] for d in docs])
    headings = chain.invoke("How many Lambda layers can one function use?")
    assert len(headings) == 3 and any("AWS Lambda" in h for h in headings)
    docs = retriever.invoke("SQS visibility timeout default")
    assert docs[0].metadata["score"] > 0 and docs[0].page_content.startswith(
        docs[0].metadata["heading"])


@pytest.mark.parametrize("backend", ["openai/some-model", "ollama/qwen2.5"])
def test_unreachable_llm_backend_falls_back_with_a_notice(indexed_settings: Settings,
                                                          backend: str) -> None:
    """Real LangChain chat models pointed at a closed loopback port."""
    s = indexed_settings.model_copy(update={"llm": backend, "llm_timeout_s": 5,
                                            "llm_base_url": "http://127.0.0.1:9/v1"
                                            if backend.startswith("openai") else
                                            "http://127.0.0.1:9"})
    a = Tutor(s).answer("SQSの可視性タイムアウトのデフォルトは？")
    assert a.backend == "extractive" and any(backend in n for n in a.notices)
    assert "30秒" in a.answer and a.citations


def test_unknown_llm_backend_is_a_usage_error(indexed_settings: Settings) -> None:
    from tutor.answerers import BackendError

    s = indexed_settings.model_copy(update={"llm": "gpt4all/x"})
    with pytest.raises(BackendError, match="unknown answer backend 'gpt4all/x'"):
        Tutor(s)


def test_cli_prints_every_notice_beside_the_answer(indexed_settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A French question to a dead LLM backend: both notices, then the extractive answer."""
    from typer.testing import CliRunner

    from tutor.cli import app

    monkeypatch.setenv("TUTOR_LLM", "openai/any")
    monkeypatch.setenv("TUTOR_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("TUTOR_LLM_TIMEOUT_S", "3")
    result = CliRunner().invoke(app, ["ask", "Quelle est la taille maximale d'un message SQS ?"])
    assert result.exit_code == 0, result.output
    assert "French" in result.output and "openai/any" in result.output
    assert "256KB" in result.output and "Sources" in result.output

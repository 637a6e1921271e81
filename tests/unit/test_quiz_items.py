"""Answer parsing and grading as the CLI reads input."""

from core.models import Chunk
from tutor.quiz.items import QuizItem, citation_for, grade, parse_choice

CHUNK = Chunk(id="c", source="s.md", heading="h", text="h\n- x")


def make(type_, options, answer):
    return QuizItem(id="i", type=type_, lang="ja", stem="?", options=options, answer=answer,
                    explanation="[1]", citations=[citation_for(CHUNK)], service="SQS",
                    domain=1, difficulty="easy")


def test_mcq_and_multi_answers():
    mcq = make("mcq", list("abcd"), [2])
    assert grade(mcq, "C") and grade(mcq, "c") and grade(mcq, "3") and not grade(mcq, "B")
    assert grade(mcq, "Z") is None and grade(mcq, "") is None
    multi = make("multi", list("abcde"), [0, 2])
    assert grade(multi, "A,C") and grade(multi, "c a") and grade(multi, "ＡＣ")
    assert grade(multi, "A") is False
    assert parse_choice(multi, "b, d") == [1, 3]


def test_truefalse_answers():
    tf = make("truefalse", ["○", "×"], [1])
    assert grade(tf, "×") and grade(tf, "x") and grade(tf, "F") and grade(tf, "いいえ")
    assert grade(tf, "○") is False and grade(tf, "maybe") is None


def test_cloze_answers():
    cz = make("cloze", ["14日間", "14 日間", "14日"], [0, 1, 2])
    assert grade(cz, "14日間") and grade(cz, " 14日 ") and grade(cz, "14")
    assert grade(cz, "7日間") is False
    term = make("cloze", ["ロングポーリング", "Long polling"], [0, 1])
    assert grade(term, "long polling") and not grade(term, "ショートポーリング")

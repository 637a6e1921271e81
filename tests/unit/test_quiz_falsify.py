"""False statements: one visible edit that reverses the claim."""

import pytest

from tutor.quiz.falsify import negate


@pytest.mark.parametrize(("line", "flipped"), [
    ("Spotインスタンスを利用することはできない。", "Spotインスタンスを利用することができる。"),
    ("メッセージタイマーはFIFOは未サポート", "メッセージタイマーはFIFOもサポートされる"),
    ("メッセージ属性は暗号化対象ではない", "メッセージ属性は暗号化対象である"),
    ("basic scanningは無料で、Enhanced scanningは有料", "basic scanningは有料で、Enhanced scanningは無料"),
    ("配信順序は保たれる", "配信順序は保たれない"),
    ("取得したメッセージは削除する必要がある", "取得したメッセージは削除する必要はない"),
])
def test_negate(line, flipped):
    assert negate(line) == flipped


def test_no_safe_edit_gives_none():
    assert negate("対象はJavaのみである。") is None
    assert negate("少なくとも1回の配信(2回以上配信されることもある)") is None

"""Other clouds' products are refused by name; a generic pattern that shares a product's
name (pub/sub messaging) is not one of them."""

from __future__ import annotations

import pytest

from core.catalog import platforms_in


@pytest.mark.parametrize(("text", "found"), [
    ("How is Google Pub/Sub priced?", ["Google Pub/Sub"]),
    ("Azure Functionsのタイムアウトは？", ["Azure Functions"]),
    ("Which service does both point-to-point and pub/sub?", []),
    ("SNSはPub/Sub型のサービス？", []),
])
def test_platform_names(text: str, found: list[str]) -> None:
    assert platforms_in(text) == found


def test_programming_languages_are_named_as_written() -> None:
    from core.catalog import languages_in

    assert languages_in("can you explain closures in JavaScript?") == ["JavaScript"]
    assert languages_in("C# と C++ の違い") == ["C#", "C++"]
    assert languages_in("Node.js の Lambda で") == []

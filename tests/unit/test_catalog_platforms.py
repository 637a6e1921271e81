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

"""Numbers with units: parsing, equality across units, neighbours."""

from tutor.quiz import numbers


def test_parse_skips_rates_and_steps():
    found = numbers.parse("64MBごとに128MBから3008MBの間で設定可能")
    assert [q.surface for q in found] == ["128MB", "3008MB"]
    assert [q.surface for q in numbers.parse("1秒間あたり最大300件のメッセージ")] == ["300件"]


def test_bare_numbers_need_three_digits():
    assert [q.surface for q in numbers.parse("アカウント単位で1000となっている")] == ["1000"]
    assert numbers.parse("Route53を使う") == []
    assert numbers.parse("1つのコンテナ") == []


def test_same_amount_in_other_units():
    kb, mb = numbers.parse_one("1024KB"), numbers.parse_one("1MB")
    assert kb and mb and numbers.same(kb, mb)
    assert numbers.same(numbers.parse_one("14 days"), numbers.parse_one("14日間"))
    assert numbers.same(numbers.parse_one("300 messages"), numbers.parse_one("300件"))
    assert not numbers.same(numbers.parse_one("256KB"), numbers.parse_one("256MB"))


def test_neighbours_stay_in_family_and_never_equal_the_key():
    key = numbers.parse_one("256KB")
    near = numbers.neighbours(key)
    assert {q.surface for q in near[:4]} == {"128KB", "512KB", "64KB", "1MB"}
    assert all(not numbers.same(q, key) and q.family == "size" for q in near)
    minutes = [q.surface for q in numbers.neighbours(numbers.parse_one("15分"))]
    assert all(s.endswith("分") for s in minutes) and "15分" not in minutes
    assert numbers.neighbours(numbers.parse_one("1 day"))[0].surface.endswith("days")

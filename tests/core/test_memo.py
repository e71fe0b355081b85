"""polku.core.memo: content-addressed results in the shared cache."""

import datetime as dt
from decimal import Decimal

import pytest

from polku.core import memo


def test_the_key_is_the_same_for_the_same_content_and_differs_for_other():
    one = memo.content_key("x", {"b": {2, 1}, "a": dt.date(2026, 1, 2)}, Decimal("1.50"))
    assert one == memo.content_key("x", {"a": dt.date(2026, 1, 2), "b": {1, 2}}, Decimal("1.50"))
    assert one != memo.content_key("x", {"a": dt.date(2026, 1, 3), "b": {1, 2}}, Decimal("1.50"))
    assert one != memo.content_key("x", {"a": dt.date(2026, 1, 2), "b": {1, 2}}, Decimal("1.5"))
    assert one != memo.content_key("y", {"a": dt.date(2026, 1, 2), "b": {1, 2}}, Decimal("1.50"))
    assert one.startswith("x:")


def test_a_value_without_stable_text_is_refused():
    with pytest.raises(TypeError):
        memo.content_key("x", object())


def test_remembered_computes_once_per_key():
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert memo.remembered("t:1", compute, timeout=60) == {"value": 1}
    assert memo.remembered("t:1", compute, timeout=60) == {"value": 1}
    assert memo.remembered("t:2", compute, timeout=60) == {"value": 2}
    assert len(calls) == 2


def test_an_unreachable_cache_costs_the_computation_not_the_answer(monkeypatch, caplog):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(memo, "shared_cache", Down())
    assert memo.remembered("t:3", lambda: 42, timeout=60) == 42
    assert "Cache read failed" in caplog.text and "Cache write failed" in caplog.text


def test_the_fingerprint_follows_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(memo, "ROOT", tmp_path)
    (tmp_path / "a.txt").write_text("one")
    first = memo.source_fingerprint.__wrapped__(("*.txt",))
    (tmp_path / "a.txt").write_text("two")
    assert memo.source_fingerprint.__wrapped__(("*.txt",)) != first

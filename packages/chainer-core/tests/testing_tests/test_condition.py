"""chainer.testing.condition: retry, repeat, repeat_with_success_at_least."""

import unittest

import pytest

from chainer.testing import condition


def _run(case_cls, name):
    result = unittest.TestResult()
    case_cls(name).run(result)
    return result


class _Counter:
    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0
        self.setups = 0
        self.teardowns = 0

    def next(self):
        self.calls += 1
        return self.outcomes.pop(0) if self.outcomes else True


def _make_case(counter, decorator):
    class Case(unittest.TestCase):
        def setUp(self):
            counter.setups += 1

        def tearDown(self):
            counter.teardowns += 1

        @decorator
        def test_flaky(self):
            self.assertTrue(counter.next(), "flaky failure")

    return Case


def test_retry_passes_after_failures_and_stops():
    counter = _Counter([False, False, True, False])
    result = _run(_make_case(counter, condition.retry(5)), "test_flaky")
    assert result.wasSuccessful()
    assert counter.calls == 3
    # Each attempt runs on a fresh instance with its own setUp/tearDown (+1 for the outer run).
    assert counter.setups == 4 and counter.teardowns == 4


def test_retry_gives_up_after_bounded_attempts():
    counter = _Counter([False] * 10)
    result = _run(_make_case(counter, condition.retry(3)), "test_flaky")
    assert not result.wasSuccessful()
    assert counter.calls == 3
    text = result.failures[0][1]
    assert "Fail: 3, Success: 0" in text
    assert "flaky failure" in text


def test_repeat_requires_every_run():
    counter = _Counter([True, True, True])
    assert _run(_make_case(counter, condition.repeat(3)), "test_flaky").wasSuccessful()
    assert counter.calls == 3
    counter = _Counter([True, False, True])
    result = _run(_make_case(counter, condition.repeat(3)), "test_flaky")
    assert not result.wasSuccessful()
    assert counter.calls == 2  # stops as soon as failure is certain


def test_repeat_with_success_at_least():
    counter = _Counter([False, True, False, True, True])
    result = _run(_make_case(counter, condition.repeat_with_success_at_least(5, 2)), "test_flaky")
    assert result.wasSuccessful()
    assert counter.calls == 4
    counter = _Counter([False, False, True, False, True])
    result = _run(_make_case(counter, condition.repeat_with_success_at_least(5, 3)), "test_flaky")
    assert not result.wasSuccessful()
    assert counter.calls == 4


def test_skip_stops_immediately():
    calls = []

    class Case(unittest.TestCase):
        @condition.retry(5)
        def test_skip(self):
            calls.append(1)
            self.skipTest("not here")

    result = _run(Case, "test_skip")
    assert len(result.skipped) == 1
    assert result.skipped[0][1] == "not here"
    assert calls == [1]


def test_plain_function_retry():
    calls = []

    @condition.retry(4)
    def flaky(x):
        calls.append(x)
        assert len(calls) == 3

    flaky(7)
    assert calls == [7, 7, 7]
    calls.clear()

    @condition.retry(2)
    def always_fails():
        calls.append(1)
        raise ValueError("nope")

    with pytest.raises(AssertionError, match="Fail: 2, Success: 0"):
        always_fails()
    assert len(calls) == 2


def test_invalid_arguments():
    with pytest.raises(ValueError):
        condition.repeat_with_success_at_least(2, 3)


class TestRetryOnPlainPytestClass:
    attempts = 0

    @condition.retry(3)
    def test_flaky_method(self):
        type(self).attempts += 1
        assert type(self).attempts >= 2

"""chainer.testing.fix_random and generate_seed."""

import random
import unittest

import numpy
import pytest

from chainer import testing


def _draw():
    return (random.random(), numpy.random.random())  # noqa: NPY002


def test_function_gets_the_same_numbers_every_time():
    results = []

    @testing.fix_random()
    def f():
        results.append(_draw())

    f()
    _draw()
    f()
    assert results[0] == results[1]


def test_state_is_restored_after_the_test():
    numpy.random.seed(123)  # noqa: NPY002
    random.seed(123)
    expected = _draw()
    numpy.random.seed(123)  # noqa: NPY002
    random.seed(123)

    @testing.fix_random()
    def f():
        _draw()

    f()
    assert _draw() == expected


def test_seed_from_environment(monkeypatch):
    draws = []

    @testing.fix_random()
    def f():
        draws.append(_draw())

    monkeypatch.setenv("CHAINER_TEST_RANDOM_SEED", "7")
    f()
    numpy.random.seed(7)  # noqa: NPY002
    random.seed(7)
    assert draws[0] == _draw()
    monkeypatch.setenv("CHAINER_TEST_RANDOM_SEED", "8")
    f()
    assert draws[1] != draws[0]


def test_generate_seed_needs_fix_random():
    with pytest.raises(RuntimeError):
        testing.generate_seed()
    seeds = []

    @testing.fix_random()
    def f():
        seeds.append(testing.generate_seed())

    f()
    f()
    assert seeds[0] == seeds[1]
    assert isinstance(seeds[0], int) and 0 <= seeds[0] < 2**32


@testing.fix_random()
class TestFixedUnittest(unittest.TestCase):
    draws = []

    def setUp(self):
        self.first = _draw()

    def test_a(self):
        type(self).draws.append(self.first)

    def test_b(self):
        type(self).draws.append(self.first)


def test_class_decoration_seeds_each_test():
    TestFixedUnittest.draws.clear()
    result = unittest.TestResult()
    unittest.TestLoader().loadTestsFromTestCase(TestFixedUnittest).run(result)
    assert result.wasSuccessful()
    assert len(TestFixedUnittest.draws) == 2
    assert TestFixedUnittest.draws[0] == TestFixedUnittest.draws[1]


@testing.fix_random(setup_method="setup_method", teardown_method="teardown_method")
class TestFixedPytestClass:
    def test_first_draw_is_fixed(self):
        value = numpy.random.random()  # noqa: NPY002
        numpy.random.seed(0)  # noqa: NPY002
        assert value == numpy.random.random()  # noqa: NPY002

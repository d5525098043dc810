"""chainer.testing.parameterize and the product helpers."""

import sys
import unittest

import pytest

from chainer import testing

_module = sys.modules[__name__]


def _generated(prefix):
    return sorted(
        (name, obj)
        for name, obj in vars(_module).items()
        if name.startswith(prefix + "_param_") and isinstance(obj, type)
    )


def _run_unittest(cls):
    result = unittest.TestResult()
    unittest.TestLoader().loadTestsFromTestCase(cls).run(result)
    return result


@testing.parameterize({"a": 1, "b": "x"}, {"a": 2, "b": "y"})
class TestUnittestParams(unittest.TestCase):
    def test_attrs(self):
        assert (self.a, self.b) in ((1, "x"), (2, "y"))


def test_unittest_classes_generated_and_base_removed():
    names = [name for name, _ in _generated("TestUnittestParams")]
    assert names == [
        "TestUnittestParams_param_0_{a=1, b='x'}",
        "TestUnittestParams_param_1_{a=2, b='y'}",
    ]
    assert not isinstance(TestUnittestParams, type)
    classes = [cls for _, cls in _generated("TestUnittestParams")]
    assert [(c.a, c.b) for c in classes] == [(1, "x"), (2, "y")]
    assert all(issubclass(c, unittest.TestCase) for c in classes)
    assert all(c.__module__ == __name__ for c in classes)


@testing.parameterize(*testing.product({"n": [1, 2], "dtype": [float, int]}))
class TestPytestParams:
    def test_n(self):
        assert self.n in (1, 2)
        assert self.dtype in (float, int)

    def test_fixture_still_works(self, tmp_path):
        assert tmp_path.exists()


def test_plain_classes_generated():
    generated = _generated("TestPytestParams")
    names = [name for name, _ in generated]
    assert "TestPytestParams_param_0_{dtype=float, n=1}" in names
    assert len(names) == 4
    values = sorted((c.dtype.__name__, c.n) for _, c in generated)
    assert values == [("float", 1), ("float", 2), ("int", 1), ("int", 2)]


def _double(x):
    return 2 * x


@testing.parameterize({"f": _double})
class TestFunctionParam(unittest.TestCase):
    def test_function_is_not_bound(self):
        assert self.f(3) == 6


def test_failure_reports_parameters():
    @testing.parameterize({"value": 41})
    class TestFailing(unittest.TestCase):
        def test_fail(self):
            assert self.value == 42

    cls = _generated("TestFailing")[0][1]
    try:
        result = _run_unittest(cls)
        assert len(result.failures) == 1
        text = result.failures[0][1]
        assert "Parameterized test failed." in text
        assert "Base test method: TestFailing.test_fail" in text
        assert "  value: 41" in text
    finally:
        delattr(_module, cls.__name__)


def test_stacked_parameterize():
    @testing.parameterize({"a": 1}, {"a": 2})
    @testing.parameterize({"b": 3}, {"b": 4})
    class TestStacked(unittest.TestCase):
        def test_x(self):
            pass

    generated = _generated("TestStacked")
    try:
        # Intermediate classes are removed; one class per combination remains.
        assert len(generated) == 4
        assert sorted((c.a, c.b) for _, c in generated) == [(1, 3), (1, 4), (2, 3), (2, 4)]
        assert all(_run_unittest(c).wasSuccessful() for _, c in generated)
    finally:
        for name, _ in generated:
            delattr(_module, name)


def test_long_values_are_shortened():
    @testing.parameterize({"v": "z" * 500})
    class TestLong(unittest.TestCase):
        pass

    ((name, _),) = _generated("TestLong")
    delattr(_module, name)
    assert "..." in name
    assert len(name) < 200


def test_str_includes_parameters():
    cls = _generated("TestUnittestParams")[0][1]
    assert "parameter: {'a': 1, 'b': 'x'}" in str(cls("test_attrs"))


def test_product_dict_form():
    assert testing.product({"b": [1, 2], "a": ["x", "y"]}) == [
        {"a": "x", "b": 1},
        {"a": "x", "b": 2},
        {"a": "y", "b": 1},
        {"a": "y", "b": 2},
    ]
    assert testing.product({}) == [{}]


def test_product_list_form():
    result = testing.product(
        [[{"a": 1, "b": 2}, {"a": 10, "b": 20}], [{"c": 3}, {"c": 30}, {"c": 300}]]
    )
    assert result == [
        {"a": 1, "b": 2, "c": 3},
        {"a": 1, "b": 2, "c": 30},
        {"a": 1, "b": 2, "c": 300},
        {"a": 10, "b": 20, "c": 3},
        {"a": 10, "b": 20, "c": 30},
        {"a": 10, "b": 20, "c": 300},
    ]


def test_product_rejects_bad_input():
    with pytest.raises(TypeError):
        testing.product(3)
    with pytest.raises(TypeError):
        testing.product([{"a": 1}])
    with pytest.raises(TypeError):
        testing.product([[1]])


def test_product_dict():
    assert testing.product_dict([{"a": 1}, {"a": 2}], [{"b": 3}]) == [
        {"a": 1, "b": 3},
        {"a": 2, "b": 3},
    ]


def test_from_pytest_parameterize():
    assert testing.from_pytest_parameterize("a, b", [(1, 2), (3, 4)]) == [
        {"a": 1, "b": 2},
        {"a": 3, "b": 4},
    ]
    assert testing.from_pytest_parameterize("a", [(1, 2), 3]) == [{"a": (1, 2)}, {"a": 3}]
    assert testing.from_pytest_parameterize(["a", "b"], [[1, 2]]) == [{"a": 1, "b": 2}]
    with pytest.raises(ValueError):
        testing.from_pytest_parameterize("a,b", [(1,)])


@testing.parameterize_pytest("p,q", [(1, 2), (3, 4)])
class TestPytestStyle:
    def test_sum(self):
        assert self.p + 1 == self.q


def test_parameterize_pytest_generated():
    generated = _generated("TestPytestStyle")
    assert [(c.p, c.q) for _, c in generated] == [(1, 2), (3, 4)]


def test_parameterize_rejects_non_dict():
    with pytest.raises(TypeError):
        testing.parameterize([1])

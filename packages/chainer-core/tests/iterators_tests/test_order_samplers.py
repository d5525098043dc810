"""OrderSampler and ShuffleOrderSampler."""

import numpy
import pytest

from chainer import iterators


def test_base_class_is_abstract():
    with pytest.raises(NotImplementedError):
        iterators.OrderSampler()(numpy.arange(3), 0)


def test_shuffle_returns_a_permutation_of_the_same_size():
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(0))
    order = sampler(numpy.arange(50), 7)
    assert order.shape == (50,) and order.dtype.kind == "i"
    assert sorted(order.tolist()) == list(range(50))
    assert order.tolist() != list(range(50))


def test_shuffle_uses_the_given_generator():
    a = iterators.ShuffleOrderSampler(numpy.random.RandomState(4))(numpy.arange(20), 0)
    b = numpy.random.RandomState(4).permutation(20)
    numpy.testing.assert_array_equal(a, b)


def test_shuffle_defaults_to_the_global_random_state():
    sampler = iterators.ShuffleOrderSampler()
    numpy.random.seed(7)
    a = sampler(numpy.arange(20), 0)
    numpy.random.seed(7)
    numpy.testing.assert_array_equal(a, numpy.random.permutation(20))


def test_shuffle_accepts_a_generator():
    sampler = iterators.ShuffleOrderSampler(numpy.random.default_rng(3))
    numpy.testing.assert_array_equal(
        sampler(numpy.arange(9), 0), numpy.random.default_rng(3).permutation(9)
    )


def test_shuffle_rejects_other_random_states():
    with pytest.raises(TypeError, match="random_state"):
        iterators.ShuffleOrderSampler(random_state=42)


@pytest.mark.parametrize(
    "make_random",
    [lambda: numpy.random.RandomState(1), lambda: numpy.random.default_rng(1)],
    ids=["RandomState", "Generator"],
)
def test_serialize_round_trips_the_random_state(make_random, snapshot):
    save_state, load_state = snapshot
    a = iterators.ShuffleOrderSampler(make_random())
    a(numpy.arange(10), 0)
    state = save_state(a)
    assert state["random_state"].dtype == numpy.uint8
    expected = [a(numpy.arange(10), 0).tolist() for _ in range(3)]
    b = iterators.ShuffleOrderSampler(make_random())
    load_state(b, state)
    assert [b(numpy.arange(10), 0).tolist() for _ in range(3)] == expected


def test_deserialize_without_state_leaves_the_generator(snapshot):
    _, load_state = snapshot
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(2))
    load_state(sampler, {})
    load_state(sampler, {}, strict=False)
    numpy.testing.assert_array_equal(
        sampler(numpy.arange(8), 0), numpy.random.RandomState(2).permutation(8)
    )

"""Tests of chainer.links.model.classifier.Classifier."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import link
from chainer.backends import cuda
from chainer.links.connection.linear import Linear
from chainer.links.model.classifier import Classifier

N, IN, CLASSES = 6, 4, 3


def _softmax_cross_entropy(y, t):
    y = y.astype(numpy.float64)
    log_z = numpy.log(numpy.exp(y - y.max(axis=1, keepdims=True)).sum(axis=1))
    log_p = y - y.max(axis=1, keepdims=True) - log_z[:, None]
    return -log_p[numpy.arange(len(t)), t].mean()


def _accuracy(y, t):
    return (y.argmax(axis=1) == t).mean()


@pytest.fixture
def data():
    rng = numpy.random.RandomState(1)
    x = rng.standard_normal((N, IN)).astype(numpy.float32)
    t = rng.randint(0, CLASSES, N).astype(numpy.int32)
    return x, t


@pytest.fixture
def predictor():
    return Linear(IN, CLASSES)


def _expected_y(predictor, x):
    return x @ predictor.W.array.T + predictor.b.array


class TestClassifier:
    def test_loss_and_accuracy_values(self, predictor, data):
        x, t = data
        model = Classifier(predictor)
        loss = model(x, t)
        y = _expected_y(predictor, x)
        numpy.testing.assert_allclose(model.y.array, y, rtol=1e-5, atol=1e-6)
        assert loss is model.loss
        assert loss.shape == () and loss.dtype == numpy.float32
        numpy.testing.assert_allclose(loss.array, _softmax_cross_entropy(y, t), rtol=1e-5)
        numpy.testing.assert_allclose(model.accuracy.array, _accuracy(y, t))

    def test_reports_loss_and_accuracy(self, predictor, data):
        x, t = data
        model = Classifier(predictor)
        reporter = chainer.Reporter()
        reporter.add_observer("main", model)
        observation = {}
        with reporter.scope(observation):
            loss = model(x, t)
        assert set(observation) == {"main/loss", "main/accuracy"}
        numpy.testing.assert_allclose(observation["main/loss"].array, loss.array)
        numpy.testing.assert_allclose(observation["main/accuracy"].array, model.accuracy.array)

    def test_compute_accuracy_false(self, predictor, data):
        x, t = data
        model = Classifier(predictor)
        model.compute_accuracy = False
        reporter = chainer.Reporter()
        reporter.add_observer("main", model)
        observation = {}
        with reporter.scope(observation):
            model(x, t)
        assert set(observation) == {"main/loss"}
        assert model.accuracy is None
        assert Classifier.compute_accuracy is True

    def test_no_reporter_is_fine(self, predictor, data):
        x, t = data
        assert Classifier(predictor)(x, t).shape == ()

    def test_backward_reaches_predictor(self, predictor, data):
        x, t = data
        model = Classifier(predictor)
        model.cleargrads()
        model(x, t).backward()
        # d loss / d b = mean over the batch of softmax(y) - onehot(t)
        y = _expected_y(predictor, x).astype(numpy.float64)
        p = numpy.exp(y - y.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[numpy.arange(N), t] -= 1
        numpy.testing.assert_allclose(predictor.b.grad, p.mean(axis=0), rtol=1e-4, atol=1e-6)

    def test_predictor_is_a_child(self, predictor):
        model = Classifier(predictor)
        assert model.predictor is predictor
        assert sorted(name for name, _ in model.namedparams()) == [
            "/predictor/W",
            "/predictor/b",
        ]

    def test_custom_functions(self, predictor, data):
        x, t = data
        calls = []

        def lossfun(y, t):
            calls.append("loss")
            return F.sum(y) * 0

        def accfun(y, t):
            calls.append("acc")
            return F.sum(y) * 0 + 1

        model = Classifier(predictor, lossfun=lossfun, accfun=accfun)
        loss = model(x, t)
        assert calls == ["loss", "acc"]
        assert float(loss.array) == 0.0
        assert float(model.accuracy.array) == 1.0


class _TwoInputs(link.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l = Linear(IN, CLASSES)

    def forward(self, a, b, scale=1.0):
        return self.l(a + b) * scale


class TestLabelKey:
    def _expected(self, model, a, b, scale=1.0):
        return (_expected_y(model.predictor.l, a + b) * scale).astype(numpy.float32)

    @pytest.mark.parametrize("label_key", [0, 1, 2, -1, -2, -3])
    def test_int_positions(self, data, label_key):
        x, t = data
        model = Classifier(_TwoInputs(), label_key=label_key)
        args = [x, x * 2]
        position = label_key % 3
        args.insert(position, t)
        model(*args)
        numpy.testing.assert_allclose(
            model.y.array, self._expected(model, x, x * 2), rtol=1e-5, atol=1e-6
        )

    def test_str_key(self, data):
        x, t = data
        model = Classifier(_TwoInputs(), label_key="t")
        model(x, x, t=t, scale=2.0)
        numpy.testing.assert_allclose(
            model.y.array, self._expected(model, x, x, 2.0), rtol=1e-5, atol=1e-6
        )

    @pytest.mark.parametrize("label_key", [3, -4])
    def test_int_out_of_bounds(self, data, label_key):
        x, t = data
        model = Classifier(_TwoInputs(), label_key=label_key)
        with pytest.raises(ValueError, match="label_key"):
            model(x, x, t)

    def test_missing_str_key(self, data):
        x, t = data
        model = Classifier(_TwoInputs(), label_key="label")
        with pytest.raises(ValueError, match="'label'"):
            model(x, x, t=t)

    @pytest.mark.parametrize("label_key", [1.0, None, (0,), True])
    def test_bad_label_key_type(self, label_key):
        with pytest.raises(TypeError, match="label_key"):
            Classifier(Linear(IN, CLASSES), label_key=label_key)


def test_serialization_round_trip(tmp_path, data):
    from chainer.serializers import load_npz, save_npz

    x, t = data
    src = Classifier(Linear(IN, CLASSES))
    dst = Classifier(Linear(IN, CLASSES))
    save_npz(str(tmp_path / "c.npz"), src)
    load_npz(str(tmp_path / "c.npz"), dst)
    numpy.testing.assert_array_equal(dst.predictor.W.array, src.predictor.W.array)
    numpy.testing.assert_array_equal(dst(x, t).array, src(x, t).array)


@pytest.mark.gpu
@pytest.mark.skipif(not cuda.available, reason="needs a GPU with CuPy")
def test_gpu(data):
    x, t = data
    model = Classifier(Linear(IN, CLASSES))
    expected = float(model(x, t).array)
    model.to_device("@cupy:0")
    xp = model.xp
    loss = model(xp.asarray(x), xp.asarray(t))
    assert isinstance(loss.array, xp.ndarray)
    numpy.testing.assert_allclose(float(loss.array), expected, rtol=1e-5)

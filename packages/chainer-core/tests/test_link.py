import pickle

import numpy
import pytest

import chainer
from chainer import initializers
from chainer.backends import cuda
from chainer.link import Chain, ChainList, Link
from chainer.link_hook import LinkHook
from chainer.sequential import Sequential


class Affine(Link):
    def __init__(self, n_in=2, n_out=3):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(initializers.Normal(1.0), (n_out, n_in))
            self.b = chainer.Parameter(initializers.Zero(), (n_out,))
        self.add_persistent("count", 0)
        self.add_persistent("mean", numpy.zeros(n_out, dtype=numpy.float32))

    def forward(self, x):
        return chainer.functions.matmul(x, self.W, transb=True) + self.b


class Net(Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = Affine(2, 3)
            self.l2 = Affine(3, 1)
            self.stack = ChainList(Affine(1, 1), Affine(1, 2))

    def forward(self, x):
        return self.l2(self.l1(x))


class DictSaver:
    def __init__(self, target, prefix=""):
        self.target = target
        self.prefix = prefix

    def __getitem__(self, key):
        return DictSaver(self.target, self.prefix + key + "/")

    def __call__(self, key, value):
        self.target[self.prefix + key] = None if value is None else numpy.array(value)
        return value


class DictLoader(DictSaver):
    def __getitem__(self, key):
        return DictLoader(self.target, self.prefix + key + "/")

    def __call__(self, key, value):
        stored = self.target[self.prefix + key]
        if value is None:
            return stored
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, stored)
            return value
        return type(value)(stored)


# -- registration --------------------------------------------------------------


def test_params_registered_only_inside_init_scope():
    link = Link()
    with link.init_scope():
        link.p = chainer.Parameter(numpy.zeros(2, dtype=numpy.float32))
    link.q = chainer.Parameter(numpy.zeros(2, dtype=numpy.float32))
    assert [name for name, _ in link.namedparams()] == ["/p"]
    assert link.p.name == "p"
    assert not link.within_init_scope


def test_init_scope_restores_on_error():
    link = Link()
    with pytest.raises(RuntimeError), link.init_scope():
        assert link.within_init_scope
        raise RuntimeError
    assert not link.within_init_scope


def test_children_registered_only_inside_init_scope():
    chain = Chain()
    with chain.init_scope():
        chain.a = Link()
    chain.b = Link()
    assert [name for name, _ in chain.namedlinks(skipself=True)] == ["/a"]
    assert chain.a.name == "a"
    assert chain["a"] is chain.a


def test_chain_rejects_existing_attribute():
    chain = Chain(a=Link())
    with pytest.raises(AttributeError), chain.init_scope():
        chain.a = Link()
    with pytest.raises(TypeError):
        chain.add_link("x", object())


def test_delattr_unregisters():
    net = Net()
    del net.l2
    del net.l1.W
    assert [n for n, _ in net.namedlinks(skipself=True)][0] == "/l1"
    assert "/l1/W" not in dict(net.namedparams())


def test_add_param_and_v1_kwargs():
    link = Link(x=(2, 3), y=((4,), numpy.float16))
    assert link.x.shape == (2, 3) and link.x.dtype == numpy.float32
    assert numpy.isnan(link.x.array).all()
    assert link.y.dtype == numpy.float16
    link.add_param("z", (2,), initializer=initializers.One())
    numpy.testing.assert_array_equal(link.z.array, [1, 1])
    with pytest.raises(AttributeError):
        link.add_param("z", (2,))


def test_lazy_param_dtype_and_device():
    link = Link()
    link.add_param("w", dtype=numpy.float16)
    assert link.w.array is None
    link.to_device("@numpy")
    link.w.initialize((2, 3))
    assert isinstance(link.w.array, numpy.ndarray)
    assert link.w.array.dtype == numpy.float16 and link.w.shape == (2, 3)


def test_persistent():
    link = Link()
    link.add_persistent("p", 3)
    with pytest.raises(AttributeError):
        link.add_persistent("p", 4)
    link.other = 5
    link.register_persistent("other")
    with pytest.raises(AttributeError):
        link.register_persistent("missing")
    assert link._persistent == {"p", "other"}


# -- the tree -----------------------------------------------------------------


def test_namedparams_and_links_order():
    net = Net()
    assert [n for n, _ in net.namedparams()] == [
        "/l1/W",
        "/l1/b",
        "/l2/W",
        "/l2/b",
        "/stack/0/W",
        "/stack/0/b",
        "/stack/1/W",
        "/stack/1/b",
    ]
    assert [n for n, _ in net.namedlinks()] == [
        "/",
        "/l1",
        "/l2",
        "/stack",
        "/stack/0",
        "/stack/1",
    ]
    assert list(net.links())[0] is net
    assert len(list(net.links(skipself=True))) == 5
    assert list(net.children()) == [net.l1, net.l2, net.stack]
    assert net.count_params() == (6 + 3) + (3 + 1) + (1 + 1) + (2 + 2)


def test_params_include_uninit():
    link = Link()
    link.add_param("a")
    link.add_param("b", (2,))
    assert len(list(link.params())) == 2
    assert list(link.params(include_uninit=False)) == [link.b]
    with pytest.warns(UserWarning, match="/a"):
        assert link.count_params() == 2


def test_call_requires_forward():
    with pytest.raises(TypeError, match="forward"):
        Link()(1)


def test_forward_through_call():
    numpy.random.seed(0)  # noqa: NPY002
    net = Net()
    x = numpy.ones((4, 2), dtype=numpy.float32)
    y = net(x)
    expected = (x @ net.l1.W.array.T + net.l1.b.array) @ net.l2.W.array.T + net.l2.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5)


# -- copies -------------------------------------------------------------------


def test_copy_share():
    net = Net()
    net.l1.W.grad = numpy.ones_like(net.l1.W.array)
    c = net.copy("share")
    assert c is not net and c.l1 is not net.l1 and c.stack[0] is not net.stack[0]
    assert c.l1.W is not net.l1.W
    assert c.l1.W.array is net.l1.W.array
    assert c.stack[1].W.array is net.stack[1].W.array
    assert c.l1.W.grad is None and net.l1.W.grad is not None
    assert c.name is None and c.l1.name == "l1" and c.stack[1].name == "1"


def test_copy_copy():
    net = Net()
    c = net.copy(mode="copy")
    assert c.l1.W.array is not net.l1.W.array
    numpy.testing.assert_array_equal(c.l1.W.array, net.l1.W.array)
    assert c.l1.mean is not net.l1.mean
    c.l1.W.array[...] = 7
    assert not (net.l1.W.array == 7).any()


def test_copy_init_reinitializes():
    numpy.random.seed(1)  # noqa: NPY002
    net = Net()
    c = net.copy("init")
    assert c.l1.W.array is not net.l1.W.array
    assert not numpy.array_equal(c.l1.W.array, net.l1.W.array)
    numpy.testing.assert_array_equal(c.l1.b.array, numpy.zeros(3))
    assert isinstance(c.l1.W.initializer, initializers.Normal)


def test_copy_bad_mode():
    with pytest.raises(ValueError):
        Link().copy("deep")


def test_copyparams_and_addgrads():
    a, b = Net(), Net()
    b.l1.count = 9
    b.l1.mean[...] = 4
    mean_before = a.l1.mean
    a.copyparams(b)
    for (n1, p1), (n2, p2) in zip(a.namedparams(), b.namedparams()):
        assert n1 == n2 and p1.array is not p2.array
        numpy.testing.assert_array_equal(p1.array, p2.array)
    assert a.l1.count == 9
    assert a.l1.mean is mean_before and (a.l1.mean == 4).all()
    c = Net()
    c.copyparams(b, copy_persistent=False)
    assert c.l1.count == 0

    for p in a.params():
        p.grad = numpy.ones_like(p.array)
    for p in b.params():
        p.grad = numpy.full_like(p.array, 2)
    a.addgrads(b)
    for p in a.params():
        assert (p.grad == 3).all()
    a.cleargrads()
    assert all(p.grad is None for p in a.params())
    with pytest.warns(DeprecationWarning):
        a.zerograds()
    assert all((p.grad == 0).all() for p in a.params())


def test_repeat():
    link = Affine()
    seq = link.repeat(3)
    assert isinstance(seq, Sequential) and len(seq) == 3
    assert all(x.W.array is not link.W.array for x in seq)
    shared = link.repeat(2, mode="share")
    assert shared[0].W.array is link.W.array
    assert len(link.repeat(0)) == 0
    with pytest.raises(ValueError):
        link.repeat(2, mode="bad")


def test_update_enabled():
    class Rule:
        enabled = True

    net = Net()
    assert not net.update_enabled
    for p in net.params():
        p.update_rule = Rule()
    assert net.update_enabled
    net.disable_update()
    assert not net.update_enabled
    assert all(not p.update_rule.enabled for p in net.params())
    net.l1.enable_update()
    assert net.update_enabled and net.l1.W.update_rule.enabled
    assert not net.l2.W.update_rule.enabled


# -- serialization -------------------------------------------------------------


def test_serialize_round_trip():
    src = Net()
    src.l1.count = 5
    src.stack[1].mean[...] = 2.5
    store = {}
    src.serialize(DictSaver(store))
    assert "l1/W" in store and "stack/1/mean" in store and store["l1/count"] == 5

    dst = Net()
    dst.serialize(DictLoader(store))
    for (_, p), (_, q) in zip(src.namedparams(), dst.namedparams()):
        numpy.testing.assert_array_equal(p.array, q.array)
    assert dst.l1.count == 5 and (dst.stack[1].mean == 2.5).all()


def test_serialize_initializes_lazy_param():
    src = Link()
    src.add_param("w", (2, 2), initializer=initializers.Constant(3.0))
    store = {}
    src.serialize(DictSaver(store))
    dst = Link()
    dst.add_param("w", dtype=numpy.float16)
    dst.serialize(DictLoader(store))
    assert dst.w.shape == (2, 2) and dst.w.dtype == numpy.float16
    numpy.testing.assert_array_equal(dst.w.array, numpy.full((2, 2), 3))
    # saving an uninitialized parameter stores None
    empty = Link()
    empty.add_param("w")
    store = {}
    empty.serialize(DictSaver(store))
    assert store == {"w": None}


def test_pickle_round_trip():
    net = Net()
    back = pickle.loads(pickle.dumps(net))
    numpy.testing.assert_array_equal(back.l2.W.array, net.l2.W.array)
    assert back.device == net.device
    assert [n for n, _ in back.namedparams()] == [n for n, _ in net.namedparams()]


# -- ChainList ----------------------------------------------------------------


def test_chainlist_sequence_methods():
    a, b, c = Link(), Link(), Link()
    cl = ChainList(a)
    cl.append(b)
    cl.insert(0, c)
    assert list(cl) == [c, a, b] and len(cl) == 3
    assert [x.name for x in cl] == ["0", "1", "2"]
    assert cl.index(a) == 1 and cl.count(a) == 1 and a in cl
    assert cl.pop() is b and len(cl) == 2
    cl.reverse()
    assert list(cl) == [a, c] and a.name == "0"
    cl.remove(a)
    assert list(cl) == [c] and c.name == "0"
    cl[0] = b
    assert cl[0] is b and b.name == "0"
    cl.extend([a, c])
    assert len(cl) == 3
    cl.clear()
    assert len(cl) == 0
    with pytest.raises(TypeError):
        cl.append(3)
    with pytest.raises(TypeError), cl.init_scope():
        cl.x = Link()


def test_str_tree():
    net = Net()
    text = str(net)
    assert text == (
        "Net(\n"
        "  (l1): Affine(),\n"
        "  (l2): Affine(),\n"
        "  (stack): ChainList(\n"
        "    (0): Affine(),\n"
        "    (1): Affine(),\n"
        "  ),\n"
        ")"
    )
    assert repr(Chain()) == "Chain()"


# -- link hooks -----------------------------------------------------------------


class Recorder(LinkHook):
    def __init__(self, log, name="Recorder"):
        self.log = log
        self.name = name

    def added(self, link):
        self.log.append(("added", self.name, link))

    def deleted(self, link):
        self.log.append(("deleted", self.name, link))

    def forward_preprocess(self, args):
        self.log.append(("pre", self.name, args.link, args.forward_name, args.args, args.kwargs))

    def forward_postprocess(self, args):
        self.log.append(("post", self.name, args.link, args.out))


class Echo(Link):
    def forward(self, x, scale=1):
        return x * scale


def test_local_hook_args_and_order():
    log = []
    link = Echo()
    g = Recorder(log, "global")
    loc = Recorder(log, "local")
    assert link.add_hook(loc) is link
    assert log == [("added", "local", link)]
    log.clear()
    with g:
        out = link(3, scale=2)
    assert out == 6
    assert log == [
        ("added", "global", None),
        ("pre", "global", link, "forward", (3,), {"scale": 2}),
        ("pre", "local", link, "forward", (3,), {"scale": 2}),
        ("post", "global", link, 6),
        ("post", "local", link, 6),
        ("deleted", "global", None),
    ]
    log.clear()
    link(1)
    assert [e[0] for e in log] == ["pre", "post"]  # the global hook is gone
    link.delete_hook("local")
    assert log[-1] == ("deleted", "local", link)
    log.clear()
    link(1)
    assert log == []


def test_hook_errors():
    link = Echo()
    link.add_hook(LinkHook())
    with pytest.raises(KeyError):
        link.add_hook(LinkHook())
    link.add_hook(LinkHook(), name="second")
    assert list(link.local_link_hooks) == ["LinkHook", "second"]
    with pytest.raises(KeyError):
        link.delete_hook("nope")
    with pytest.raises(TypeError):
        link.add_hook(object())
    hook = LinkHook()
    with hook, pytest.raises(KeyError), LinkHook():
        pass


def test_global_hooks_are_thread_local():
    import threading

    log = []
    link = Echo()
    seen = []
    with Recorder(log):
        thread = threading.Thread(target=lambda: seen.append(link(2)))
        thread.start()
        thread.join()
    assert seen == [2]
    assert [e[0] for e in log] == ["added", "deleted"]


def test_hooks_see_nested_links():
    log = []
    net = Net()
    with Recorder(log):
        net(numpy.ones((1, 2), dtype=numpy.float32))
    assert [(e[0], e[2]) for e in log if e[0] in ("pre", "post")] == [
        ("pre", net),
        ("pre", net.l1),
        ("post", net.l1),
        ("pre", net.l2),
        ("post", net.l2),
        ("post", net),
    ]


# -- GPU ----------------------------------------------------------------------


@pytest.mark.gpu
def test_lazy_param_initialized_on_gpu():
    if not cuda.available:
        pytest.skip("no GPU")
    cupy = cuda.cupy
    link = Link()
    link.add_param("w", dtype=numpy.float16)
    link.to_gpu()
    link.w.initialize((2, 3))
    assert isinstance(link.w.array, cupy.ndarray) and link.w.dtype == numpy.float16
    link.add_param("v", (2,), initializer=initializers.One())
    assert isinstance(link.v.array, cupy.ndarray)
    c = link.copy("copy")
    assert isinstance(c.w.array, cupy.ndarray) and c.device == link.device
    # loading into a lazy parameter of a GPU link initializes it on that GPU
    dst = Link()
    dst.add_param("w")
    dst.to_gpu()
    dst.serialize(DictLoader({"w": numpy.full((2, 2), 5.0, dtype=numpy.float32)}))
    assert isinstance(dst.w.array, cupy.ndarray)
    numpy.testing.assert_array_equal(cupy.asnumpy(dst.w.array), numpy.full((2, 2), 5.0))

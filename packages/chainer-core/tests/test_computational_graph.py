import re
import sys

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import computational_graph as cg

NODE = re.compile(r"(\d+) \[([^\]]*)\];")
EDGE = re.compile(r"(\d+) -> (\d+);")
ATTR = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse(dot):
    assert dot.startswith("digraph graphname{rankdir=") and dot.endswith("}")
    nodes = {i: dict(ATTR.findall(attrs)) for i, attrs in NODE.findall(dot)}
    edges = EDGE.findall(dot)
    return nodes, edges


def labelled_edges(dot):
    nodes, edges = parse(dot)
    return sorted((nodes[a]["label"], nodes[b]["label"]) for a, b in edges), nodes


def small_graph():
    x = chainer.Variable(numpy.ones(3, dtype=numpy.float32), name="x")
    h = F.exp(x)
    y = F.sum(h)
    return x, h, y


def test_edges_of_small_graph():
    x, h, y = small_graph()
    g = cg.build_computational_graph([y])
    edges, nodes = labelled_edges(g.dump())
    assert edges == [
        ("(3), float32", "Sum"),
        ("Sum", "float32"),
        ("exp", "(3), float32"),
        ("x: (3), float32", "exp"),
    ]
    assert len(nodes) == 5
    shapes = sorted(n["shape"] for n in nodes.values())
    assert shapes == ["octagon"] * 3 + ["record"] * 2


def test_shared_input_and_dedup():
    x = chainer.Variable(numpy.ones(2, dtype=numpy.float32))
    y = F.exp(x)
    z = F.sum(y) + F.sum(y)
    g = cg.build_computational_graph(z)
    nodes, edges = parse(g.dump())
    assert len(edges) == len(set(edges))
    y_id = str(id(y.node))
    consumers = [b for a, b in edges if a == y_id]
    assert len(consumers) == 2 and all(nodes[b]["label"] == "Sum" for b in consumers)


def test_remove_variable():
    x, h, y = small_graph()
    dot = cg.build_computational_graph(y, remove_variable=True).dump()
    edges, nodes = labelled_edges(dot)
    assert edges == [("exp", "Sum")]
    assert sorted(n["label"] for n in nodes.values()) == ["Sum", "exp"]


def test_styles_names_and_rankdir():
    x, h, y = small_graph()
    dot = cg.build_computational_graph(
        y,
        variable_style={"color": "red"},
        function_style={"shape": "circle"},
        rankdir="LR",
        show_name=False,
    ).dump()
    assert dot.startswith("digraph graphname{rankdir=LR;")
    nodes, _ = parse(dot)
    assert all("x:" not in n["label"] for n in nodes.values())
    assert {n["shape"] for n in nodes.values()} == {"oval", "circle"}
    assert all(n.get("color") == "red" for n in nodes.values() if n["shape"] == "oval")
    with pytest.raises(ValueError):
        cg.build_computational_graph(y, rankdir="XY")


def test_bad_arguments():
    x, h, y = small_graph()
    with pytest.raises(ValueError):
        cg.build_computational_graph(y, remove_split=False)
    with pytest.raises(TypeError):
        cg.build_computational_graph([y, 3])
    with pytest.raises(NotImplementedError):
        cg.build_computational_graph(y).dump("png")
    with pytest.raises(TypeError):
        cg.DotNode(x)


def test_accepts_nodes_and_function_nodes():
    x, h, y = small_graph()
    g1 = cg.build_computational_graph(y.node)
    g2 = cg.build_computational_graph(y.creator_node)
    assert len(g1.edges) == 4 and len(g2.edges) == 3


def test_dot_node_label_escapes_quotes():
    x = chainer.Variable(numpy.ones(1, dtype=numpy.float32), name='a"b')
    label = cg.DotNode(x.node).label
    assert label == f'{id(x.node)} [label="a\\"b: (1), float32",shape="oval"];'


def test_long_chain_without_recursion():
    x = chainer.Variable(numpy.ones(1, dtype=numpy.float32))
    h = x
    for _ in range(10000):
        h = h + 1
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        g = cg.build_computational_graph(h)
    finally:
        sys.setrecursionlimit(limit)
    assert len(g.nodes) == 20001 and len(g.edges) == 20000
    nodes, edges = parse(g.dump())
    assert len(nodes) == 20001 and len(edges) == 20000

"""Draw the computational graph behind some Variables as Graphviz dot text."""

from __future__ import annotations

import heapq

from chainer.function_node import FunctionNode
from chainer.variable import Variable
from chainer.variable_node import VariableNode

__all__ = ["ComputationalGraph", "DotNode", "build_computational_graph"]

_VARIABLE_STYLE = {"shape": "octagon", "fillcolor": "#E0E0E0", "style": "filled"}
_FUNCTION_STYLE = {"shape": "record", "fillcolor": "#6495ED", "style": "filled"}
_RANKDIRS = ("TB", "BT", "LR", "RL")


def _quote(value):
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


class DotNode:
    """One node of a dot graph: a VariableNode (oval) or a FunctionNode (box).

    Args:
        node (VariableNode or FunctionNode): the graph node.
        attribute (dict): dot attributes that override the defaults.
        show_name (bool): prefix a variable's label with its name, if it has one.

    Attributes:
        id_ (int): the node's id in the dot text (``id(node)``).
        attribute (dict): the dot attributes, ``label`` included.
    """

    def __init__(self, node, attribute=None, show_name=True):
        if not isinstance(node, (VariableNode, FunctionNode)):
            raise TypeError(
                f"DotNode takes a VariableNode or a FunctionNode, not {type(node).__name__}"
            )
        self.node = node
        self.id_ = id(node)
        self.attribute = {"label": node.label}
        if isinstance(node, VariableNode):
            if show_name and node.name is not None:
                self.attribute["label"] = f"{node.name}: {node.label}"
            self.attribute["shape"] = "oval"
        else:
            self.attribute["shape"] = "box"
        if attribute is not None:
            self.attribute.update(attribute)

    @property
    def label(self):
        """str: the node's dot statement, ``'<id> [key="value",...];'``."""
        attrs = ",".join(f"{k}={_quote(v)}" for k, v in sorted(self.attribute.items()))
        return f"{self.id_} [{attrs}];"


class ComputationalGraph:
    """A computational graph: its nodes and its ``(from, to)`` edges.

    Args:
        nodes (list): VariableNodes and FunctionNodes.
        edges (list): ``(head, tail)`` pairs: a VariableNode to the function
            that takes it, or a function to the VariableNode it made.
        variable_style (dict or 'default'): dot attributes of variables.
        function_style (dict or 'default'): dot attributes of functions.
        rankdir (str): ``'TB'``, ``'BT'``, ``'LR'`` or ``'RL'``.
        remove_variable (bool): draw functions only (edges join a function
            to the functions that use its outputs).
        show_name (bool): show variable names in labels.
    """

    def __init__(
        self,
        nodes,
        edges,
        variable_style="default",
        function_style="default",
        rankdir="TB",
        remove_variable=False,
        show_name=True,
    ):
        if rankdir not in _RANKDIRS:
            raise ValueError(f"rankdir must be one of {', '.join(_RANKDIRS)}, not {rankdir!r}")
        self.nodes = nodes
        self.edges = edges
        self.variable_style = _VARIABLE_STYLE if variable_style == "default" else variable_style
        self.function_style = _FUNCTION_STYLE if function_style == "default" else function_style
        self.rankdir = rankdir
        self.remove_variable = remove_variable
        self.show_name = show_name

    def _function_edges(self):
        # f -> v -> g becomes f -> g.
        return [
            (head.creator_node, tail)
            for head, tail in self.edges
            if isinstance(head, VariableNode) and head.creator_node is not None
        ]

    def _to_dot(self):
        parts = [f"digraph graphname{{rankdir={self.rankdir};"]
        for node in self.nodes:
            if isinstance(node, VariableNode):
                if not self.remove_variable:
                    parts.append(DotNode(node, self.variable_style, self.show_name).label)
            else:
                parts.append(DotNode(node, self.function_style, self.show_name).label)
        edges = self._function_edges() if self.remove_variable else self.edges
        drawn = set()
        for head, tail in edges:
            edge = (id(head), id(tail))
            if edge not in drawn:
                drawn.add(edge)
                parts.append(f"{edge[0]} -> {edge[1]};")
        parts.append("}")
        return "".join(parts)

    def dump(self, format="dot"):  # noqa: A002 - Chainer's parameter name
        """The graph as text.

        Args:
            format (str): only ``'dot'`` (Graphviz).

        Returns:
            str: the dot source.

        Raises:
            NotImplementedError: for another format.
        """
        if format == "dot":
            return self._to_dot()
        raise NotImplementedError(f"only the 'dot' format is supported, not {format!r}")


def build_computational_graph(
    outputs,
    remove_split=True,
    variable_style="default",
    function_style="default",
    rankdir="TB",
    remove_variable=False,
    show_name=True,
):
    """Collects the graph that produced ``outputs``, walking back from them.

    The walk visits nodes in decreasing rank with an explicit heap (no
    recursion), so graphs of any depth work.

    Args:
        outputs: a Variable, VariableNode or FunctionNode, or a list of them.
        remove_split (bool): must be True (split nodes no longer exist).
        variable_style, function_style, rankdir, remove_variable, show_name:
            passed to :class:`ComputationalGraph`.

    Returns:
        ComputationalGraph: nodes in discovery order, and the edges.

    Raises:
        ValueError: for ``remove_split=False``.
        TypeError: for outputs of another type.
    """
    if not remove_split:
        raise ValueError("remove_split=False is not supported anymore")
    kinds = (Variable, VariableNode, FunctionNode)
    if isinstance(outputs, kinds):
        outputs = [outputs]
    outputs = list(outputs)
    for o in outputs:
        if not isinstance(o, kinds):
            raise TypeError(
                f"outputs must be Variables, VariableNodes or FunctionNodes, not {type(o).__name__}"
            )

    heap = []
    nodes = {}  # id -> node, in discovery order
    edges = {}  # (id, id) -> (head, tail), in discovery order
    counter = 0

    def push(node):
        nonlocal counter
        heapq.heappush(heap, (-node.rank, counter, node))
        counter += 1

    def add_edge(head, tail):
        key = (id(head), id(tail))
        if key in edges:
            return False
        edges[key] = (head, tail)
        nodes.setdefault(id(head), head)
        nodes.setdefault(id(tail), tail)
        return True

    for o in outputs:
        node = o.node if isinstance(o, Variable) else o
        nodes.setdefault(id(node), node)
        push(node)
    while heap:
        _, _, node = heapq.heappop(heap)
        if isinstance(node, VariableNode):
            creator = node.creator_node
            if creator is not None and add_edge(creator, node):
                push(creator)
        else:
            for input_node in node.inputs or ():
                if add_edge(input_node, node):
                    push(input_node)
    return ComputationalGraph(
        list(nodes.values()),
        list(edges.values()),
        variable_style,
        function_style,
        rankdir,
        remove_variable,
        show_name,
    )

"""Static-subgraph optimization: trace a chain's forward once, replay it afterwards."""

from chainer.graph_optimizations.static_graph import static_code, static_graph

__all__ = ["static_code", "static_graph"]

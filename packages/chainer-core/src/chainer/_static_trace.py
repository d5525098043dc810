"""The per-thread slot through which FunctionNode.apply reports to a static-graph trace."""

import threading


class _TraceState(threading.local):
    """``recorder`` is the active trace of :func:`chainer.static_graph`, or None."""

    recorder = None


state = _TraceState()

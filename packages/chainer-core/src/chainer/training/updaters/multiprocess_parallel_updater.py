"""Data-parallel updates with one process per GPU, reduced over NCCL."""

from __future__ import annotations

import multiprocessing
import warnings

import chainer
from chainer import backend, reporter
from chainer.backends import cuda
from chainer.dataset import convert
from chainer.training.updaters import standard_updater

__all__ = ["MultiprocessParallelUpdater"]


def _get_nccl():
    """``cupy.cuda.nccl`` when CuPy, a GPU and the NCCL library are all present, else None."""
    if not cuda.available or cuda.cupy is None:
        return None
    try:
        from cupy.cuda import nccl
    except ImportError:
        return None
    if not getattr(nccl, "available", True):
        return None
    return nccl


def _nccl_data_type(nccl, dtype):
    kinds = {"float16": "NCCL_FLOAT16", "float32": "NCCL_FLOAT32", "float64": "NCCL_FLOAT64"}
    try:
        return getattr(nccl, kinds[dtype.name])
    except KeyError:
        raise TypeError(
            f"MultiprocessParallelUpdater: NCCL cannot reduce parameters of dtype {dtype}"
        ) from None


def _params(link):
    return [param for _, param in sorted(link.namedparams()) if param.array is not None]


def _buffer_dtype(params):
    return chainer.backend.get_array_module(params[0].array).result_type(
        *[param.dtype for param in params]
    )


def gather_grads(link):
    """Packs the gradients of every initialized parameter into one flat array.

    Parameters are taken in the sorted order of their paths; a missing
    gradient counts as zeros. The buffer's dtype is the common dtype of the
    parameters.

    Args:
        link (~chainer.Link): the link.

    Returns:
        array: the flat buffer, on the parameters' device.
    """
    params = _params(link)
    xp = backend.get_array_module(params[0].array)
    dtype = _buffer_dtype(params)
    pieces = [
        xp.zeros(param.size, dtype) if param.grad is None else param.grad.ravel().astype(dtype)
        for param in params
    ]
    return xp.concatenate(pieces)


def gather_params(link):
    """Packs the values of every initialized parameter into one flat array (see gather_grads)."""
    params = _params(link)
    xp = backend.get_array_module(params[0].array)
    dtype = _buffer_dtype(params)
    return xp.concatenate([param.array.ravel().astype(dtype) for param in params])


def _scatter(link, buffer, attr):
    offset = 0
    for param in _params(link):
        size = param.size
        piece = buffer[offset : offset + size].reshape(param.shape).astype(param.dtype)
        if attr == "grad":
            param.grad = piece
        else:
            param.array[...] = piece
        offset += size
    if offset != buffer.size:
        raise ValueError(f"the buffer has {buffer.size} elements but the parameters need {offset}")


def scatter_grads(link, buffer):
    """Unpacks a buffer made by :func:`gather_grads` into the parameters' gradients."""
    _scatter(link, buffer, "grad")


def scatter_params(link, buffer):
    """Unpacks a buffer made by :func:`gather_params` into the parameters' values."""
    _scatter(link, buffer, "array")


class _Worker(multiprocessing.Process):
    """The process that runs the model replica of one non-main GPU."""

    def __init__(self, proc_id, pipe, master):
        super().__init__()
        self.proc_id = proc_id
        self.pipe = pipe
        self.converter = master.converter
        self.model = master._master
        self.device = master._devices[proc_id]
        self.iterator = master._mpu_iterators[proc_id]
        self.n_devices = len(master._devices)

    def _setup(self, nccl):
        _, comm_id = self.pipe.recv()
        self.comm = nccl.NcclCommunicator(self.n_devices, comm_id, self.proc_id)
        self.model.to_device(self.device)
        self.reporter = reporter.Reporter()
        self.reporter.add_observer("main", self.model)
        self.reporter.add_observers("main", self.model.namedlinks(skipself=True))

    def run(self):
        nccl = _get_nccl()
        cupy = cuda.cupy
        cupy.cuda.Device(self.device.device.id).use()
        self._setup(nccl)
        stream = cupy.cuda.Stream.null
        while True:
            job, _ = self.pipe.recv()
            if job == "finalize":
                cupy.cuda.Device(self.device.device.id).synchronize()
                break
            if job != "update":
                continue
            self.model.cleargrads()
            batch = convert._call_converter(self.converter, self.iterator.next(), self.device)
            with self.reporter.scope({}):  # the values of the replicas are not observed
                loss = standard_updater._apply(self.model, batch)
            self.model.cleargrads()
            loss.backward()
            del loss
            gg = gather_grads(self.model)
            self.comm.reduce(
                gg.data.ptr,
                gg.data.ptr,
                gg.size,
                _nccl_data_type(nccl, gg.dtype),
                nccl.NCCL_SUM,
                0,
                stream.ptr,
            )
            del gg
            self.model.cleargrads()
            gp = gather_params(self.model)
            self.comm.bcast(gp.data.ptr, gp.size, _nccl_data_type(nccl, gp.dtype), 0, stream.ptr)
            scatter_params(self.model, gp)
            del gp


class MultiprocessParallelUpdater(standard_updater.StandardUpdater):
    """Data-parallel updater with one process per GPU and NCCL reductions.

    Each GPU gets its own iterator (usually over a split of the dataset, see
    :func:`chainer.datasets.split_dataset_n_random`) and a copy of the model
    in its own worker process. At every step each process computes the loss
    and gradients of its own mini-batch; the gradients are summed into the
    main process over NCCL, the main optimizer updates, and the new
    parameters are broadcast to the workers.

    Because the gradients are summed rather than averaged, the constructor
    scales the optimizer for the larger effective batch: ``eps`` of Adam,
    AdaGrad and RMSprop is multiplied by the number of devices (by its
    square for RMSpropGraves and AdaDelta); ``lr`` of the others is divided by it.

    The workers (one per GPU after the first) are started with the process
    start method of :mod:`multiprocessing`; with ``fork`` (the Linux default)
    the CUDA context must not exist yet when the updater is made: do not
    touch the GPU before, or call ``multiprocessing.set_start_method('forkserver')``.

    Args:
        iterators (list): one iterator per device; the first one is the main
            iterator. All must iterate datasets of the same length.
        optimizer: the optimizer of the main model (on the CPU or the first GPU).
        converter (callable): the converter, :func:`chainer.dataset.concat_examples`
            by default.
        devices (list or dict): the GPUs, one per iterator: a list whose
            first entry is the main GPU, or a dict with a ``'main'`` key.
        auto_new_epoch (bool): call ``optimizer.new_epoch(auto=True)`` at
            each new epoch.

    Raises:
        RuntimeError: when NCCL is not available (see :meth:`available`) or
            the CUDA context already exists under the ``fork`` start method.
        ValueError: for devices and iterators that do not match.
    """

    def __init__(
        self,
        iterators,
        optimizer,
        converter=convert.concat_examples,
        devices=None,
        auto_new_epoch=True,
    ):
        if not MultiprocessParallelUpdater.available():
            raise RuntimeError(
                "MultiprocessParallelUpdater needs CuPy, a GPU and NCCL (cupy.cuda.nccl with "
                "the nvidia-nccl-cu12 or -cu13 wheel); use ParallelUpdater or StandardUpdater"
            )
        devices = _device_list(devices)
        if (
            len(devices) > 1
            and _cuda_context_exists()
            and multiprocessing.get_start_method() not in ("spawn", "forkserver")
        ):
            raise RuntimeError(
                "MultiprocessParallelUpdater: the CUDA context already exists, and forked "
                "workers cannot use it. Make the updater before touching the GPU, or call "
                "multiprocessing.set_start_method('forkserver') first"
            )

        iterators = list(iterators)
        if len(iterators) != len(devices):
            raise ValueError(
                f"MultiprocessParallelUpdater: {len(iterators)} iterators for "
                f"{len(devices)} devices; give one iterator per device"
            )
        for index, iterator in enumerate(iterators[1:], 1):
            if len(iterator.dataset) != len(iterators[0].dataset):
                raise ValueError(
                    f"MultiprocessParallelUpdater: iterator {index} has a dataset of "
                    f"{len(iterator.dataset)} examples, the main one {len(iterators[0].dataset)}"
                )

        n = len(devices)
        if n > 1:
            _scale_for_devices(optimizer, n)

        super().__init__(
            iterator=iterators[0],
            optimizer=optimizer,
            converter=converter,
            auto_new_epoch=auto_new_epoch,
        )
        self._master = optimizer.target
        self._devices = devices
        self._mpu_iterators = iterators
        self._initialized = False
        self._pipes = []
        self._workers = []
        self.comm = None

    @staticmethod
    def available():
        """Says whether this machine can run the updater (CuPy, a GPU and NCCL).

        Returns:
            bool: True when NCCL can be used.
        """
        return _get_nccl() is not None

    def _send_message(self, message):
        for pipe in self._pipes:
            pipe.send(message)

    def setup_workers(self):
        """Starts the worker processes and the NCCL communicator (once; at the first update)."""
        if self._initialized:
            return
        self._initialized = True
        nccl = _get_nccl()

        self._master.cleargrads()
        for i in range(1, len(self._devices)):
            pipe, worker_end = multiprocessing.Pipe()
            worker = _Worker(i, worker_end, self)
            worker.start()
            self._workers.append(worker)
            self._pipes.append(pipe)

        main_device = self._devices[0]
        with chainer.using_device(main_device):
            self._master.to_device(main_device)
            if len(self._devices) > 1:
                comm_id = nccl.get_unique_id()
                self._send_message(("set comm_id", comm_id))
                self.comm = nccl.NcclCommunicator(len(self._devices), comm_id, 0)

    def update_core(self):
        """One step on every GPU; the main process updates and broadcasts the parameters."""
        self.setup_workers()
        self._send_message(("update", None))
        nccl = _get_nccl()
        main_device = self._devices[0]
        with chainer.using_device(main_device):
            self._master.cleargrads()
            optimizer = self.get_optimizer("main")
            iterator = self.get_iterator("main")
            batch = convert._call_converter(self.converter, iterator.next(), main_device)
            loss = standard_updater._apply(self._master, batch)
            self._master.cleargrads()
            loss.backward()
            del loss

            stream = cuda.cupy.cuda.Stream.null
            if self.comm is not None:
                gg = gather_grads(self._master)
                self.comm.reduce(
                    gg.data.ptr,
                    gg.data.ptr,
                    gg.size,
                    _nccl_data_type(nccl, gg.dtype),
                    nccl.NCCL_SUM,
                    0,
                    stream.ptr,
                )
                scatter_grads(self._master, gg)
                del gg
            optimizer.update()
            if self.comm is not None:
                gp = gather_params(self._master)
                self.comm.bcast(
                    gp.data.ptr, gp.size, _nccl_data_type(nccl, gp.dtype), 0, stream.ptr
                )

            if self.auto_new_epoch and iterator.is_new_epoch:
                optimizer.new_epoch(auto=True)

    def finalize(self):
        """Stops the workers, then finalizes the iterators."""
        self._send_message(("finalize", None))
        for worker in self._workers:
            worker.join()
        self._workers = []
        self._pipes = []
        super().finalize()


def _cuda_context_exists():
    try:
        return cuda.cupy.cuda.driver.ctxGetCurrent() != 0
    except Exception:  # the driver is not initialized: no context yet
        return False


def _device_list(devices):
    if isinstance(devices, dict):
        devices = dict(devices)
        if "main" not in devices:
            raise ValueError("MultiprocessParallelUpdater: a devices dict needs a 'main' key")
        main = devices.pop("main")
        devices = [main, *devices.values()]
    elif isinstance(devices, (list, tuple)):
        devices = list(devices)
    else:
        raise ValueError(
            "MultiprocessParallelUpdater: devices must be a list, a tuple or a dict, "
            f"not {type(devices).__name__}"
        )
    if not devices or any(d is None for d in devices):
        raise ValueError("MultiprocessParallelUpdater: give one GPU per iterator in devices")
    devices = [backend.get_device(d) for d in devices]
    for d in devices:
        if cuda.cupy is None or d.xp is not cuda.cupy:
            raise ValueError(f"MultiprocessParallelUpdater: {d} is not a GPU device")
    return devices


def _scale_for_devices(optimizer, n):
    name = type(optimizer).__name__
    if name in ("Adam", "AdaGrad", "RMSprop"):
        optimizer.eps *= n
        changed = f"optimizer.eps is changed to {optimizer.eps}"
    elif name in ("RMSpropGraves", "AdaDelta"):
        optimizer.eps *= n**2
        changed = f"optimizer.eps is changed to {optimizer.eps}"
    elif hasattr(optimizer, "lr"):
        optimizer.lr /= n
        changed = f"optimizer.lr is changed to {optimizer.lr}"
    else:
        return
    warnings.warn(
        f"{changed} by MultiprocessParallelUpdater for the {n}-times larger batch",
        stacklevel=3,
    )

"""``numpy.fft`` / ``cupy.fft`` by device.

Transforms follow the device of their input array; ``fftfreq`` and ``rfftfreq``,
which take no array, build their result on the current device.
"""

from __future__ import annotations

from cupy_lite._namespace import make_dispatcher, resolve

__all__ = [
    "fft",
    "fft2",
    "fftfreq",
    "fftn",
    "fftshift",
    "hfft",
    "ifft",
    "ifft2",
    "ifftn",
    "ifftshift",
    "ihfft",
    "irfft",
    "irfft2",
    "irfftn",
    "rfft",
    "rfft2",
    "rfftfreq",
    "rfftn",
]

fft = make_dispatcher(("fft", "fft"))
fft2 = make_dispatcher(("fft", "fft2"))
fftfreq = make_dispatcher(("fft", "fftfreq"))
fftn = make_dispatcher(("fft", "fftn"))
fftshift = make_dispatcher(("fft", "fftshift"))
hfft = make_dispatcher(("fft", "hfft"))
ifft = make_dispatcher(("fft", "ifft"))
ifft2 = make_dispatcher(("fft", "ifft2"))
ifftn = make_dispatcher(("fft", "ifftn"))
ifftshift = make_dispatcher(("fft", "ifftshift"))
ihfft = make_dispatcher(("fft", "ihfft"))
irfft = make_dispatcher(("fft", "irfft"))
irfft2 = make_dispatcher(("fft", "irfft2"))
irfftn = make_dispatcher(("fft", "irfftn"))
rfft = make_dispatcher(("fft", "rfft"))
rfft2 = make_dispatcher(("fft", "rfft2"))
rfftfreq = make_dispatcher(("fft", "rfftfreq"))
rfftn = make_dispatcher(("fft", "rfftn"))


def __getattr__(name: str):
    return resolve(globals(), name, ("fft",), __name__)

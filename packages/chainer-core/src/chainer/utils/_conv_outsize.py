"""Output sizes of convolutions and deconvolutions along one axis."""


def get_conv_outsize(size, k, s, p, cover_all=False, d=1):
    """Calculates the output size of a convolution along one axis.

    Args:
        size (int): The input size.
        k (int): The filter size.
        s (int): The stride.
        p (int): The padding on each side.
        cover_all (bool): Whether the output covers every input element
            (an extra partial window is added when needed).
        d (int): The dilation factor.

    Returns:
        int: The output size.
    """
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def get_deconv_outsize(size, k, s, p, cover_all=False, d=1):
    """Calculates the output size of a deconvolution along one axis.

    Args:
        size (int): The input size.
        k (int): The filter size.
        s (int): The stride.
        p (int): The padding on each side.
        cover_all (bool): Whether the matching convolution used ``cover_all``.
        d (int): The dilation factor.

    Returns:
        int: The output size.
    """
    dk = (k - 1) * d + 1
    if cover_all:
        return s * (size - 1) + dk - s + 1 - 2 * p
    return s * (size - 1) + dk - 2 * p

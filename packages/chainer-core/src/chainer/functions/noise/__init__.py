"""Functions that inject noise: dropout and its variants, Gaussian and Gumbel sampling."""

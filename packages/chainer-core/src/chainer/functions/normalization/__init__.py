"""Normalization functions: batch, group, layer, local response and L2 normalization."""

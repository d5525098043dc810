"""Activation functions (relu, sigmoid, softmax and the like)."""

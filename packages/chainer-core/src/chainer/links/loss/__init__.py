"""Loss links that hold parameters (hierarchical softmax, BlackOut, CRF, negative sampling)."""

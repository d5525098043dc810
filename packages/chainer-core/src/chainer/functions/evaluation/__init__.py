"""Evaluation metrics: accuracy, precision and recall, R^2 (not differentiable)."""

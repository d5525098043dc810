"""Tabular datasets: rows of named columns, with lazy views and combinations (Chainer v7)."""

from chainer.dataset.tabular.delegate_dataset import DelegateDataset
from chainer.dataset.tabular.from_data import from_data
from chainer.dataset.tabular.tabular_dataset import TabularDataset

__all__ = ["DelegateDataset", "TabularDataset", "from_data"]

"""classification_summary and its parts: per-class precision, recall and F-beta score."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.evaluation.accuracy import _check_ignore_label, check_scores_and_labels


def _fbeta(precision, recall, beta):
    beta2 = beta * beta
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


class ClassificationSummary(FunctionNode):
    """Per-class precision, recall, F-beta score and support; not differentiable.

    Outputs: precision, recall and F-beta (``y``'s dtype) and support (int64),
    each of shape ``(label_num,)``. A class never predicted has precision NaN;
    a class with no true sample has recall NaN, as 0 / 0.
    """

    def __init__(self, label_num, beta, ignore_label):
        if label_num is not None:
            if isinstance(label_num, bool) or not isinstance(label_num, (int, numpy.integer)):
                raise TypeError(
                    f"classification_summary: label_num must be None or an int, not {label_num!r}"
                )
            if label_num < 0:
                raise ValueError(
                    f"classification_summary: label_num must be non-negative, not {label_num}"
                )
            label_num = int(label_num)
        if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
            raise TypeError(f"classification_summary: beta must be a real number, not {beta!r}")
        _check_ignore_label(ignore_label, "classification_summary")
        self.label_num = label_num
        self.beta = float(beta)
        self.ignore_label = ignore_label

    @property
    def label(self):
        return "ClassificationSummary"

    def check_type_forward(self, in_types):
        check_scores_and_labels(in_types)

    def forward(self, inputs):
        y, t = inputs
        xp = chainer.backend.get_array_module(y)
        t = t.ravel()
        ignored = t == self.ignore_label
        labels = t[~ignored]
        label_num = self.label_num
        if label_num is None:
            label_num = int(labels.max()) + 1 if labels.size else 0
        if labels.size and bool(((labels < 0) | (labels >= label_num)).any()):
            bad = int(labels[(labels < 0) | (labels >= label_num)][0])
            raise ValueError(
                f"classification_summary: t holds the label {bad}, outside [0, {label_num}) "
                f"(label_num={label_num}, ignore_label={self.ignore_label})"
            )
        # Ignored entries go to an extra bin, label_num, which is cut off.
        sink = label_num
        pred = xp.where(ignored, sink, y.argmax(axis=1).ravel())
        true = xp.where(ignored, sink, t)
        n_bins = label_num + 1
        support = xp.bincount(true, minlength=n_bins)[:label_num]
        relevant = xp.bincount(pred, minlength=n_bins)[:label_num]
        tp = xp.bincount(xp.where(pred == true, true, sink), minlength=n_bins)[:label_num]
        with numpy.errstate(divide="ignore", invalid="ignore"):
            precision = tp / relevant
            recall = tp / support
            fbeta = _fbeta(precision, recall, self.beta)
        dtype = y.dtype
        return (
            precision.astype(dtype, copy=False),
            recall.astype(dtype, copy=False),
            fbeta.astype(dtype, copy=False),
            support.astype(numpy.int64, copy=False),
        )

    def backward(self, indexes, grad_outputs):
        return (None,) * len(indexes)


def classification_summary(y, t, label_num=None, beta=1.0, ignore_label=-1):
    """Per-class precision, recall, F-beta score and support of a classifier.

    For class ``c``: precision is (correct predictions of ``c``) / (predictions
    of ``c``), recall is (correct predictions of ``c``) / (true labels ``c``),
    ``F_beta = (1 + beta^2) P R / (beta^2 P + R)``, and support is the number
    of true labels ``c``. 0 / 0 gives NaN.

    Args:
        y (Variable or array): scores of shape ``(N, C, ...)``, floating
            point; the predicted class is the argmax over axis 1.
        t (Variable or array): true labels of shape ``(N, ...)`` (``y``'s
            shape without axis 1), signed integers in ``[0, label_num)`` or
            ``ignore_label``.
        label_num (int or None): the number of classes; None takes the largest
            label in ``t`` plus one.
        beta (float): the weight of recall in the F-beta score.
        ignore_label (int): labels equal to this value are left out.

    Returns:
        tuple of Variable: ``(precision, recall, fbeta, support)``, each of
        shape ``(label_num,)``; the first three of ``y``'s dtype, support of
        int64. They have no gradient.

    Raises:
        ValueError: when a label of ``t`` is outside ``[0, label_num)`` and
            is not ``ignore_label``.
    """
    return ClassificationSummary(label_num, beta, ignore_label).apply((y, t))


def precision(y, t, label_num=None, ignore_label=-1):
    """Per-class precision; see :func:`classification_summary`.

    Args:
        y (Variable or array): scores of shape ``(N, C, ...)``.
        t (Variable or array): labels of shape ``(N, ...)``, signed integers.
        label_num (int or None): the number of classes.
        ignore_label (int): the label to leave out.

    Returns:
        tuple of Variable: ``(precision, support)``, of shape ``(label_num,)``.
    """
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[0], ret[3]


def recall(y, t, label_num=None, ignore_label=-1):
    """Per-class recall; see :func:`classification_summary`.

    Args:
        y (Variable or array): scores of shape ``(N, C, ...)``.
        t (Variable or array): labels of shape ``(N, ...)``, signed integers.
        label_num (int or None): the number of classes.
        ignore_label (int): the label to leave out.

    Returns:
        tuple of Variable: ``(recall, support)``, of shape ``(label_num,)``.
    """
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[1], ret[3]


def fbeta_score(y, t, label_num=None, beta=1.0, ignore_label=-1):
    """Per-class F-beta score; see :func:`classification_summary`.

    Args:
        y (Variable or array): scores of shape ``(N, C, ...)``.
        t (Variable or array): labels of shape ``(N, ...)``, signed integers.
        label_num (int or None): the number of classes.
        beta (float): the weight of recall.
        ignore_label (int): the label to leave out.

    Returns:
        tuple of Variable: ``(fbeta, support)``, of shape ``(label_num,)``.
    """
    ret = classification_summary(y, t, label_num, beta, ignore_label)
    return ret[2], ret[3]


def f1_score(y, t, label_num=None, ignore_label=-1):
    """Per-class F1 score (the F-beta score with ``beta = 1``).

    Args:
        y (Variable or array): scores of shape ``(N, C, ...)``.
        t (Variable or array): labels of shape ``(N, ...)``, signed integers.
        label_num (int or None): the number of classes.
        ignore_label (int): the label to leave out.

    Returns:
        tuple of Variable: ``(f1, support)``, of shape ``(label_num,)``.
    """
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[2], ret[3]

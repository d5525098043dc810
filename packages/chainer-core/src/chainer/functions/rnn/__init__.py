"""Recurrent units: LSTM-type cells and the stacked n-step RNNs."""

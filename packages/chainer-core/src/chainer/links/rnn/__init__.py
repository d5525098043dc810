"""Recurrent links: LSTM, GRU, MGU, tree LSTMs and the n-step RNNs."""

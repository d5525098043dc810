"""Connection functions: linear, bilinear, embeddings and their convolution relatives."""

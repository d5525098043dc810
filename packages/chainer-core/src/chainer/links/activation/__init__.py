"""Links that hold the parameters of activation functions (PReLU, Maxout, Swish ...)."""

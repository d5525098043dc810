"""Ready-made models: a classifier wrapper and image-recognition networks."""

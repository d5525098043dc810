"""Connection links: layers with learnable weights that connect their inputs to outputs."""

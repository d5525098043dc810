"""Pooling functions (max, average, unpooling, upsampling, spatial pyramid and ROI pooling)."""

"""Image-recognition networks (VGG, ResNet, GoogLeNet) with feature extraction."""

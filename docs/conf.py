"""Sphinx configuration for the Chainer family monorepo's documentation."""

project = "Chainer family"
author = "The Chainer family re-creation team"
copyright = "2026, " + author

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Attributes sections become fields, so they do not clash with autodoc's own entries.
napoleon_use_ivar = True

html_theme = "alabaster"
html_title = "Chainer family"
nitpicky = False

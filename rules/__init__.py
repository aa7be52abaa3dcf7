"""copylint's shipped rule packs: YAML rule records and the word lists they read.

This folder is data, not code; it is installed as the package `lint.rulepacks` and found at run time
through importlib.resources.
"""

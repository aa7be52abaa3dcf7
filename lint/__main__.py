"""`python -m lint` runs the copylint command."""
from .cli import run

run()

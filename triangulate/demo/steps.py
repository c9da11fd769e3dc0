"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, protect

STEPS = [borough.generate, protect.generate]

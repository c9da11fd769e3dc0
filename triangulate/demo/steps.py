"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, partnership

STEPS = [borough.generate, partnership.generate]

"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, frontdoor, partnership

STEPS = [borough.generate, frontdoor.generate, partnership.generate]

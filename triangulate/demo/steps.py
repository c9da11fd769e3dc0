"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, frontdoor

STEPS = [borough.generate, frontdoor.generate]

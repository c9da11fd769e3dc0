"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, linkage

STEPS = [borough.generate, linkage.generate]

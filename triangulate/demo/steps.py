"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import borough, frontdoor, governance, linkage, partnership, protect

STEPS = [
    borough.generate,
    frontdoor.generate,
    protect.generate,
    partnership.generate,
    linkage.generate,
    governance.generate,
]

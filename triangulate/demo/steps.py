"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import (
    borough,
    casework,
    frontdoor,
    governance,
    linkage,
    partnership,
    performance,
    protect,
    pursue,
    support,
)

STEPS = [
    borough.generate,
    # Before any step shares a record: shares are made under the partnership's agreement.
    governance.agreements,
    frontdoor.generate,
    protect.generate,
    casework.generate,
    partnership.generate,
    linkage.generate,
    pursue.generate,
    support.generate,
    performance.generate,
    # Last: it sets up an authenticator for every demo account the steps above made.
    governance.generate,
]

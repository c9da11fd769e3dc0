"""The demo borough is built by these steps, in order. Each takes the shared Borough."""

from . import (
    borough,
    casework,
    frontdoor,
    governance,
    history,
    linkage,
    mace,
    partnership,
    performance,
    protect,
    pursue,
    sensitivity,
    support,
)

STEPS = [
    borough.generate,
    # Before any step shares a record: shares are made under the partnership's agreement.
    governance.agreements,
    # Years of past contacts, missing episodes and audit entries (`--years`; none by default).
    history.generate,
    frontdoor.generate,
    protect.generate,
    casework.generate,
    partnership.generate,
    linkage.generate,
    pursue.generate,
    # Today's MACE panel, held by the police: its agenda needs the pursue records.
    mace.generate,
    support.generate,
    performance.generate,
    # A sexual-health note shared with the police, and an address withheld for safety.
    sensitivity.generate,
    # Last: it sets up an authenticator for every demo account the steps above made.
    governance.generate,
]

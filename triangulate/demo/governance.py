"""Governance in the demo borough: every demo account has an authenticator app set up.

All demo accounts share one published key (synthetic; demo accounts sign in only where
DEMO_MODE is on). A demonstrator may add it to an authenticator app, or read the current
code on the second-step page, which shows it for demo accounts (ADR 0010).
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from triangulate.core.models import User

# Base32 "KRZGSYLOM52WYYLUMUWWIZLNN4ZDAMRW" is how an authenticator app takes it.
DEMO_TOTP_KEY = "547269616e67756c6174652d64656d6f32303236"  # "Triangulate-demo2026"


def generate(borough) -> None:
    """Set up the authenticator of every demo account that has none (run after the steps
    that make accounts)."""
    enrolled = TOTPDevice.objects.values("user_id")
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name="Authenticator app", key=DEMO_TOTP_KEY, confirmed=True)
            for user in User.objects.filter(is_demo_account=True).exclude(pk__in=enrolled)
        ]
    )

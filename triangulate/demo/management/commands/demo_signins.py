from django.conf import settings
from django.core.management.base import BaseCommand

from triangulate.core.services import demo_sign_ins
from triangulate.demo.borough import DEMO_PASSWORD
from triangulate.demo.governance import DEMO_TOTP_KEY
from triangulate.governance.presenters import grouped_secret


class Command(BaseCommand):
    help = "Print the demo sign-ins (only in a local or demo configuration)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            self.stderr.write("Demo sign-ins are only available with DEMO_MODE on.")
            return
        users = demo_sign_ins()
        self.stdout.write("")
        self.stdout.write("Triangulate is starting on http://127.0.0.1:8000")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            roles = ", ".join(user.role_labels())
            agency = user.agency.name if user.agency else ""
            self.stdout.write(f"  {user.username:<20} {roles:<36} {agency}")
        self.stdout.write("")
        self.stdout.write(
            "Second sign-in step: the page asking for a security code shows a demo account's "
            "current code."
        )
        self.stdout.write(
            f"Or add this demo key to an authenticator app: {grouped_secret(DEMO_TOTP_KEY)}"
        )
        self.stdout.write("")

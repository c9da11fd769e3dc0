from django.conf import settings
from django.core.management.base import BaseCommand

from triangulate.core.services import demo_sign_ins
from triangulate.demo.borough import DEMO_PASSWORD


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

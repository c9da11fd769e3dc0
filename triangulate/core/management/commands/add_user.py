"""Create a user account from the command line: how an installation gets its first users.

    manage.py add_user --username ada.admin --agency "Kingsmere Children's Services" \
        --agency-type childrens_social_care --role system_administrator

The password is read from the TRIANGULATE_NEW_PASSWORD environment variable or asked for
twice at the prompt; it is never a command-line argument (which other users of the machine
could see). The new user sets up an authenticator app at their first sign-in.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from triangulate.core.models import Agency, User
from triangulate.core.roles import AgencyType, Role
from triangulate.core.services import user_create


class Command(BaseCommand):
    help = "Create a user in an agency with one or more roles."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--agency", required=True, help="the agency's full name")
        parser.add_argument(
            "--agency-type",
            choices=AgencyType.values,
            help="needed only when the agency does not exist yet",
        )
        parser.add_argument(
            "--role", action="append", required=True, choices=Role.values, dest="roles"
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        username = options["username"].strip()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a user called {username}.")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            if not options["agency_type"]:
                raise CommandError(
                    f"There is no agency called {options['agency']}. Give --agency-type to "
                    "create it."
                )
            agency = Agency.objects.create(
                name=options["agency"], agency_type=options["agency_type"]
            )
        password = os.environ.get("TRIANGULATE_NEW_PASSWORD") or self._ask_password()
        probe = User(username=username, email=options["email"])
        try:
            validate_password(password, probe)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user = user_create(
            username=username,
            agency=agency,
            roles=options["roles"],
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
        )
        self.stdout.write(
            f"Created {user.username} in {agency.name}. They set up an authenticator app at "
            "their first sign-in."
        )

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords are not the same.")
        return first

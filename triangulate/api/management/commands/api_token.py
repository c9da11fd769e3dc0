"""Issue, list and revoke API tokens from the command line.

    manage.py api_token issue --user police.rms --name "Police records system" --days 90
    manage.py api_token list [--user police.rms]
    manage.py api_token revoke 3f9c01ab

The token is printed once, when it is issued, and never again: only its digest is kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from triangulate.core.models import User

from ...models import ApiToken
from ...services import DEFAULT_DAYS, TokenProblem, token_issue, token_revoke

ACTOR = "manage.py api_token"


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="issue a token acting as a user")
        issue.add_argument("--user", required=True, help="the username the token acts as")
        issue.add_argument("--name", required=True, help="what the token is for")
        issue.add_argument("--days", type=int, default=DEFAULT_DAYS)
        listing = commands.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--user", default="")
        revoke = commands.add_parser("revoke", help="end a token now")
        revoke.add_argument("prefix", help="the token's prefix, as listed")

    def handle(self, *args, **options):
        if options["action"] == "issue":
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user called {options['user']}.")
            try:
                token, secret = token_issue(
                    user=user, name=options["name"], days=options["days"], by=ACTOR
                )
            except TokenProblem as problem:
                raise CommandError(str(problem)) from None
            self.stdout.write(
                f"Issued token {token.prefix} for {user.username}, until "
                f"{token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown now and never again:"
            )
            self.stdout.write(secret)
        elif options["action"] == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["user"]:
                tokens = tokens.filter(user__username=options["user"])
            for token in tokens:
                state = "live" if token.is_live else ("revoked" if token.revoked_at else "expired")
                self.stdout.write(
                    f"{token.prefix}  {token.user.username}  {token.name}  {state}  "
                    f"until {token.expires_at:%Y-%m-%d}"
                )
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"There is no token {options['prefix']}.")
            token_revoke(token=token, by=ACTOR)
            self.stdout.write(f"Token {token.prefix} revoked.")

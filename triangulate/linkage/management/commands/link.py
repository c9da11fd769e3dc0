"""``manage.py link``: the same as ``triangulate link`` (see triangulate/cli.py)."""

from django.core.management.base import BaseCommand, CommandError

from triangulate.cli import main


class Command(BaseCommand):
    help = "Link agency extracts in the standard schema (see: triangulate link --help)"

    def run_from_argv(self, argv):
        # argv: [manage.py, link, ...]; hand the rest to the shared command line.
        code = main(["link", *argv[2:]])
        if code:
            raise SystemExit(code)

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv does the work
        raise CommandError("Run as: manage.py link --extract FILE --source NAME --out DIR")

"""Write the API's OpenAPI document (checked in as docs/api/openapi.json; a test fails when
it drifts from the API).

    manage.py api_schema > docs/api/openapi.json
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from ...views import api


class Command(BaseCommand):
    help = "Print the API's OpenAPI document."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False))

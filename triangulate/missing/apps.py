from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES


class MissingConfig(AppConfig):
    name = "triangulate.missing"
    label = "missing"
    # The domain events this app publishes, with what each carries (core.extensions).
    events = {
        "missing.episode_started": ("person", "episode", "actor"),
        "missing.episode_ended": ("person", "episode", "actor"),
        "missing.interview_findings": (
            "person",
            "interview",
            "actor",
            "prompt_review",
            "raise_intelligence",
        ),
    }
    verbose_name = "Missing: episodes, return home interviews, Philomena profiles"
    person_panels_provider = "triangulate.missing.extensions.person_panels"
    my_work_provider = "triangulate.missing.extensions.my_work"
    timeline_provider = "triangulate.missing.extensions.timeline"
    indicator_evidence_provider = "triangulate.missing.extensions.indicator_evidence"
    navigation = [("Missing", "missing:overview", sorted(CASEWORK_ROLES))]
    home_cards = [
        (
            "Missing children",
            "Open missing episodes, return home interviews due and children missing repeatedly.",
            "missing:overview",
            sorted(CASEWORK_ROLES),
        ),
    ]

    def ready(self):
        from . import rules

        rules.register()

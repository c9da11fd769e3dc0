from django.apps import AppConfig

from triangulate.core.roles import CASEWORK_ROLES, Role


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
    person_panels_provider = "triangulate.missing.panels.person_panels"
    my_work_provider = "triangulate.missing.work.my_work"
    timeline_provider = "triangulate.missing.work.timeline"
    indicator_evidence_provider = "triangulate.missing.evidence.indicator_evidence"
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
        from triangulate.core import access

        def can_record(user, obj=None):
            return user.has_role(*CASEWORK_ROLES) and (
                obj is None or access.may(user, "record.view", obj)
            )

        access.register_rule("missing.record", can_record)
        # The police force a findings task was passed to completes it (any casework role).
        access.register_rule(
            "missing.police_task",
            lambda user, obj=None: (
                user.has_role(*CASEWORK_ROLES)
                and (obj is None or obj.police_agency_id == user.agency_id)
                and (obj is None or access.may(user, "record.view", obj))
            ),
        )
        access.register_rule(
            "missing.interview",
            lambda user, obj=None: user.has_role(
                Role.EXPLOITATION_PRACTITIONER,
                Role.TEAM_MANAGER,
                Role.FRONT_DOOR_SOCIAL_WORKER,
                Role.VOLUNTARY_SECTOR_WORKER,
            ),
        )

from django.apps import AppConfig

from triangulate.core.roles import Role

CASE_ROLES = sorted(
    [Role.EXPLOITATION_PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER]
)


class CaseworkConfig(AppConfig):
    name = "triangulate.casework"
    label = "casework"
    # The domain events this app publishes, with what each carries (core.extensions).
    events = {
        "casework.strategy_discussion_held": ("discussion", "actor"),
        "casework.joint_investigation_started": ("investigation", "actor"),
    }
    verbose_name = "Casework: exploitation cases, allocation, capacity and tasks"
    timeline_provider = "triangulate.casework.providers.timeline"
    chronology_provider = "triangulate.casework.providers.chronology"
    my_work_provider = "triangulate.casework.providers.my_work"
    person_panels_provider = "triangulate.casework.panels.person_panels"
    record_links_provider = "triangulate.casework.providers.record_links"
    navigation = [("Cases", "casework:list", CASE_ROLES)]
    home_cards = [
        (
            "Cases and caseloads",
            "Open exploitation cases, who holds them, and each worker's caseload against capacity.",
            "casework:list",
            [Role.TEAM_MANAGER],
        ),
        (
            "Team oversight",
            "Children not seen alone lately, notes typed late and cases no one holds.",
            "casework:oversight",
            [Role.TEAM_MANAGER],
        ),
    ]

    def ready(self):
        from triangulate.core.access import may_read_personal_data, register_rule

        def roles(*codes):
            return lambda user, obj=None: user.agency_id is not None and user.has_role(*codes)

        register_rule("casework.open", roles(Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER))
        register_rule("casework.allocate", roles(Role.TEAM_MANAGER))

        # Only a manager in the agency that owns the case may move it to another worker, or
        # sign off (or return for rework) a worker's request to close it.
        def owning_manager(user, obj=None):
            return roles(Role.TEAM_MANAGER)(user) and (
                obj is None or obj.owning_agency_id == user.agency_id
            )

        register_rule("casework.transfer", owning_manager)
        register_rule("casework.sign_off_closure", owning_manager)
        register_rule("casework.manage", roles(Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER))
        register_rule("casework.work", roles(Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER))
        # Any agency's practitioner may read the chronology of a child whose record they may
        # see; what it holds is what each app lets them see (their own agency's and shares).
        register_rule(
            "casework.strategy",
            roles(Role.FRONT_DOOR_SOCIAL_WORKER, Role.TEAM_MANAGER, Role.EXPLOITATION_PRACTITIONER),
        )
        # The police at a joint investigation record its outcome alongside social care.
        register_rule(
            "casework.investigate",
            roles(
                Role.FRONT_DOOR_SOCIAL_WORKER,
                Role.TEAM_MANAGER,
                Role.EXPLOITATION_PRACTITIONER,
                Role.POLICE_OFFICER,
            ),
        )
        register_rule("casework.chronology", lambda user, obj=None: may_read_personal_data(user))
        # Anyone who works with children may attach a document to a child's record they may
        # see; it belongs to their agency, and others see it only through a share.
        register_rule("casework.attach", lambda user, obj=None: may_read_personal_data(user))

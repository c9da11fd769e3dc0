"""The starter set of roles and agency types. Codes are stable; labels are what users read."""

from django.db import models


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    LICENSING = "licensing", "Licensing"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    FRONT_DOOR_SOCIAL_WORKER = "front_door_social_worker", "Front-door social worker"
    EXPLOITATION_PRACTITIONER = "exploitation_practitioner", "Exploitation practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    POLICE_OFFICER = "police_officer", "Police officer"
    POLICE_ANALYST = "police_analyst", "Police analyst"
    HEALTH_SAFEGUARDING = "health_safeguarding", "Health safeguarding practitioner"
    SCHOOL_SAFEGUARDING_LEAD = "school_safeguarding_lead", "School safeguarding lead"
    VOLUNTARY_SECTOR_WORKER = "voluntary_sector_worker", "Voluntary-sector worker"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership manager"
    CHIEF_OFFICER = "chief_officer", "Chief officer"
    SCRUTINY_OFFICER = "scrutiny_officer", "Scrutiny officer"
    ELECTED_MEMBER = "elected_member", "Elected member"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"
    INFORMATION_GOVERNANCE_LEAD = (
        "information_governance_lead",
        "Information governance lead (data protection officer)",
    )


# Roles whose work is with individual children and who may therefore read personal data
# (always within their agency's scope and explicit shares; see core.access).
CASEWORK_ROLES = frozenset(
    {
        Role.FRONT_DOOR_SOCIAL_WORKER,
        Role.EXPLOITATION_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.POLICE_OFFICER,
        Role.POLICE_ANALYST,
        Role.HEALTH_SAFEGUARDING,
        Role.SCHOOL_SAFEGUARDING_LEAD,
        Role.VOLUNTARY_SECTOR_WORKER,
    }
)

# Roles that may see who has looked at a record.
ACCESS_LOG_ROLES = frozenset({Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR})

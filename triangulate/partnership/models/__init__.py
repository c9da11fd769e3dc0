"""Partnership records: plans, RAG rules, recommendations, scrutiny, training and audits.

None of these records holds personal data about children: officers' names are staff data,
and case-file audits refer to a case by an opaque reference only.
"""

from .learning import (  # noqa: F401
    AuditCase,
    AuditFinding,
    AuditQuestion,
    AwarenessEvent,
    CaseFileAudit,
    Learner,
    Section11Return,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)
from .plans import (  # noqa: F401
    Action,
    ActionMove,
    ActionUpdate,
    DateChange,
    DateMoveRequest,
    Milestone,
    Objective,
    Plan,
    PlanReview,
    PlanVersion,
    Priority,
    RagOverride,
    RagRuleSet,
)
from .recommendations import (  # noqa: F401
    Recommendation,
    RecommendationCrossReference,
    RecommendationLink,
    Source,
)
from .scrutiny import (  # noqa: F401
    AgendaItem,
    Committee,
    Meeting,
    Question,
    Resolution,
    WitnessOfficer,
)

"""GOV.UK forms for the partnership pages (rendered by the one renderer in core.forms)."""

from .plans import (  # noqa: F401
    ActionEditForm,
    ActionForm,
    CompletionForm,
    DateChangeForm,
    MilestoneForm,
    MoveForm,
    ObjectiveForm,
    OverrideForm,
    PlanForm,
    ReviewForm,
    RulesForm,
    SlippageForm,
    UpdateForm,
    VersionForm,
)
from .registers import (  # noqa: F401
    AgendaItemForm,
    AnswerForm,
    AssignForm,
    FileForm,
    LinkForm,
    MeetingForm,
    QuestionForm,
    RecommendationForm,
    RecommendationStatusForm,
    ResolutionForm,
    SourceForm,
    WitnessAnswerForm,
    WitnessOfficerForm,
)

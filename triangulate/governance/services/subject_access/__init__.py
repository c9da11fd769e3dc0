"""Subject access requests (UK GDPR Art. 15): everything Triangulate holds about one person,
gathered across agencies by the information governance lead, third parties redacted for
review, released once as a PDF.

Gathering is the one exceptional read in the system: inside :func:`prepare` the lead reads
every agency's records about the person through ``core.access.exceptional_reading``, using
the same providers as the person's timeline (``core.extensions.timeline``), and nowhere else.
What was gathered is kept on the request and read only through it, by the lead of the agency
keeping it. Every step is audited, naming the person as the subject.

Police intelligence is never gathered: it is exempt while its disclosure would be likely to
prejudice the prevention or detection of crime (DPA 2018 Sch. 2 para. 2), and the police
force's own disclosure team decides. The export says so.
"""

from .gathering import INTELLIGENCE_WITHHELD, prepare  # noqa: F401
from .release import STAFF_NOTE, download, export_pdf, refuse, release  # noqa: F401
from .requests import (  # noqa: F401
    RULE,
    NotAllowed,
    audit_opened,
    due_on,
    kept_by,
    one,
    open_requests,
    person_for_request,
    receive,
)
from .review import redacted, redaction_add, redaction_decide, reviewed_sections  # noqa: F401

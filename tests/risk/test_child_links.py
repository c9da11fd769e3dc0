"""Links to a child's record go only where the viewer may go (a shared assessment once
linked a partner to a 403)."""

import datetime as dt

from django.utils import timezone

from triangulate.core import records
from triangulate.risk import services

from .test_assessments import save


def test_a_partner_reading_a_shared_assessment_sees_the_name_without_links_it_cannot_open(
    client_for, practitioner, police_officer, police, twelve_year_old
):
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    save(assessment, practitioner, finalise=True, judged_level="medium",
         review_due=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    services.assessment_share(
        actor=practitioner, assessment=assessment, agency=police,
        lawful_basis=records.LawfulBasis.SAFEGUARDING,
    )  # fmt: skip
    officer = client_for(police_officer)
    response = officer.get(f"/risk/assessments/{assessment.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mia" in page and "Thornton" in page
    person = f"/register/people/{twelve_year_old.pk}"
    history = f"/risk/people/{twelve_year_old.pk}/history"
    assert f'href="{person}"' not in page
    assert f'href="{history}"' not in page
    assert officer.get(person).status_code == 403  # so the page was right not to link there
    own = client_for(practitioner).get(f"/risk/assessments/{assessment.pk}").content.decode()
    assert f'href="{person}"' in own and f'href="{history}"' in own

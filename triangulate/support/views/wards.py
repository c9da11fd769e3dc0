"""Ward figures for elected members."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.core.roles import Role
from triangulate.core.suppression import FEWER
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import WardPeriodForm
from ..services import wards


def ward_figures(request):
    form = WardPeriodForm(request.GET or None)
    months = 12
    if form.is_bound and form.is_valid() and form.cleaned_data["months"]:
        months = int(form.cleaned_data["months"])
    until = timezone.localdate()
    since = until - dt.timedelta(days=round(months * 30.44))
    rows = wards.ward_figures(actor=request.user, since=since, until=until)
    # A councillor's page opens on the ward they represent, with every other ward below.
    own = wards.member_ward(request.user)
    context = {
        "form": form,
        "own": own,
        "own_summary": presenters.own_ward_summary(rows, own.name) if own else None,
        "is_member": request.user.has_role(Role.ELECTED_MEMBER),
        "head": presenters.ward_head(),
        "rows": presenters.ward_rows(rows, own=own.name if own else None),
        "since": since,
        "until": until,
        "fewer": FEWER.lower(),
    }
    return render_page(request, "support/wards.html", context, forms=[form])

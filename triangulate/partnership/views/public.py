"""The public version of a plan: actions and statuses only, no names, no exempt items."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from triangulate.core.audit import audit
from triangulate.core.middleware import public
from triangulate.core.models import AuditAction
from triangulate.core.presenters import uk_date

from .. import presenters
from ..models import Plan
from ..services import pdf, plan_records, rag
from .common import today


def _published(pk: int) -> Plan:
    plan = Plan.objects.filter(pk=pk, is_published=True).first()
    if plan is None:
        raise Http404
    return plan


def _public_sections(plan):
    rule_set = rag.rules_in_force(today())
    sections, counts = presenters.plan_sections(
        plan, plan_records.plan_actions(plan), rule_set, today(), public=True
    )
    return sections, counts, rule_set


@public
def plan_list(request):
    plans = Plan.objects.filter(is_published=True).order_by("-starts_on", "id")
    return render(request, "partnership/public_list.html", {"plans": plans})


@public
def plan_page(request, pk: int):
    plan = _published(pk)
    sections, counts, rule_set = _public_sections(plan)
    context = {
        "plan": plan,
        "sections": sections,
        "counts": [(presenters.rag_tag(s), counts.get(s, 0)) for s in presenters.RAG_TAGS],
        "rules": presenters.rules_list(rule_set),
        "today": today(),
    }
    return render(request, "partnership/public_plan.html", context)


@public
def plan_pdf(request, pk: int):
    plan = _published(pk)
    sections, _, rule_set = _public_sections(plan)
    content = pdf.public_plan_pdf(
        plan.title,
        [{"heading": s["heading"], "rows": s["pdf_rows"]} for s in sections],
        presenters.rules_list(rule_set),
        uk_date(today()),
    )
    audit(
        request.user if request.user.is_authenticated else None,
        AuditAction.EXPORT,
        plan,
        "export the public plan as PDF",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{plan.pk}.pdf"'
    return response

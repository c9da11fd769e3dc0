"""What governance adds to "My work": agreements due for review, shares to approve,
emergency access to review and open subject access requests.

The functions carry the fixed names core.extensions asks for.
.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import WorkItem, WorkQuery, WorkSection
from triangulate.core.presenters import uk_date

from . import accounts, services
from .services import subject_access


def my_work(user) -> list[WorkSection]:
    sections = []
    today = timezone.localdate()
    if access.may(user, "governance.agreements"):
        sections.append(
            WorkSection(
                title="Sharing agreements due for review",
                items=[
                    WorkItem(
                        text=agreement.title,
                        href=reverse("governance:agreement", args=[agreement.pk]),
                        due_at=agreement.review_on,
                        overdue=agreement.review_on < today,
                        detail=f"Review by {uk_date(agreement.review_on)}",
                    )
                    for agreement in services.agreements_due_for_review(today)
                ],
                empty_text="No agreements are due for review.",
                order=60,
            )
        )
    if access.may(user, "admin.users"):
        sections.append(
            WorkSection(
                title="Accounts to review",
                items=[
                    WorkItem(
                        text=f"{account.display_name} ({account.username})",
                        href=reverse("governance:account", args=[account.pk]),
                        due_at=due,
                        overdue=due < today,
                        detail=detail,
                    )
                    for account, due, detail in _accounts_to_review(today)
                ],
                empty_text="No account is due for its access review or about to expire.",
                order=62,
            )
        )
    if access.may(user, "governance.approve_shares"):
        waiting = services.shares_awaiting_approval(user).count()
        if waiting:
            sections.append(
                WorkSection(
                    title="Shares waiting for approval",
                    items=[
                        WorkItem(
                            text=f"{waiting} share{'s' if waiting != 1 else ''} outside any "
                            "agreement",
                            href=reverse("governance:approvals"),
                        )
                    ],
                    order=61,
                )
            )
    if access.may(user, "governance.review_break_glass"):
        waiting = services.break_glass_counts(user)["waiting"]
        sections.append(
            WorkSection(
                title="Emergency access to review",
                items=[
                    WorkItem(
                        text=f"{waiting} break-glass use{'s' if waiting != 1 else ''} to review",
                        href=reverse("governance:break_glass_queue"),
                    )
                ]
                if waiting
                else [],
                empty_text="No emergency access is waiting for review.",
                order=62,
            )
        )
    if access.may(user, subject_access.RULE):
        sections.append(
            WorkSection(
                title="Subject access requests",
                query=WorkQuery(
                    subject_access.open_requests(user),
                    due_field="due_on",
                    overdue=Q(due_on__lt=today),
                    items=lambda rows: [
                        WorkItem(
                            text=f"Subject access request {row.pk} ({row.get_status_display()})",
                            href=reverse("governance:subject_access", args=[row.pk]),
                            due_at=row.due_on,
                            overdue=row.due_on < today,
                            detail=f"Received {uk_date(row.received_on)}, due by "
                            f"{uk_date(row.due_on)}",
                            record=row,
                        )
                        for row in rows
                    ],
                ),
                empty_text="No subject access requests are open.",
                order=63,
            )
        )
    return sections


def _accounts_to_review(today):
    for account in accounts.accounts_needing_attention(today):
        review_due = accounts.review_due_on(account)
        expires = account.account_expires_on
        if expires is not None and expires < review_due:
            yield account, expires, f"Account expires on {uk_date(expires)}"
        else:
            yield account, review_due, f"Access review due by {uk_date(review_due)}"

"""What governance adds to "My work": agreements due for review, shares to approve."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import WorkItem, WorkSection
from triangulate.core.presenters import uk_date

from . import accounts, services


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
    return sections


def _accounts_to_review(today):
    for account in accounts.accounts_needing_attention(today):
        review_due = accounts.review_due_on(account)
        expires = account.account_expires_on
        if expires is not None and expires < review_due:
            yield account, expires, f"Account expires on {uk_date(expires)}"
        else:
            yield account, review_due, f"Access review due by {uk_date(review_due)}"

"""Display data for intelligence pages (cells and summary rows, never markup)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.urls import reverse

from triangulate.core import access, suppression
from triangulate.core.presenters import child_cell, labelled, summary_rows, uk_date, uk_datetime

from .identifiers import format_phone
from .network import KINDS

GRADE_HELP = (
    "3x5x2 grading: source evaluation (1 reliable, 2 untested, 3 not reliable), "
    "intelligence assessment (A known directly to the source to E suspected to be false), "
    "handling code (P sharing permitted, C sharing permitted with conditions)."
)


def grade_tag(grade: str) -> dict:
    if not grade or grade == "Not yet graded":
        return {"text": "Not yet graded", "classes": "govuk-tag--grey"}
    classes = "govuk-tag--orange" if grade.endswith("/C") else "govuk-tag--blue"
    return {"text": f"Graded {grade}", "classes": classes}


def item_rows(user, items) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("intelligence:item", args=[item.pk]),
                    "text": item.reference,
                }
            },
            {"text": uk_datetime(item.submitted_at)},
            {"text": item.submitted_by_agency.name},
            labelled(
                user,
                item,
                {"text": _shown(user, item, "where_seen", "postcode") or "Not given"},
            ),
            child_cell(user, item.person) if item.person_id else {"text": "None named"},
            {"tag": grade_tag(item.grade)},
        ]
        for item in items
    ]


def sanitised_rows(user, versions, *, with_child: bool = True) -> list[list[dict]]:
    rows = []
    for version in versions:
        row = [
            {
                "link": {
                    "href": reverse("intelligence:shared", args=[version.pk]),
                    "text": f"Shared {uk_date(version.written_at)}",
                    "hidden": "intelligence",
                },
                "note": version.text[:120] + ("…" if len(version.text) > 120 else ""),
            },
            {"text": version.shared_with.name},
        ]
        if with_child:
            row.append(
                child_cell(user, version.person) if version.person_id else {"text": "None named"}
            )
        row.append({"tag": grade_tag(version.grade)})
        rows.append(row)
    return rows


def _shown(user, item, *fields) -> str:
    """The first of ``fields`` with a value, or what is withheld (core.access.withheld)."""
    held = access.withheld(user, item)
    if held is not None:
        return held.text
    return next((getattr(item, f) for f in fields if getattr(item, f)), "")


def submission_summary(user, item) -> list[dict]:
    held = access.withheld(user, item)
    if held is not None:
        return summary_rows(
            [
                ("Reference", item.reference),
                ("Submitted by", item.submitted_by_agency.name),
                ("Submitted", uk_datetime(item.submitted_at)),
                ("What was submitted", held.text),
            ]
        )
    label = access.label_shown(user, item)
    return summary_rows(
        [
            ("Reference", item.reference),
            ("Submitted by", f"{item.submitted_by_agency.name} ({item.submitted_by.display_name})"),
            ("Submitted", uk_datetime(item.submitted_at)),
            ("What was seen or heard", item.what_seen),
            ("Where", item.where_seen),
            ("Postcode", item.postcode),
            ("When", uk_datetime(item.seen_at)),
            ("Who was involved", item.who),
            ("Vehicles", item.vehicles),
            (
                "Phone numbers",
                ", ".join(format_phone(n.strip()) for n in item.phones.split(",") if n.strip()),
            ),
            ("Social media", item.handles),
            *([("Sensitivity label", label)] if label else []),
        ]
    )


def grading_summary(user, item) -> list[dict]:
    rows = [("Grade", item.grade)]
    if item.is_graded:
        rows += [
            ("Source evaluation", item.get_source_evaluation_display()),
            ("Intelligence assessment", item.get_assessment_display()),
            ("Handling code", item.get_handling_code_display()),
        ]
        if item.handling_conditions:
            rows.append(("Conditions for sharing", access.shown(user, item, "handling_conditions")))
        rows.append(("Graded", f"{uk_datetime(item.graded_at)} by {item.graded_by.display_name}"))
    return summary_rows(rows)


def sanitised_summary(user, version) -> list[dict]:
    rows = summary_rows(
        [
            ("Grade", version.grade),
            *(
                [("Conditions for sharing", version.handling_conditions)]
                if version.handling_conditions
                else []
            ),
            ("Shared by", version.owning_agency.name),
            ("Shared with", version.shared_with.name),
            ("Shared", uk_datetime(version.written_at)),
            ("What police can share", version.text),
            ("Purpose of sharing", version.purpose),
            ("Why it is necessary and proportionate", version.necessity),
            ("Lawful basis", version.get_lawful_basis_display()),
        ]
    )
    if version.person_id:
        rows.insert(
            1, {"key": {"text": "Child"}, "value": {"text": child_label(user, version.person)}}
        )
    return rows


def child_label(user, person) -> str:
    from triangulate.core.access import child_reference

    return child_reference(user, person).label


def end_cell(user, kind: str, end) -> dict:
    """A cell naming one end of a link, linked to its page where it has one."""
    if kind == "person":
        return child_cell(user, end)
    if kind == "concern":
        return {
            "link": {
                "href": reverse("intelligence:concern", args=[end.pk]),
                "text": end.person.full_name,
            }
        }
    if kind == "place":
        return {"link": {"href": reverse("intelligence:place", args=[end.pk]), "text": end.name}}
    if kind == "phone":
        return {"text": format_phone(end.number)}
    if kind == "item":
        return {
            "link": {"href": reverse("intelligence:item", args=[end.pk]), "text": end.reference}
        }
    if kind == "group":
        return {"link": {"href": reverse("intelligence:group", args=[end.pk]), "text": end.name}}
    return {"text": str(end)}


KIND_LABELS = KINDS


def link_rows(user, links, *, besides: str) -> list[list[dict]]:
    """Rows naming the other end of each link (the end that is not ``besides``)."""
    rows = []
    for link in links:
        for kind, _pk in link.ends():
            if kind == besides:
                continue
            rows.append(
                [
                    {"text": KIND_LABELS[kind]},
                    end_cell(user, kind, getattr(link, kind)),
                    {"text": uk_date(link.created_at)},
                ]
            )
    return rows


def concern_rows(ranked, *, with_reasons: bool = False) -> list[list[dict]]:
    rows = []
    for position, (concern, priority) in enumerate(ranked, start=1):
        row = [
            {"text": str(position)} if with_reasons else None,
            {
                "link": {
                    "href": reverse("intelligence:concern", args=[concern.pk]),
                    "text": concern.person.full_name,
                },
                "note": f"Also known as {concern.aliases}" if concern.aliases else None,
            },
            {
                "text": concern.get_status_display(),
                "note": f"since {uk_date(concern.status_since)}",
            },
            {"text": str(priority.score), "format": "numeric"},
        ]
        if with_reasons:
            row.append({"text": "; ".join(priority.reasons)})
        rows.append([cell for cell in row if cell is not None])
    return rows


def concern_summary(concern) -> list[dict]:
    person = concern.person
    return summary_rows(
        [
            ("Name", person.full_name),
            ("Date of birth", uk_date(person.date_of_birth)),
            ("Aliases and nicknames", concern.aliases),
            ("Status", f"{concern.get_status_display()} since {uk_date(concern.status_since)}"),
            ("Harm they pose", concern.get_harm_display()),
            ("Why they are of concern", concern.summary),
            ("Register number", str(person.pk)),
            ("Recorded by", concern.owning_agency.name),
        ]
    )


def status_rows(changes) -> list[list[dict]]:
    return [
        [
            {"text": change.get_status_display()},
            {"text": uk_date(change.on)},
            {"text": change.note or ""},
            {"text": change.recorded_by.display_name},
        ]
        for change in changes
    ]


def place_rows(places) -> list[list[dict]]:
    return [
        [
            {"link": {"href": reverse("intelligence:place", args=[place.pk]), "text": place.name}},
            {"text": place.get_kind_display()},
            {"text": place.postcode or "Not known"},
            {"text": place.licence_number or ""},
        ]
        for place in places
    ]


def place_summary(place) -> list[dict]:
    return summary_rows(
        [
            ("Name", place.name),
            ("Type", place.get_kind_display()),
            ("Address", place.address),
            ("Postcode", place.postcode),
            ("Licence holder", place.licence_holder),
            ("Licence number", place.licence_number),
            ("Place number", str(place.pk)),
        ]
    )


# The network ------------------------------------------------------------------------------------


def node_cell(node) -> dict:
    if node.href:
        return {"link": {"href": node.href, "text": node.label}}
    return {"text": node.label}


def network_rows(graph) -> list[list[dict]]:
    """The accessible table of the same links the picture draws, one row per link."""
    rows = []
    for a, b in graph.edges:
        first, second = graph.nodes[a], graph.nodes[b]
        rows.append(
            [
                {"text": first.kind_label},
                node_cell(first),
                {"text": second.kind_label},
                node_cell(second),
            ]
        )
    return rows


def network_elements(graph) -> list[dict]:
    """Cytoscape.js elements (data only) for the picture."""
    elements = [
        {"data": {"id": n.id, "label": n.label, "kind": n.kind, "href": n.href}}
        for n in graph.nodes.values()
    ]
    elements += [{"data": {"id": f"{a}--{b}", "source": a, "target": b}} for a, b in graph.edges]
    return elements


def node_choices(graph) -> list[dict]:
    return [
        {"value": n.id, "text": f"{n.kind_label}: {n.label}"}
        for n in sorted(graph.nodes.values(), key=lambda n: (n.kind, n.label))
    ]


def path_rows(nodes) -> list[list[dict]]:
    return [
        [{"text": str(step)}, {"text": node.kind_label}, node_cell(node)]
        for step, node in enumerate(nodes, start=1)
    ]


NODE_HEADER = ["id", "kind", "label", "grade"]
EDGE_HEADER = ["source", "target", "source_kind", "target_kind"]


def node_export_rows(graph):
    return [[n.id, n.kind_label, n.label, n.grade] for n in graph.nodes.values()]


def edge_export_rows(graph):
    return [[a, b, graph.nodes[a].kind_label, graph.nodes[b].kind_label] for a, b in graph.edges]


# Disruption, referrals and hotspots -----------------------------------------------------------


def tactic_rows(tactics) -> list[list[dict]]:
    rows = []
    for tactic in tactics:
        tag = None
        if tactic.breached_on:
            tag = {"text": f"Breached {uk_date(tactic.breached_on)}", "classes": "govuk-tag--red"}
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("intelligence:tactic", args=[tactic.pk]),
                        "text": tactic.tactic_type.name,
                    }
                },
                {"text": tactic.owner},
                {"text": uk_date(tactic.started_on)},
                {"text": tactic.get_outcome_display(), "tag": tag},
                {"text": uk_date(tactic.review_on) or "None set"},
            ]
        )
    return rows


def tactic_summary(user, tactic) -> list[dict]:
    rows = [
        ("Tactic", tactic.tactic_type.name),
        ("Person of concern", tactic.concern.person.full_name),
        ("Owner", tactic.owner),
        ("Started", uk_date(tactic.started_on)),
        ("Review", uk_date(tactic.review_on)),
        ("Outcome", tactic.get_outcome_display()),
        ("Date of the outcome", uk_date(tactic.outcome_on)),
        ("Breached", uk_date(tactic.breached_on) or "No breach recorded"),
        ("What happened in the breach", tactic.breach_note),
        ("Note", tactic.note),
    ]
    if tactic.person_id:
        rows.insert(2, ("Child it protects", child_label(user, tactic.person)))
    return summary_rows(rows)


def figure_rows(figures) -> list[list[dict]]:
    return [
        [{"text": label}, {"text": str(count), "format": "numeric"}] for label, count in figures
    ]


def nrm_rows(user, referrals) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("intelligence:nrm", args=[r.pk]),
                    "text": uk_date(r.referred_on),
                    "hidden": "NRM referral",
                }
            },
            child_cell(user, r.person),
            {"text": r.get_exploitation_type_display()},
            {"text": _decision(r.get_reasonable_grounds_display(), r.reasonable_grounds_on)},
            {"text": _decision(r.get_conclusive_grounds_display(), r.conclusive_grounds_on)},
        ]
        for r in referrals
    ]


def _decision(label: str, on) -> str:
    return f"{label} ({uk_date(on)})" if on else label


def nrm_summary(user, referral) -> list[dict]:
    return summary_rows(
        [
            ("Child", child_label(user, referral.person)),
            ("Kind of exploitation", referral.get_exploitation_type_display()),
            ("Referred", uk_date(referral.referred_on)),
            ("First responder", referral.first_responder),
            (
                "Reasonable grounds",
                _decision(
                    referral.get_reasonable_grounds_display(), referral.reasonable_grounds_on
                ),
            ),
            (
                "Conclusive grounds",
                _decision(
                    referral.get_conclusive_grounds_display(), referral.conclusive_grounds_on
                ),
            ),
        ]
    )


def _count(value) -> dict:
    if value is None:
        return {"text": suppression.FEWER, "format": "numeric"}
    return {"text": str(value), "format": "numeric"}


def hotspot_rows(rows) -> list[list[dict]]:
    return [[{"text": r["district"]}, _count(r["items"]), _count(r["places"])] for r in rows]


# Analyst tasks and licensing referrals --------------------------------------------------------


def task_status(task, today) -> dict:
    """A tag for a task: done, overdue or open."""
    if task.completed_on:
        return {"text": f"Completed {uk_date(task.completed_on)}", "classes": "govuk-tag--green"}
    if task.due_on < today:
        return {"text": "Overdue", "classes": "govuk-tag--red"}
    return {"text": "Open", "classes": "govuk-tag--blue"}


def task_rows(tasks, today) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("intelligence:task", args=[task.pk]),
                    "text": task.analyst.display_name,
                    "hidden": "task",
                },
                "note": task.asked[:120] + ("…" if len(task.asked) > 120 else ""),
            },
            {"text": uk_date(task.due_on)},
            {"tag": task_status(task, today)},
        ]
        for task in tasks
    ]


def task_summary(task, today) -> list[dict]:
    return summary_rows(
        [
            ("Intelligence", task.item.reference),
            ("Analyst", task.analyst.display_name),
            ("What is asked", task.asked),
            ("Tasked", f"{uk_date(task.tasked_on)} by {task.tasked_by.display_name}"),
            ("Due", uk_date(task.due_on)),
            ("Status", task_status(task, today)["text"]),
            ("Outcome", task.outcome or "Not recorded yet"),
        ]
    )


def licensing_rows(referrals) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("intelligence:licensing", args=[r.pk]),
                    "text": uk_date(r.referred_on),
                    "hidden": "licensing referral",
                },
                "note": r.what_referred[:120] + ("…" if len(r.what_referred) > 120 else ""),
            },
            {"text": r.licence_number},
            {"text": f"{r.referred_by} ({r.owning_agency.name})"},
            {"text": _decision(r.get_outcome_display(), r.outcome_on)},
        ]
        for r in referrals
    ]


def licensing_summary(referral) -> list[dict]:
    return summary_rows(
        [
            ("Place", referral.place.name),
            ("Licence concerned", referral.licence_number),
            ("Date referred", uk_date(referral.referred_on)),
            ("What is referred", referral.what_referred),
            ("Who referred it", f"{referral.referred_by} ({referral.owning_agency.name})"),
            ("Outcome", _decision(referral.get_outcome_display(), referral.outcome_on)),
            ("Note on the outcome", referral.outcome_note),
        ]
    )


# Peer groups and contexts -------------------------------------------------------------------


def group_rows(groups) -> list[list[dict]]:
    return [
        [
            {"link": {"href": reverse("intelligence:group", args=[g.pk]), "text": g.name}},
            {"text": g.get_kind_display()},
            {"text": g.owning_agency.name},
        ]
        for g in groups
    ]


def group_summary(group, shared_with) -> list[dict]:
    return summary_rows(
        [
            ("Kind", group.get_kind_display()),
            ("Summary", group.summary),
            ("Held by", group.owning_agency.name),
            ("Shared with", ", ".join(a.name for a in shared_with) or "No other agency"),
        ]
    )


def member_rows(user, members) -> list[list[dict]]:
    access.remember_visibility(user, [m.person for m in members])
    return [
        [
            child_cell(user, m.person),
            {"text": m.role or "Not recorded"},
            {"text": uk_date(m.from_on)},
            {"text": uk_date(m.to_on) if m.to_on else "Still a member"},
        ]
        for m in members
    ]


def group_place_rows(used) -> list[list[dict]]:
    """Places a group uses; each links to its page when the viewer may open it."""
    return [
        [
            {"link": {"href": reverse("intelligence:place", args=[u.place_id]),
                      "text": u.place.name}}
            if u.may_open else {"text": u.place.name},
            {"text": u.place.get_kind_display()},
            {"text": u.place.postcode or "Not known"},
        ]
        for u in used
    ]  # fmt: skip


def context_summary(assessment, today: dt.date) -> list[dict]:
    review = uk_date(assessment.review_on)
    if assessment.review_on < today:
        review = f"{review} (overdue)"
    return summary_rows(
        [
            ("Assessed on", uk_date(assessment.assessed_on)),
            ("What makes the context unsafe", assessment.unsafe),
            ("What would change it", assessment.actions),
            ("Who owns the action",
             f"{assessment.owner_name} ({assessment.owner_agency.name})"),
            ("Review date", review),
        ]
    )  # fmt: skip


def context_rows(assessments) -> list[list[dict]]:
    return [
        [
            {"text": uk_date(a.assessed_on)},
            {"text": f"{a.owner_name} ({a.owner_agency.name})"},
            {"text": uk_date(a.review_on)},
        ]
        for a in assessments
    ]


# Problem profiles -------------------------------------------------------------------------------


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _column(values: list[int], *, partner: bool, total: bool) -> tuple[list[str], str]:
    """One column of counts as an edition shows it, and its total ("" for none). In the
    partner edition counts from 1 to 4 are suppressed, and where a total is shown a further
    count is withheld if the total would reveal a suppressed one."""
    if not partner:
        return [f"{v:,}" for v in values], f"{sum(values):,}" if total else ""
    if total:
        shown, summed = suppression.breakdown(values)
        return [_first_upper(v) for v in shown], _first_upper(summed)
    return [suppression.shown(v) for v in values], ""


def _profile_table(caption, head, rows, *, partner: bool, totals=None) -> dict:
    """A table of labelled counts: ``rows`` are [label, count, ...]; ``totals`` says which
    count columns end in a total row (none, if not given)."""
    width = len(head) - 1
    totals = totals if totals is not None else [False] * width
    columns = [
        _column([row[i + 1] for row in rows], partner=partner, total=totals[i])
        for i in range(width)
    ]
    body = [[row[0], *(columns[i][0][n] for i in range(width))] for n, row in enumerate(rows)]
    if rows and any(totals):
        body.append(["Total", *(columns[i][1] for i in range(width))])
    return {"caption": caption, "head": head, "rows": body}


def profile_tables(figures: dict, *, partner: bool) -> list[dict]:
    """The profile's figures as tables of words (for the page and the PDF alike)."""
    children, concerns, places = figures["children"], figures["concerns"], figures["places"]
    table = partial(_profile_table, partner=partner)
    tables = [
        table(
            "Key figures",
            ["Figure", "Count"],
            [
                ["Children counted", children["total"]],
                ["Intelligence seen in the period", figures["intelligence"]],
                ["Persons of concern", concerns["total"]],
                ["Persons of concern new in the period", concerns["new"]],
                ["Persons of concern linked to a child counted here", concerns["linked"]],
                ["Places linked", places["total"]],
            ],
        ),
        table("Why children were counted (a child may meet more than one rule)",
              ["Rule", "Children"], children["reasons"]),
    ]  # fmt: skip
    for key, caption, label in (
        ("age", "Children by age on the last day of the period", "Age"),
        ("sex", "Children by sex", "Sex"),
        ("ethnicity", "Children by ethnicity", "Ethnicity"),
        ("ward", "Children by ward of their address", "Ward"),
        ("looked_after", "Children looked after", "Looked after"),
        ("missing", "Children by missing episodes in the period", "Missing"),
    ):
        tables.append(table(caption, [label, "Children"], children[key], totals=[True]))
    tables += [
        table("Persons of concern by status on the last day of the period",
              ["Status", "Persons of concern"], concerns["status"], totals=[True]),
        table("Places linked, by type", ["Type", "Places"], places["kind"], totals=[True]),
        table("Hotspots by ward", ["Ward", "Intelligence", "Places"], places["wards"],
              totals=[True, True]),
        table("Hotspots by postcode district", ["District", "Intelligence", "Places"],
              places["districts"], totals=[True, True]),
        table("Trends by month",
              ["Month", "Intelligence seen", "Children with something counted",
               "Missing episodes", "Risk assessments at medium or high risk"],
              figures["months"], totals=[True, False, True, True]),
    ]  # fmt: skip
    return tables


def profile_table_params(table: dict) -> dict:
    """A profile table as appTable parameters (counts right-aligned)."""
    return {
        "caption": table["caption"],
        "captionClasses": "govuk-table__caption--s",
        "head": [
            {"text": h, "format": "numeric" if i else None} for i, h in enumerate(table["head"])
        ],
        "rows": [
            [{"text": cell, "format": "numeric" if i else None} for i, cell in enumerate(row)]
            for row in table["rows"]
        ],
    }


def ranked_rows(ranked) -> list[list[str]]:
    """The highest priority persons of concern (police edition only): position, name,
    status, score and the reasons."""
    return [
        [str(n), concern.person.full_name, concern.get_status_display(), str(score),
         "; ".join(reasons)]
        for n, (concern, score, reasons) in enumerate(ranked, start=1)
    ]  # fmt: skip


def profile_summary(profile, released_to) -> list[dict]:
    return summary_rows(
        [
            ("Period", f"{uk_date(profile.period_from)} to {uk_date(profile.period_to)}"),
            ("Written by", f"{profile.created_by.display_name}, {profile.owning_agency.name}"),
            (
                "Figures",
                f"Computed {uk_datetime(profile.computed_at)} by "
                f"{profile.computed_by.display_name} under definition version "
                f"{profile.definition_version}",
            ),
            (
                "Partner edition released to",
                ", ".join(a.name for a in released_to) or "No one yet",
            ),
        ]
    )


def profile_rows(profiles) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("intelligence:profile", args=[p.pk]),
                    "text": p.title,
                }
            },
            {"text": f"{uk_date(p.period_from)} to {uk_date(p.period_to)}"},
            {"text": p.owning_agency.name},
        ]
        for p in profiles
    ]

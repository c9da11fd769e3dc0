"""The REST API for partner systems (Django Ninja; ADR 0020).

Every operation acts as the user a bearer token was issued to, and reads and writes through
the same services, forms and ``core.access`` rules as the pages: a token sees exactly what
its user would see on screen, and every read of personal data is audited the same way.
Errors are RFC 9457 problems (application/problem+json), never a traceback; refusals are
audited; each token has a rate limit (``core.ratelimit``).
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI, Path, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import HttpBearer

from triangulate.core import access, ratelimit
from triangulate.core.audit import audit_refusal, audit_shown
from triangulate.core.clocks import LONDON
from triangulate.frontdoor import services as frontdoor
from triangulate.frontdoor.forms import RaiseConcernForm
from triangulate.intelligence import services as intelligence
from triangulate.intelligence.forms import SubmitForm
from triangulate.performance import presenters as performance_presenters
from triangulate.performance import services as performance
from triangulate.register import services as register

from . import presenters as shapes
from .services import token_user

logger = logging.getLogger("triangulate.api")

PROBLEM_TYPE = "application/problem+json"
# Ids in paths and bodies: anything outside this range names no row (and a database integer
# could not hold it).
MAX_ID = 2**31 - 1


class RateLimited(Exception):
    """The token, or a client with no valid token, has used up its allowance."""

    def __init__(self, window: int):
        super().__init__("Too many requests")
        self.window = window


class FormInvalid(Exception):
    """The request broke the rules the page's form checks; ``errors`` maps API field names
    to the same messages the page shows."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("The request is not valid")
        self.errors = errors


def _over_limit(request, bucket: str, who: str | None) -> None:
    limit, window = ratelimit.LIMITS[bucket]
    used = ratelimit.used(request, bucket, who=who)
    if used <= limit:
        return
    if used == limit + 1:  # the first refusal in each window is audited; the rest only counted
        audit_refusal(
            getattr(request, "api_user", None),
            PermissionDenied(f"Over the API rate limit ({limit} requests in {window} seconds)"),
            path=request.path,
        )
    raise RateLimited(window)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tri_…``: the request acts as the token's user."""

    def __call__(self, request):
        # Read here rather than by Ninja, which logs a header it does not expect in DEBUG:
        # a token is never written to a log.
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        return self.authenticate(request, value.strip())

    def authenticate(self, request, token):
        found = token_user(token)
        if found is None:
            return None
        row, user = found
        request.api_user = user
        _over_limit(request, "api_token", f"token:{row.pk}")
        # Pages and the no-store middleware see the token's user as the request's user.
        request.user = user
        return user


class TriangulateApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Problems are documented as application/problem+json, as they are served."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {PROBLEM_TYPE: response["content"].popitem()[1]}
        return schema


api = TriangulateApi(
    title="Triangulate API",
    version="1.0.0",
    description=(
        "For partner systems. Every request carries a token issued to one user "
        "(`Authorization: Bearer tri_…`) and sees exactly what that user sees on screen. "
        "Errors are RFC 9457 problems."
    ),
    urls_namespace="api",
    docs_url=None,
    auth=TokenAuth(),
)

PROBLEMS = dict.fromkeys((401, 403, 404, 422, 429), shapes.Problem)


def problem(request, status: int, detail: str = "", *, errors=(), headers=None) -> HttpResponse:
    """An RFC 9457 problem response; never a traceback."""
    body = shapes.Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        request_id=getattr(request, "request_id", ""),
        errors=[{"field": field, "message": message} for field, message in errors],
    )
    response = HttpResponse(body.model_dump_json(), status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    try:
        _over_limit(request, "api_unauthenticated", None)
    except RateLimited as limited:
        return _rate_limited(request, limited)
    audit_refusal(None, PermissionDenied("No valid API token"), path=request.path)
    return problem(
        request,
        401,
        "Send a live API token: Authorization: Bearer tri_…",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return problem(
        request,
        429,
        "Too many requests with this token. Wait and try again.",
        headers={"Retry-After": str(exc.window)},
    )


@api.exception_handler(PermissionDenied)
def _refused(request, exc):
    """Refused by the access policy or a role rule: audited once, as the 403 page does."""
    audit_refusal(getattr(request, "api_user", None), exc, path=request.path)
    return problem(request, 403, str(exc) or "You do not have access to this.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, "There is nothing here.")


def _location(loc) -> str:
    parts = [str(part) for part in loc if part not in ("body", "path", "query", "payload")]
    return ".".join(parts)


@api.exception_handler(RequestInvalid)
def _request_invalid(request, exc):
    errors = [(_location(error.get("loc", ())), error.get("msg", "")) for error in exc.errors]
    return problem(request, 422, "The request is not valid.", errors=errors)


@api.exception_handler(FormInvalid)
def _form_invalid(request, exc):
    return problem(request, 422, "The request is not valid. Nothing was saved.", errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def _model_invalid(request, exc):
    errors = [
        ("" if field == "__all__" else field, message)
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
        for message in messages
    ]
    return problem(request, 422, "The request is not valid. Nothing was saved.", errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.error("API request failed", exc_info=exc)
    return problem(request, 500, "Something went wrong. Quote the request id if you report it.")


def _form_errors(form, rename: dict | None = None) -> list[tuple[str, str]]:
    rename = rename or {}
    return [
        ("" if name == "__all__" else rename.get(name, name), str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


def _date_parts(name: str, day) -> dict:
    if day is None:
        return {}
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


# --- The register ------------------------------------------------------------------------------


@api.get(
    "/people/{person_id}",
    response={200: shapes.PersonSummary, **PROBLEMS},
    url_name="person",
    operation_id="person_summary",
    summary="A person's summary, as the register page shows it to this user",
)
def person(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    user = request.auth
    person = register.person_open(actor=user, pk=person_id, purpose="view record through the API")
    addresses = register.person_addresses(actor=user, person=person)
    flags = register.person_flags(actor=user, person=person)
    return shapes.person_summary(user, person, addresses, flags)


# --- The front door ------------------------------------------------------------------------


@api.post(
    "/contacts",
    response={201: shapes.ContactOut, **PROBLEMS},
    url_name="contacts",
    operation_id="contact_raise",
    summary="Raise a concern about a child with the front door",
)
def contact_raise(request, payload: shapes.ContactIn):
    user = request.auth
    access.require(user, "frontdoor.raise")
    data = payload.dict()
    form_data = MultiValueDict(
        {
            name: [value]
            for name, value in data.items()
            if name not in ("indicators", "child_date_of_birth")
        }
    )
    form_data.setlist("indicators", data["indicators"])
    for name, value in _date_parts("child_date_of_birth", data["child_date_of_birth"]).items():
        form_data[name] = str(value)
    form = RaiseConcernForm(form_data)
    if not form.is_valid():
        raise FormInvalid(_form_errors(form))
    child = frontdoor.ChildDetails.from_form(form.cleaned_data)
    concern = frontdoor.ConcernDetails.from_form(form.cleaned_data)
    contact = frontdoor.contact_raise(actor=user, child=child, concern=concern)
    return Status(201, shapes.contact_raised(contact))


# --- Intelligence ----------------------------------------------------------------------------


@api.get(
    "/intelligence",
    response={200: shapes.IntelligenceLog, **PROBLEMS},
    url_name="intelligence",
    operation_id="intelligence_log",
    summary="The intelligence log: the force's own log for police, a partner's own "
    "submissions and the sanitised versions shared with its agency",
)
def intelligence_log(request):
    user = request.auth
    access.require(user, "intelligence.submit")
    items = intelligence.items_visible(actor=user)
    shared = [
        s
        for s in intelligence.sanitised_visible(actor=user)
        if s.owning_agency_id != user.agency_id
    ]
    audit_shown(user, [*items, *shared], "view the intelligence log through the API")
    return {
        "items": [shapes.intelligence_item(user, item) for item in items],
        "shared": [shapes.sanitised(user, version) for version in shared],
    }


@api.get(
    "/intelligence/items/{item_id}",
    response={200: shapes.IntelligenceItemOut, **PROBLEMS},
    url_name="intelligence_item",
    operation_id="intelligence_item",
    summary="One piece of intelligence and its grading",
)
def intelligence_item(request, item_id: int = Path(..., ge=1, le=MAX_ID)):
    user = request.auth
    return shapes.intelligence_item(user, intelligence.item_open(actor=user, pk=item_id))


@api.get(
    "/intelligence/shared/{shared_id}",
    response={200: shapes.SanitisedOut, **PROBLEMS},
    url_name="intelligence_shared",
    operation_id="intelligence_shared",
    summary="A sanitised version police shared with this user's agency",
)
def intelligence_shared(request, shared_id: int = Path(..., ge=1, le=MAX_ID)):
    user = request.auth
    return shapes.sanitised(user, intelligence.sanitised_open(actor=user, pk=shared_id))


@api.post(
    "/intelligence",
    response={201: shapes.IntelligenceItemOut, **PROBLEMS},
    url_name="intelligence_submit",
    operation_id="intelligence_submit",
    summary="Submit intelligence to a police force",
)
def intelligence_submit(request, payload: shapes.IntelligenceIn):
    user = request.auth
    access.require(user, "intelligence.submit")
    person = None
    if payload.person is not None:
        person = register.person_open(actor=user, pk=payload.person, purpose="submit intelligence")
    forces = intelligence.police_forces()
    police = payload.police_force
    if police is None and len(forces) == 1:
        police = forces[0].pk
    try:
        seen = payload.seen_at
        seen = seen.astimezone(LONDON) if seen.tzinfo else seen.replace(tzinfo=LONDON)
    except (OverflowError, ValueError):
        raise FormInvalid([("seen_at", "Date it was seen must be a real date")]) from None
    form = SubmitForm(
        {
            "police": "" if police is None else str(police),
            "what_seen": payload.what_seen,
            "where_seen": payload.where_seen,
            "postcode": payload.postcode,
            "seen_time": seen.strftime("%H:%M"),
            "who": payload.who,
            "vehicles": payload.vehicles,
            "phones": payload.phones,
            "handles": payload.handles,
            **_date_parts("seen_on", seen.date()),
        },
        forces=forces,
    )
    rename = {"police": "police_force", "seen_on": "seen_at", "seen_time": "seen_at"}
    if not form.is_valid() or not form.cleaned_data.get("seen_at"):
        raise FormInvalid(_form_errors(form, rename))
    police = next(f for f in forces if str(f.pk) == form.cleaned_data["police"])
    try:
        item = intelligence.item_submit(
            actor=user, police=police, person=person, **form.submission()
        )
    except intelligence.Invalid as invalid:
        raise FormInvalid(
            [(rename.get(name, name), message) for name, message in invalid.errors.items()]
        ) from None
    return Status(201, shapes.intelligence_item(user, item))


# --- Published figures -------------------------------------------------------------------------


def _report(pack) -> dict:
    return {
        "id": pack.pk,
        "title": pack.title,
        "month": performance.pack_period(pack).key,
        "published_at": shapes.utc(pack.published_at),
    }


@api.get(
    "/figures",
    response={200: list[shapes.PublishedReport], **PROBLEMS},
    url_name="figures",
    operation_id="published_reports",
    summary="The partnership's published reports, newest first",
)
def published_reports(request):
    return [_report(pack) for pack in performance.released_for_public()]


@api.get(
    "/figures/{report_id}",
    response={200: shapes.PublishedReportDetail, **PROBLEMS},
    url_name="figures_report",
    operation_id="published_report",
    summary="One published report's figures, small numbers suppressed as published",
)
def published_report(request, report_id: int = Path(..., ge=1, le=MAX_ID)):
    pack = performance.released_for_public(report_id)
    figures = performance_presenters.public_figures(pack, pack.figures.order_by("position"))
    return {
        **_report(pack),
        "figures": [
            {
                "figure_id": f["figure_id"],
                "name": f["name"],
                "definition_version": f["version"],
                "definition": f["definition"],
                "is_rate": f["is_rate"],
                "value": str(f["value"]),
                "breakdown": [
                    {"group": label["text"], "value": str(value["text"])}
                    for label, value in f["breakdown"]
                ],
            }
            for f in figures
        ],
    }

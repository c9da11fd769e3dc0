"""Register pages: search, a person's page, adding a person, and who has seen a record."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from triangulate.core import access, extensions
from triangulate.core.audit import entries_for
from triangulate.core.forms import SensitivityForm, saved
from triangulate.core.views.rendering import render_page

from . import presenters, services
from .forms import (
    CinFactorForm,
    FlagForm,
    PersonForm,
    RelationshipForm,
    RemoveFlagForm,
    SearchForm,
)


def search(request):
    access.require(request.user, "register.search")
    form = SearchForm(request.GET or None)
    results = form.search(actor=request.user)
    addresses = services.current_addresses(actor=request.user, people=results or [])
    context = {
        "form": form,
        "results": results,
        "rows": presenters.search_rows(request.user, results or [], addresses),
        "may_create": access.may(request.user, "register.create_person"),
    }
    return render_page(
        request,
        "register/search.html",
        context,
        forms=[form],
        status=200 if not form.errors else 400,
    )


def person_detail(request, pk: int):
    person = services.person_open(actor=request.user, pk=pk)
    addresses = services.person_addresses(actor=request.user, person=person)
    context = {
        "person": person,
        "summary": presenters.person_summary(request.user, person, addresses),
        "addresses": addresses,
        "address_rows": presenters.address_rows(request.user, person, addresses),
        "address_head": presenters.ADDRESS_HEAD,
        "may_see_access_log": access.may(request.user, "record.view_access_log", person),
        "panels": extensions.person_panels(request, person),
        "timeline": extensions.timeline(request.user, person),
    }
    return render(request, "register/person_detail.html", context)


def person_create(request):
    access.require(request.user, "register.create_person")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = None
        if data["address_line_1"]:
            address = {
                "line_1": data["address_line_1"],
                "town": data["town"],
                "postcode": data["postcode"],
            }
        person = services.person_create(
            actor=request.user,
            given_name=data["given_name"],
            middle_names=data["middle_names"],
            family_name=data["family_name"],
            known_as=data["known_as"],
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
            address=address,
        )
        messages.success(request, f"{person.full_name} has been added to the register.")
        return redirect("register:person", pk=person.pk)
    return render_page(request, "register/person_form.html", {"form": form}, forms=[form])


def person_access_log(request, pk: int):
    # The role is checked before the record is opened, so that a refused attempt is logged
    # as refused, never as a view.
    access.require(request.user, "record.view_access_log", record=("register.person", pk))
    person = services.person_open(
        actor=request.user, pk=pk, purpose="review who has seen this record"
    )
    if not access.may(request.user, "record.view_access_log", person):
        raise PermissionDenied(
            "Only team managers and system administrators can see who has looked at a record."
        )
    entries = list(entries_for(person)[:500])
    return render(request, "register/access_log.html", {"person": person, "entries": entries})


def _flags_page(request, person, *, flag_form=None, cin_form=None, relationship_form=None):
    own = [
        f
        for f in services.person_flags(actor=request.user, person=person)
        if f.owning_agency_id == request.user.agency_id
    ]
    context = {
        "person": person,
        "own_flags": own,
        "flag_form": flag_form or FlagForm(),
        "cin_form": cin_form or CinFactorForm(),
        "relationship_form": relationship_form
        or RelationshipForm(people=services.household(actor=request.user, person=person)),
    }
    return render_page(
        request,
        "register/flags.html",
        context,
        forms=[context["flag_form"], context["cin_form"], context["relationship_form"]],
    )


def flags(request, pk: int):
    access.require(request.user, "register.flag")
    person = services.person_open(actor=request.user, pk=pk, purpose="manage flags")
    if request.method != "POST":
        return _flags_page(request, person)
    form = FlagForm(request.POST)
    if not form.is_valid():
        return _flags_page(request, person, flag_form=form)
    try:
        services.flag_set(
            actor=request.user,
            person=person,
            flag=form.cleaned_data["flag"],
            reason=form.cleaned_data["reason"],
            detail=form.cleaned_data["detail"],
        )
    except services.FlagAlreadySet:
        form.add_error("flag", "Your agency has already set this flag on this person")
        return _flags_page(request, person, flag_form=form)
    messages.success(request, "Flag set.")
    return redirect("register:person", pk=person.pk)


@require_POST
def flag_remove(request, pk: int, flag_pk: int):
    access.require(request.user, "register.flag")
    person = services.person_open(actor=request.user, pk=pk, purpose="remove a flag")
    form = RemoveFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter why you are removing the flag.")
        return redirect("register:flags", pk=person.pk)
    services.flag_remove(
        actor=request.user, person=person, pk=flag_pk, reason=form.cleaned_data["reason"]
    )
    messages.success(request, "Flag removed.")
    return redirect("register:person", pk=person.pk)


def address_label(request, pk: int, address_pk: int):
    """Withhold an address for the child's safety, or stop withholding it."""
    access.require(request.user, "register.flag", record=("register.personaddress", address_pk))
    person = services.person_open(actor=request.user, pk=pk, purpose="label an address")
    address = services.address_for_change(actor=request.user, person=person, pk=address_pk)
    labels = services.address_labels_offered(actor=request.user, address=address)
    initial = {"sensitivity": address.sensitivity, "version": address.version}
    form = SensitivityForm(request.POST or None, initial=initial, labels=labels)
    save = partial(services.address_label, actor=request.user, address=address)
    if saved(request, form, save, "Sensitivity label saved."):
        return redirect("register:person", pk=person.pk)
    context = {"person": person, "address": address, "form": form}
    return render_page(request, "register/address_label.html", context, forms=[form])


@require_POST
def cin_add(request, pk: int):
    access.require(request.user, "register.flag")
    person = services.person_open(actor=request.user, pk=pk, purpose="record a census factor")
    form = CinFactorForm(request.POST)
    if not form.is_valid():
        return _flags_page(request, person, cin_form=form)
    services.cin_factor_add(
        actor=request.user,
        person=person,
        code=form.cleaned_data["code"],
        identified_on=form.cleaned_data["identified_on"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Census factor recorded.")
    return redirect("register:person", pk=person.pk)


@require_POST
def relationship_add(request, pk: int):
    access.require(request.user, "register.flag")
    person = services.person_open(actor=request.user, pk=pk, purpose="record a relationship")
    people = services.household(actor=request.user, person=person)
    form = RelationshipForm(request.POST, people=people)
    if not form.is_valid():
        return _flags_page(request, person, relationship_form=form)
    other = next(p for p in people if str(p.pk) == form.cleaned_data["other"])
    services.relationship_add(
        actor=request.user,
        person=person,
        other=other,
        relationship=form.cleaned_data["relationship"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Relationship recorded.")
    return redirect("register:person", pk=person.pk)

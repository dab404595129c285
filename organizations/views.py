from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from common.files import image_response
from common.http import back_to
from common.lists import CSVExportView, FilteredListView
from common.locking import CONFLICT_MESSAGE, EditConflict, claim_version
from common.urls import Link, address

from .filters import OrganizationFilter
from .forms import InvitationForm, OrganizationForm, RoleForm, VerificationForm
from .models import FederalDistrict, Invitation, InvitationStatus, Membership, Organization, Region
from .rules import is_manager, is_moderator
from .services import (
    MembershipError,
    VerificationError,
    accept_invitation,
    cancel_invitation,
    change_role,
    decide_parent_link,
    decline_invitation,
    invite_member,
    possible_duplicates,
    register_organization,
    remove_member,
    set_verified,
)


class OrganizationListView(FilteredListView):
    filterset_class = OrganizationFilter
    queryset = Organization.objects.with_related()
    template_name = "organizations/organization_list.html"


class OrganizationExportView(CSVExportView):
    filterset_class = OrganizationFilter
    queryset = Organization.objects.with_related()
    filename = "organizations"
    columns = (
        (_("Name"), lambda o: o.name),
        (_("Kind"), lambda o: o.get_kind_display()),
        (_("Region"), lambda o: o.region.name),
        (_("Region code"), lambda o: o.region.code),
        (_("Locality"), lambda o: o.locality),
        (_("Parent organisation"), lambda o: o.parent.name if o.parent else ""),
        (_("E-mail"), lambda o: o.email),
        (_("Phone"), lambda o: o.phone),
        (_("Website"), lambda o: o.website),
        (_("Address"), lambda o: o.address),
        (_("Page"), lambda o: settings.SITE_URL + o.get_absolute_url()),
    )


class OrganizationDetailView(DetailView):
    queryset = Organization.objects.with_related().select_related("requested_parent")
    template_name = "organizations/organization_detail.html"

    def get_context_data(self, **kwargs):
        org = self.object
        context = super().get_context_data(**kwargs)
        context["people"] = org.people.public()
        context["children"] = org.children.select_related("region")
        context["grant_projects"] = org.grant_projects.select_related(
            "programme__funder", "programme__operator"
        )
        user = self.request.user
        context["can_edit"] = user.has_perm("organizations.change_organization", org)
        context["can_manage_members"] = user.has_perm("organizations.manage_members", org)
        context["can_verify"] = user.has_perm("organizations.verify_organization", org)
        if context["can_verify"]:
            context["verification_form"] = VerificationForm()
            context["verification_records"] = org.verification_records.select_related("decided_by")[
                :20
            ]
            context["duplicates"] = possible_duplicates([org])[org.pk]
        if is_manager(user, org) or is_moderator(user):
            context["link_requests"] = org.membership_requests.select_related("region")
        return context


def organization_logo(request, slug, name):
    """Organisations are public, and so are their logos; served like every upload."""
    org = get_object_or_404(Organization.objects.only("slug", "logo"), slug=slug)
    return image_response(org.logo, stem=org.slug, public=True)


def get_organization_for(user, slug, perm):
    """The organisation ``slug`` if ``user`` has ``perm`` on it: 404 if unknown, 403 otherwise."""
    org = get_object_or_404(Organization.objects.with_related(), slug=slug)
    if not user.has_perm(perm, org):
        raise PermissionDenied
    return org


class OrganizationFormMixin(LoginRequiredMixin):
    form_class = OrganizationForm
    template_name = "organizations/organization_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OrganizationUpdateView(OrganizationFormMixin, UpdateView):
    def get_object(self, queryset=None):
        return get_organization_for(
            self.request.user, self.kwargs["slug"], "organizations.change_organization"
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                claim_version(form.instance, form.cleaned_data["version"])
                response = super().form_valid(form)
        except EditConflict as conflict:
            form.refresh_version(conflict.current)
            messages.error(self.request, CONFLICT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("The organisation's profile is saved."))
        return response


class MembersView(LoginRequiredMixin, FormView):
    """Managers invite people to their organisation, change roles and remove members."""

    form_class = InvitationForm
    template_name = "organizations/members.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organization = get_organization_for(
                request.user, kwargs["slug"], "organizations.manage_members"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        context["memberships"] = self.organization.memberships.select_related("user").order_by(
            "user__last_name", "user__username"
        )
        context["invitations"] = self.organization.invitations.filter(
            status=InvitationStatus.PENDING
        ).select_related("user")
        context["role_choices"] = RoleForm.base_fields["role"].choices
        return context

    def form_valid(self, form):
        # The same answer whether or not the account exists, is a member or is invited.
        invite_member(
            organization=self.organization,
            actor=self.request.user,
            identifier=form.cleaned_data["identifier"],
            role=form.cleaned_data["role"],
        )
        messages.success(
            self.request,
            _(
                "If an account with this user name or e-mail exists, the person gets an "
                "invitation and sees it on their dashboard."
            ),
        )
        return redirect("organizations:members", slug=self.organization.slug)


@require_POST
def change_role_view(request, slug, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    org = get_organization_for(request.user, slug, "organizations.manage_members")
    membership = get_object_or_404(Membership, pk=pk, organization=org)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("organizations:members", slug=org.slug)
    try:
        change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The role is changed."))
    return redirect("organizations:members", slug=org.slug)


@require_POST
def remove_member_view(request, slug, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    org = get_organization_for(request.user, slug, "organizations.manage_members")
    membership = get_object_or_404(Membership, pk=pk, organization=org)
    try:
        remove_member(membership=membership, actor=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The member is removed."))
    return redirect("organizations:members", slug=org.slug)


@require_POST
def cancel_invitation_view(request, slug, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    org = get_organization_for(request.user, slug, "organizations.manage_members")
    invitation = get_object_or_404(Invitation, pk=pk, organization=org)
    try:
        cancel_invitation(invitation=invitation, actor=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("organizations:members", slug=org.slug)


@require_POST
def answer_invitation(request, pk, action):
    """The invited person accepts or declines; anyone else gets 404 (nothing to see here)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    invitation = get_object_or_404(
        Invitation.objects.select_related("organization"), pk=pk, user=request.user
    )
    try:
        if action == "accept":
            accept_invitation(invitation=invitation, user=request.user)
        else:
            decline_invitation(invitation=invitation, user=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Welcome to %(org)s.") % {"org": invitation.organization}
            if action == "accept"
            else _("The invitation is declined."),
        )
    return redirect("dashboard")


class OrganizationCreateView(OrganizationFormMixin, CreateView):
    """Any signed-in user registers their organisation and becomes its manager; it starts
    unverified, so its practices and events go through review."""

    def form_valid(self, form):
        self.object = register_organization(form=form, user=self.request.user)
        messages.success(self.request, _("The organisation is registered and you are its manager."))
        return redirect(self.object)


@require_POST
@login_required
def verify_organization(request, slug, action):
    """A moderator grants (``verify``) or revokes (``unverify``) the trusted-publisher status."""
    if action not in ("verify", "unverify"):
        raise Http404
    org = get_organization_for(request.user, slug, "organizations.verify_organization")
    form = VerificationForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        set_verified(
            organization=org, actor=request.user, verified=action == "verify", comment=comment
        )
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The organisation is verified: its members publish without review.")
            if action == "verify"
            else _("Verification is revoked: the organisation's publications go through review."),
        )
    return back_to(request, org)


@require_POST
@login_required
def parent_link(request, slug, action):
    """The requested parent's managers (or a moderator) accept or refuse a membership link."""
    if action not in ("accept", "decline"):
        raise Http404
    org = get_organization_for(request.user, slug, "organizations.decide_parent_link")
    parent = org.requested_parent
    try:
        decide_parent_link(organization=org, actor=request.user, accept=action == "accept")
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(org)s is now a member of %(parent)s.") % {"org": org, "parent": parent}
            if action == "accept"
            else _("The request is declined."),
        )
    return back_to(request, parent or org)


class RegionListView(ListView):
    template_name = "organizations/region_list.html"

    def get_queryset(self):
        """The regions by district; the project's page adds their organisations' counts
        (portal.pages.RegionsPage, from the map's tallies)."""
        return Region.objects.order_by("federal_district", "name_ru")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = dict(FederalDistrict.choices)
        groups = {}
        for region in context["object_list"]:
            groups.setdefault(region.federal_district, []).append(region)
        context["districts"] = [(labels[key], regions) for key, regions in groups.items()]
        return context


class RegionDetailView(DetailView):
    template_name = "organizations/region_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_object(self, queryset=None):
        return get_object_or_404(Region, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        region = self.object
        context = super().get_context_data(**kwargs)
        # Bounded: a region may hold thousands; the directory lists them all, filtered.
        context["organizations"] = [
            Link(name, address("organizations:detail", slug=slug))
            for name, slug in region.organizations.order_by("name", "pk").values_list(
                "name", "slug"
            )[:20]
        ]
        # Called by the template, if the page has not counted otherwise (portal.pages).
        context["organization_count"] = region.organizations.count
        return context

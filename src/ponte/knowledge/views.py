"""Knowledge library pages: browse, read, write, review, attachments and the Atom feed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts.permissions import affiliation_needed
from ponte.core.access import Access, public, signed_in
from ponte.core.exceptions import ApplicationError, PermissionDeniedError, TooLargeError
from ponte.core.limits import check_rate
from ponte.core.markdown import render_markdown
from ponte.core.pagination import paginate
from ponte.core.review import Queue, moves_for, review_page, take_move
from ponte.core.views import (
    error_page,
    form_errors,
    render_partial_or_page,
    serve_upload,
    submit,
)
from ponte.directory.models import (
    LocalGovernment,
    Theme,
)
from ponte.knowledge import selectors, services
from ponte.knowledge.forms import AttachmentForm, ItemForm, TranslationForm, results_formset
from ponte.knowledge.models import Attachment, Item, ItemType
from ponte.knowledge.permissions import can_edit_item, can_review_item
from ponte.knowledge.workflow import WORKFLOW
from ponte.search.facets import facet_panel

PER_PAGE = 20


@public
def library(request: HttpRequest) -> HttpResponse:
    try:
        filters = selectors.parse_item_filters(request.GET.dict())
        page = paginate(
            selectors.item_list(request.user, filters),
            page=request.GET.get("page"),
            per_page=PER_PAGE,
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    facets = facet_panel(
        selectors.item_facets(request.user, filters),
        selected={name: getattr(filters, name) for name in selectors.FACETS},
        type_labels={k: str(v) for k, v in ItemType.choices},
    )
    context = {"page": page, "filters": filters, "facets": facets, "language": get_language()}
    return render_partial_or_page(
        request, page="knowledge/library.html", partial="knowledge/_items.html", context=context
    )


@public
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = selectors.item_detail(request.user, slug=slug)
    except ApplicationError as exc:
        return error_page(request, exc)
    wanted = request.GET.get("lang") or get_language() or "en"
    text = item.version_for(wanted)
    languages = [(item.language_id, item.language.label, "original")] + [
        (t.language_id, t.language.label, t.origin)
        for t in item.translations.select_related("language")
    ]
    context = {
        "item": item,
        "text": text,
        "languages": languages,
        "can_edit": can_edit_item(request.user, item),
        "can_review": can_review_item(request.user, item),
        "moves": moves_for(
            WORKFLOW,
            request.user,
            item,
            url=lambda action: reverse("knowledge:transition", args=[item.slug, action]),
        ),
        "revisions": item.revisions.select_related("author")[:20],
    }
    return render(request, "knowledge/detail.html", context)


def _owner_for(request: HttpRequest) -> services.Owner:
    user: Any = request.user
    if user.is_network_staff and request.POST.get("publish_as") == "network":
        return services.Owner(network=user.network)
    owner_slug = request.POST.get("owner") or request.GET.get("owner")
    if owner_slug and user.is_platform_admin:
        return services.Owner(local_government=get_object_or_404(LocalGovernment, slug=owner_slug))
    if user.local_government_id:
        return services.Owner(local_government=user.local_government)
    if user.is_network_staff:
        return services.Owner(network=user.network)
    return services.Owner()


def _with_results(form: ItemForm, results: Any) -> ItemForm:
    """The item form and its results' rows, valid together; the rows go to the service."""
    if results is None:
        return form
    plain_is_valid = form.is_valid

    def is_valid() -> bool:
        # Both are checked, so every error shows at once.
        return bool(results.is_valid()) & bool(plain_is_valid())

    plain_data = form.service_data

    def service_data() -> dict[str, Any]:
        data = plain_data()
        data["results"] = [row for row in (f.row() for f in results.forms) if row is not None]
        return data

    form.is_valid = is_valid  # type: ignore[method-assign]
    form.service_data = service_data  # type: ignore[method-assign]
    return form


@signed_in
def create(request: HttpRequest) -> HttpResponse:
    results = results_formset(request.POST if request.method == "POST" else None)
    form = _with_results(ItemForm(request.POST or None), results)
    submission = submit(
        request,
        form,
        lambda: services.item_create(
            actor=request.user, owner=_owner_for(request), data=form.service_data()
        ),
    )
    if submission.done:
        messages.success(request, _("Draft saved. Submit it for review when it is ready."))
        return redirect("knowledge:detail", slug=submission.saved.slug)
    context = {
        "form": form,
        "item": None,
        "results": results,
        "affiliation_needed": affiliation_needed(request.user),
    }
    return render(request, "knowledge/form.html", context, status=submission.status)


@signed_in
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Item, slug=slug)
    if not can_edit_item(request.user, item):
        return error_page(request, PermissionDeniedError(_("You may not edit this item.")))
    results = results_formset(request.POST if request.method == "POST" else None, item)
    form = _with_results(
        ItemForm(request.POST or None, initial=ItemForm.initial_for(item)), results
    )
    submission = submit(
        request,
        form,
        lambda: services.item_update(
            actor=request.user,
            item=item,
            version=form.cleaned_data["version"] or 0,
            data=form.service_data(),
        ),
    )
    if submission.done:
        messages.success(request, _("Changes saved."))
        return redirect("knowledge:detail", slug=item.slug)
    context = {"form": form, "item": item, "results": results}
    return render(request, "knowledge/form.html", context, status=submission.status)


@signed_in
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """htmx: the body as it will look, sanitised exactly as on the published page. Rendering
    costs CPU, so only signed-in people preview, a limited number of times and lengths."""
    try:
        check_rate(request, "preview")
        body = request.POST.get("body", "")
        limit = settings.PONTE_PREVIEW_MAX_CHARS
        if len(body) > limit:
            raise TooLargeError(
                _(
                    "The preview shows texts of up to %(limit)s characters; this one has "
                    "%(length)s. Save it to see it on its page."
                )
                % {"limit": intcomma(limit), "length": intcomma(len(body))}
            )
    except ApplicationError as exc:
        return error_page(request, exc)
    return HttpResponse(render_markdown(body))


@signed_in
@require_POST
def transition(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    item = get_object_or_404(Item, slug=slug)
    return take_move(
        request,
        workflow=WORKFLOW,
        action=action,
        take=lambda comment: services.item_transition(
            actor=request.user, item=item, action=action, comment=comment
        ),
        record_url=reverse("knowledge:detail", args=[slug]),
        queue_url=reverse("knowledge:review"),
    )


@signed_in
def translate(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Item, slug=slug)
    if not can_edit_item(request.user, item):
        return error_page(request, PermissionDeniedError(_("You may not edit this item.")))
    form = TranslationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(actor=request.user, item=item, **form.cleaned_data)
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Language version saved."))
            return redirect("knowledge:detail", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/translate.html", {"form": form, "item": item}, status=status)


@signed_in
def attach(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Item, slug=slug)
    if not can_edit_item(request.user, item):
        return error_page(request, PermissionDeniedError(_("You may not add files to this item.")))
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                item=item,
                upload=form.cleaned_data["file"],
                as_cover=form.cleaned_data["as_cover"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("File attached."))
            return redirect("knowledge:detail", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/attach.html", {"form": form, "item": item}, status=status)


@public
def attachment(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    try:
        item = selectors.item_detail(request.user, slug=slug)
    except ApplicationError as exc:
        return error_page(request, exc)
    file = get_object_or_404(Attachment, pk=pk, item=item)
    return serve_upload(file.file, name=file.name, content_type=file.content_type)


@signed_in
def review(request: HttpRequest) -> HttpResponse:
    queue = Queue(selectors.review_queue(request.user), "knowledge/_review_row.html")
    return review_page(request, title=_("Review queue"), queues=[queue])


class LibraryFeed(Feed[Any, Any]):
    """Atom feed of newly published items, all or for one theme."""

    ponte_access = Access.PUBLIC
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, theme: str = "") -> Theme | None:
        return get_object_or_404(Theme, slug=theme) if theme else None

    def title(self, obj: Theme | None) -> str:
        return _("Ponte: new practices and resources") + (f" · {obj.label}" if obj else "")

    def link(self, obj: Theme | None) -> str:
        return reverse("knowledge:library") + (f"?theme={obj.slug}" if obj else "")

    def subtitle(self, obj: Theme | None) -> str:
        return _("What local governments and their networks have published on Ponte.")

    def items(self, obj: Theme | None) -> Any:
        return selectors.published_feed(theme=obj.slug if obj else "")

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary

    def item_link(self, item: Item) -> str:
        return reverse("knowledge:detail", args=[item.slug])

    def item_pubdate(self, item: Item) -> Any:
        return item.published_at

    def item_updateddate(self, item: Item) -> Any:
        return item.updated_at

    def item_author_name(self, item: Item) -> str:
        return str(item.owner or item.publisher_network or "")

"""Admin actions that run each selected object through the app's service, so the admin
follows the same rules, history and e-mails as the site."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from common.actions import refusal_message
from common.search import is_searchable, matching, prefix_matching
from common.text import MAX_QUERY_LENGTH


def run_for_each(modeladmin, request, queryset, action, done, refusals=()):
    """Calls ``action(obj)`` for every selected object; a refusal (one of ``refusals``,
    PermissionDenied or ValidationError) becomes a warning naming the object, the rest a
    success message ``done % {"count": n}``."""
    count = 0
    for obj in queryset:
        try:
            action(obj)
        except (*refusals, PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {refusal_message(exc)}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return count


class FullTextSearchAdminMixin:
    """The admin's search box and its autocomplete (which asks the same method) through the
    model's full-text index (whole words, else words starting with those typed) and an
    exact match of ``exact_search_fields``: ``search_fields``' ``icontains`` over joins read
    every row, 9 s for a word among 100 000 practices. ``search_fields`` stays set
    (autocomplete needs it)."""

    exact_search_fields = ("slug",)
    # A filtered list counts its rows; not also the whole table's (another COUNT(*)).
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        term = " ".join(search_term.split())[:MAX_QUERY_LENGTH]
        if not term:
            return queryset, False
        found = queryset.none()
        if is_searchable(term):
            # Whole words first; the start of a word («Модут» for «Модутского») only when no
            # whole word matches: a frequent stem's prefix matches half a million practices,
            # which the list would then count and sort (5 s at a million).
            found = matching(queryset, term)
            if not found.exists():
                found = prefix_matching(queryset, term)
        for field in self.exact_search_fields:
            found |= queryset.filter(**{field: term})
        return found, False

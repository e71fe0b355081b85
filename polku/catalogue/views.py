"""The map for professionals: search, a service page and the map by life situation.
The catalogue holds no personal data, so these pages need a sign-in but no access rule."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from polku.core.http import SignedInRequest

from . import selectors
from .forms import SearchForm
from .models import Service
from .search import search


@login_required
@require_GET
def service_search(request: SignedInRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = search(form.cleaned_data["q"], form.filters())
    elif not form.is_bound:
        results = search("")
    context = {
        "form": form,
        "results": results,
        "ended_count": selectors.ended_count(),
        **selectors.ptv_status(),
    }
    return render(request, "catalogue/search.html", context)


@login_required
@require_GET
def service_detail(request: SignedInRequest, slug: str) -> HttpResponse:
    # Ended entries keep their page (history), with the day they ended.
    service = get_object_or_404(
        Service.objects.select_related("provider", "replaced_by"), slug=slug, is_active=True
    )
    return render(request, "catalogue/service_detail.html", selectors.service_page(service))


@login_required
@require_GET
def life_situations(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/map.html",
        {
            "situations": selectors.by_life_situation(),
            "ended_count": selectors.ended_count(),
            **selectors.ptv_status(),
        },
    )


@login_required
@require_GET
def ended_services(request: SignedInRequest) -> HttpResponse:
    """History: the benefits and services that have ended (left the current view)."""
    return render(request, "catalogue/ended.html", {"services": selectors.ended()})

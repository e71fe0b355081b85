"""The map for professionals: search, a service page and the map by life situation.
The catalogue holds no personal data, so these pages need a sign-in but no access rule."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors
from .forms import SearchForm
from .models import Service
from .search import search


@login_required
@require_GET
def service_search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = search(form.cleaned_data["q"], form.filters())
    elif not form.is_bound:
        results = search("")
    return render(request, "catalogue/search.html", {"form": form, "results": results})


@login_required
@require_GET
def service_detail(request, slug):
    service = get_object_or_404(
        Service.objects.select_related("provider"), slug=slug, is_active=True
    )
    return render(request, "catalogue/service_detail.html", selectors.service_page(service))


@login_required
@require_GET
def life_situations(request):
    return render(request, "catalogue/map.html", {"situations": selectors.by_life_situation()})

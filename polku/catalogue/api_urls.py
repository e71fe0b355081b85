"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1): the
public HSDS 3.0 API of the catalogue."""

from django.urls import path

from .hsds import api

urlpatterns = [
    path("hsds/services", api.ServiceList.as_view(), name="hsds-services"),
    path("hsds/services/<str:hsds_id>", api.ServiceDetail.as_view(), name="hsds-service"),
    path("hsds/organizations", api.OrganizationList.as_view(), name="hsds-organizations"),
    path(
        "hsds/organizations/<str:hsds_id>",
        api.OrganizationDetail.as_view(),
        name="hsds-organization",
    ),
    path("hsds/taxonomies", api.TaxonomyList.as_view(), name="hsds-taxonomies"),
    path("hsds/taxonomy_terms", api.TaxonomyTermList.as_view(), name="hsds-taxonomy-terms"),
]

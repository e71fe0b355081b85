PATHS = {
    "/api/v1/hsds/services": {"get"},
    "/api/v1/hsds/services/{hsds_id}": {"get"},
    "/api/v1/hsds/organizations": {"get"},
    "/api/v1/hsds/organizations/{hsds_id}": {"get"},
    "/api/v1/hsds/taxonomies": {"get"},
    "/api/v1/hsds/taxonomy_terms": {"get"},
}

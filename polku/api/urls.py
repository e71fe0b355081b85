app_name = "v1"
urlpatterns: list = []

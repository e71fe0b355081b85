from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "polku.assessment"
    label = "assessment"

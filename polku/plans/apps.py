from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "polku.plans"
    label = "plans"

    def ready(self):
        from polku.clients import sections, timeline

        from .sections import plan_section
        from .timeline import plan_events

        sections.register(plan_section)
        timeline.register(plan_events)

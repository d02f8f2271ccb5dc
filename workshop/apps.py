from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = "Workshops"

    def ready(self):
        from . import history  # noqa: F401  (connects the history-author receiver)

from django.apps import AppConfig


class VisionConfig(AppConfig):
    name = "vision"

    def ready(self):
        from . import editables  # noqa: F401  registers what teams edit in a vision

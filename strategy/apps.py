from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"

    def ready(self):
        # Registers what teams edit in a strategy; runs after teams and vision (settings order).
        from . import editables

        editables.follow_part2()

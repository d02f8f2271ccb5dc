from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"

    def ready(self):
        from . import company_editables  # noqa: F401  registers what teams edit
        from .framework import FRAMEWORK_CHANGED_HOOKS

        FRAMEWORK_CHANGED_HOOKS.append(_framework_changed)


def _framework_changed(workshop_id: int) -> None:
    """Dimensions changed: the progress board and the room profile count them."""
    from functools import partial

    from workshop.live import push_on_commit

    from . import part2_broadcasts

    push_on_commit(partial(part2_broadcasts.progress, workshop_id))
    push_on_commit(partial(part2_broadcasts.room_profile, workshop_id))

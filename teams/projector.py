"""The projector during Part 2a: each company's progress and the room's profile."""

from . import part2_selectors


def baseline_stage(workshop) -> dict:
    from .stats import room_profile_context

    return {**part2_selectors.progress(workshop), **room_profile_context(workshop)}

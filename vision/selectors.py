"""Reads for company visions: the editor, the gallery and the projector."""


def gallery_stage(workshop) -> dict:
    return {}

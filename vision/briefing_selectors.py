"""Reads for the Vision 2030 briefing: the projector's stage and the teams' cards."""


def briefing_stage(workshop) -> dict:
    return {}


def finding_cards(workshop) -> dict:
    """Revealed findings, as reference cards in the team workspace."""
    return {"workshop": workshop, "findings": []}

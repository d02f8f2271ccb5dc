"""Company visions: the team's editor and the facilitator's gallery."""

from .causal_map import LABEL_MAX, NOTE_MAX, CausalLink, Factor, FactorMerge, PathStep, Topic
from .hosting import HostingRequest
from .room import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_AGENDA,
    Activity,
    Phase,
    Workshop,
    new_join_code,
    normalise_code,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_AGENDA",
    "Activity",
    "LABEL_MAX",
    "NOTE_MAX",
    "CausalLink",
    "Factor",
    "FactorMerge",
    "HostingRequest",
    "PathStep",
    "Phase",
    "Topic",
    "Workshop",
    "new_join_code",
    "normalise_code",
]

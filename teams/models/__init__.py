from .companies import Assessment, Baseline, Company
from .maturity import Dimension, Framework, ReferenceSet, ReferenceValue, Service
from .people import Participant, Team, new_rejoin_token

__all__ = [
    "Assessment",
    "Baseline",
    "Company",
    "Dimension",
    "Framework",
    "Participant",
    "ReferenceSet",
    "ReferenceValue",
    "Service",
    "Team",
    "new_rejoin_token",
]

from .companies import Assessment, Baseline, Company
from .maturity import Dimension, Framework, ReferenceSet, ReferenceValue, Service
from .people import Participant, Team, new_rejoin_token
from .topics import DiscussionTopic, TopicVote

__all__ = [
    "Assessment",
    "Baseline",
    "Company",
    "Dimension",
    "DiscussionTopic",
    "Framework",
    "Participant",
    "ReferenceSet",
    "ReferenceValue",
    "Service",
    "Team",
    "TopicVote",
    "new_rejoin_token",
]

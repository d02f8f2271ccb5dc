from .career import CareerMilestone, CareerPlan, CompetenceRating, EducationStep
from .companies import Assessment, Baseline, Company
from .maturity import Dimension, Framework, ReferenceSet, ReferenceValue, Service
from .people import Participant, Team, new_rejoin_token
from .topics import DiscussionTopic, TopicVote

__all__ = [
    "Assessment",
    "Baseline",
    "CareerMilestone",
    "CareerPlan",
    "Company",
    "CompetenceRating",
    "Dimension",
    "DiscussionTopic",
    "EducationStep",
    "Framework",
    "Participant",
    "ReferenceSet",
    "ReferenceValue",
    "Service",
    "Team",
    "TopicVote",
    "new_rejoin_token",
]

"""Built-in content of career planning: a PMO career ladder, a list of PMO
competences and a five-step proficiency scale.

Written for this project in our own words and shown as *illustrative*: it is a
starting point for a personal plan, not a standard, a survey or a salary grade.
Keys are stored in the database; titles and descriptions are translated.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rung:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class Competence:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Proficiency:
    level: int
    name: str
    description: str


LADDER: tuple[Rung, ...] = (
    Rung(
        "pmo_analyst",
        _("PMO analyst or coordinator"),
        _(
            "Keeps plans, logs and reports accurate and on time for the projects and "
            "programmes they support."
        ),
    ),
    Rung(
        "pmo_specialist",
        _("PMO specialist or lead"),
        _(
            "Owns one PMO service end to end — such as planning, reporting or resource "
            "management — and coaches others in it."
        ),
    ),
    Rung(
        "pmo_manager",
        _("PMO manager"),
        _(
            "Runs a PMO team and its services for a programme, portfolio or business unit, "
            "and answers for their quality and value."
        ),
    ),
    Rung(
        "head_of_pmo",
        _("Head of PMO"),
        _(
            "Sets the PMO’s direction, services and people development across the "
            "organisation, and advises leaders on portfolio decisions."
        ),
    ),
    Rung(
        "pmo_director",
        _("PMO director"),
        _(
            "Answers to the executive team for how the whole portfolio is chosen, governed "
            "and delivered, and for the benefits it brings."
        ),
    ),
    Rung(
        "executive",
        _("Portfolio or transformation executive"),
        _(
            "Leads strategy execution or transformation at executive level: decides which "
            "investments the organisation makes and how change lands."
        ),
    ),
)

COMPETENCES: tuple[Competence, ...] = (
    Competence(
        "portfolio_prioritisation",
        _("Portfolio prioritisation"),
        _(
            "Compares proposals and running work on value, risk and capacity, and helps "
            "leaders choose fewer, better investments."
        ),
    ),
    Competence(
        "benefits_realisation",
        _("Benefits realisation"),
        _(
            "Defines the benefits of a change up front, gives each an owner and follows "
            "them until they arrive — also after the project has closed."
        ),
    ),
    Competence(
        "governance_assurance",
        _("Governance and assurance"),
        _(
            "Designs decision rights, stage gates and reviews that fit the size of the work, "
            "and checks that they are used."
        ),
    ),
    Competence(
        "planning_control",
        _("Planning and control"),
        _(
            "Builds integrated plans, follows progress, dependencies and forecasts, and "
            "raises problems while they are still small."
        ),
    ),
    Competence(
        "data_reporting",
        _("Data and reporting"),
        _(
            "Turns project and portfolio data into clear, trusted information that leaders "
            "actually use to decide."
        ),
    ),
    Competence(
        "stakeholder_leadership",
        _("Stakeholder leadership"),
        _(
            "Earns the trust of sponsors and executives, influences without formal "
            "authority and handles conflict constructively."
        ),
    ),
    Competence(
        "change_adoption",
        _("Change and adoption"),
        _(
            "Helps people and teams take up new ways of working, so that what projects "
            "deliver becomes lasting change."
        ),
    ),
    Competence(
        "commercial_financial",
        _("Commercial and financial acumen"),
        _(
            "Reads business cases, budgets and contracts, weighs the cost of delay, and "
            "speaks the language of finance."
        ),
    ),
)

PROFICIENCY: tuple[Proficiency, ...] = (
    Proficiency(1, _("Aware"), _("Knows the ideas and the words.")),
    Proficiency(2, _("Practising"), _("Does it with guidance.")),
    Proficiency(3, _("Skilled"), _("Does it well on their own.")),
    Proficiency(4, _("Advanced"), _("Leads it and teaches others.")),
    Proficiency(5, _("Expert"), _("Shapes how the organisation does it.")),
)
LEVELS = tuple(p.level for p in PROFICIENCY)

RUNGS = {rung.key: rung for rung in LADDER}
RUNG_NUMBER = {rung.key: number for number, rung in enumerate(LADDER, start=1)}
COMPETENCE_BY_KEY = {competence.key: competence for competence in COMPETENCES}

ROLE_CHOICES = [(rung.key, rung.title) for rung in LADDER]
COMPETENCE_CHOICES = [(competence.key, competence.name) for competence in COMPETENCES]
LEVEL_CHOICES = [(p.level, p.name) for p in PROFICIENCY]

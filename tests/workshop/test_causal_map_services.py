import pytest
from django.core.exceptions import ValidationError

from tests.map_factories import FactorFactory, LinkFactory, TopicFactory
from workshop import map_selectors, map_services
from workshop.editing import Author
from workshop.models import CausalLink, Factor, PathStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(workshop, team_a):
    topic = TopicFactory(workshop=workshop, title="Inhibitors of a PMO career")
    team_a.topics.add(topic)
    return topic


def links_of(workshop):
    return sorted(
        (link.cause.label, link.effect.label, link.polarity, link.absorbed_by_id is not None)
        for link in CausalLink.objects.filter(workshop=workshop).select_related("cause", "effect")
    )


# --- bad input saves nothing ----------------------------------------------------------


def test_link_from_a_factor_to_itself_is_refused(workshop, team_a, topic):
    factor = FactorFactory(workshop=workshop, author_team=team_a, topic=topic)
    with pytest.raises(ValidationError) as error:
        map_services.add_link(
            workshop, cause=factor, effect=factor, polarity=1, strength=2, team=team_a
        )
    assert "cannot cause itself" in str(error.value.message_dict["effect"])
    assert not CausalLink.objects.exists()


def test_duplicate_link_is_refused_naming_who_proposed_it(workshop, team_a, team_b, topic):
    a = FactorFactory(workshop=workshop, author_team=None)
    b = FactorFactory(workshop=workshop, author_team=None)
    map_services.add_link(workshop, cause=a, effect=b, polarity=1, strength=2, team=team_b)
    with pytest.raises(ValidationError) as error:
        map_services.add_link(workshop, cause=a, effect=b, polarity=-1, strength=1, team=team_a)
    assert "Team B has already proposed this link" in str(error.value.message_dict["effect"])
    assert CausalLink.objects.count() == 1


@pytest.mark.parametrize("label", ["", "   ", "x" * 2000])
def test_empty_or_overlong_label_is_refused(workshop, team_a, topic, label):
    with pytest.raises(ValidationError) as error:
        map_services.add_factor(workshop, label=label, kind="enabler", topic=topic, team=team_a)
    assert "label" in error.value.message_dict
    assert not Factor.objects.exists()


def test_factor_outside_the_teams_topics_is_refused(workshop, team_a, topic):
    other_topic = TopicFactory(workshop=workshop, title="Enablers of a PMO profession")
    with pytest.raises(ValidationError) as error:
        map_services.add_factor(
            workshop, label="Career ladder", kind="enabler", topic=other_topic, team=team_a
        )
    assert "your team's topics" in str(error.value.message_dict["topic"])
    assert not Factor.objects.exists()


def test_another_teams_draft_factor_cannot_be_linked_by_forged_id(workshop, team_a, team_b, topic):
    mine = FactorFactory(workshop=workshop, author_team=team_a, topic=topic)
    their_draft = FactorFactory(workshop=workshop, author_team=team_b)
    with pytest.raises(ValidationError) as error:
        map_services.add_link(
            workshop, cause=mine, effect=their_draft, polarity=1, strength=2, team=team_a
        )
    assert "effect" in error.value.message_dict
    assert not CausalLink.objects.exists()


def test_factor_of_another_workshop_cannot_be_linked(workshop, team_a, topic):
    mine = FactorFactory(workshop=workshop, author_team=team_a, topic=topic)
    foreign = FactorFactory()  # its own workshop
    with pytest.raises(ValidationError):
        map_services.add_link(
            workshop, cause=foreign, effect=mine, polarity=1, strength=2, team=team_a
        )
    assert not CausalLink.objects.exists()


def test_same_label_twice_is_refused_case_insensitively(workshop, team_a, topic):
    map_services.add_factor(
        workshop, label="Career ladder", kind="enabler", topic=topic, team=team_a
    )
    with pytest.raises(ValidationError) as error:
        map_services.add_factor(
            workshop, label="career  LADDER", kind="enabler", topic=topic, team=team_a
        )
    assert "reuse it" in str(error.value.message_dict["label"])
    assert Factor.objects.count() == 1


def test_accepted_factors_of_other_teams_become_visible_and_searchable(
    workshop, team_a, team_b, topic
):
    theirs = FactorFactory(workshop=workshop, author_team=team_b, label="Certification scheme")
    other = FactorFactory(workshop=workshop, author_team=team_b)
    assert map_selectors.search_factors(team_a, "certif") == []
    link = LinkFactory(
        workshop=workshop, cause=theirs, effect=other, status="proposed", author_team=team_b
    )
    map_services.review_link(link, accept=True, comment="Good", user=workshop.facilitators.first())
    assert map_selectors.search_factors(team_a, "certif") == [theirs]


# --- merge and undo ------------------------------------------------------------------------


def test_merge_repoints_every_link_and_undo_restores_factors_and_links(workshop, facilitator):
    kept = FactorFactory(workshop=workshop, label="Career ladder")
    dup = FactorFactory(workshop=workshop, label="PMO career path")
    a = FactorFactory(workshop=workshop, label="Sponsorship")
    b = FactorFactory(workshop=workshop, label="Recognition")
    LinkFactory(workshop=workshop, cause=a, effect=dup, polarity=1)
    LinkFactory(workshop=workshop, cause=dup, effect=b, polarity=-1)
    LinkFactory(workshop=workshop, cause=kept, effect=b, polarity=1)  # dup → b becomes a duplicate
    LinkFactory(workshop=workshop, cause=dup, effect=kept, polarity=1)  # would become a self-loop
    before = links_of(workshop)

    merge = map_services.merge_factors(kept, dup, user=facilitator)

    dup.refresh_from_db()
    assert dup.merged_into == kept
    drawn = sorted((c, e, p) for c, e, p, absorbed in links_of(workshop) if not absorbed)
    assert drawn == [
        ("Career ladder", "Recognition", 1),
        ("Sponsorship", "Career ladder", 1),
    ]
    assert CausalLink.objects.count() == 4  # nothing deleted: two links are kept aside
    assert merge.absorbed_links.count() == 2
    assert all(link.cause_id != link.effect_id for link in CausalLink.objects.all())

    map_services.undo_merge(merge, user=facilitator)

    dup.refresh_from_db()
    assert dup.merged_into is None
    assert links_of(workshop) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_merge_moves_the_outcome_and_undo_refuses_when_label_is_taken_again(workshop, facilitator):
    kept = FactorFactory(workshop=workshop, label="Recognised profession", kind="outcome")
    dup = FactorFactory(workshop=workshop, label="PMO is a profession", kind="outcome")
    map_services.set_outcome(workshop, dup)
    merge = map_services.merge_factors(kept, dup, user=facilitator)
    workshop.refresh_from_db()
    assert workshop.outcome == kept

    FactorFactory(workshop=workshop, label="pmo is a PROFESSION")
    with pytest.raises(ValidationError):
        map_services.undo_merge(merge, user=facilitator)
    dup.refresh_from_db()
    assert dup.merged_into == kept  # nothing half-undone


def test_merging_a_factor_into_itself_is_refused(workshop, facilitator):
    factor = FactorFactory(workshop=workshop)
    with pytest.raises(ValidationError):
        map_services.merge_factors(factor, factor, user=facilitator)


# --- review, path ------------------------------------------------------------------------------


def test_accepting_a_link_bumps_the_map_version(workshop, team_a, facilitator):
    link = LinkFactory(workshop=workshop, status="proposed", author_team=team_a)
    version = workshop.map_version
    map_services.review_link(link, accept=True, comment="Yes", user=facilitator)
    workshop.refresh_from_db()
    link.refresh_from_db()
    assert link.status == "accepted" and link.review_comment == "Yes"
    assert workshop.map_version == version + 1


def test_path_is_proposed_from_accepted_links_and_keeps_role_texts(workshop, facilitator):
    outcome = FactorFactory(
        workshop=workshop, label="PMO management is a recognised profession", kind="outcome"
    )
    ladder = FactorFactory(workshop=workshop, label="Career ladder", kind="building_block")
    cert = FactorFactory(workshop=workshop, label="Certification", kind="building_block")
    rejected = FactorFactory(workshop=workshop, label="Body of knowledge", kind="building_block")
    LinkFactory(workshop=workshop, cause=ladder, effect=cert)
    LinkFactory(workshop=workshop, cause=cert, effect=outcome)
    LinkFactory(workshop=workshop, cause=rejected, effect=outcome, status="rejected")
    map_services.set_outcome(workshop, outcome)

    steps = map_services.propose_path(workshop)
    assert [s.factor.label for s in steps] == ["Career ladder", "Certification"]

    step = PathStep.objects.get(factor=cert)
    map_services.edit_path_role(
        step, "Mentor one junior colleague", step.version, Author(user=facilitator)
    )
    map_services.propose_path(workshop)
    assert PathStep.objects.get(factor=cert).role_text == "Mentor one junior colleague"


def test_path_cannot_be_proposed_without_an_outcome(workshop):
    with pytest.raises(ValidationError):
        map_services.propose_path(workshop)


def test_loop_options_follow_the_map_version(workshop, team_a, facilitator):
    a = FactorFactory(workshop=workshop, label="Visibility")
    b = FactorFactory(workshop=workshop, label="Sponsorship")
    LinkFactory(workshop=workshop, cause=a, effect=b)
    workshop.refresh_from_db()
    assert map_selectors.loop_options(workshop) == []

    closing = LinkFactory(
        workshop=workshop, cause=b, effect=a, polarity=-1, status="proposed", author_team=team_a
    )
    map_services.review_link(closing, accept=True, comment="", user=facilitator)
    workshop.refresh_from_db()
    (option,) = map_selectors.loop_options(workshop)
    assert option["loop"]["kind"] == "balancing"
    assert [f["label"] for f in option["factors"]] == ["Visibility", "Sponsorship"]

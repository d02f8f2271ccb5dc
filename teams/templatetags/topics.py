"""First-load drawing of the discussion-topic partials on pages whose views belong to
other parts (workspace, projector, console); pushes and snapshots use the same partials."""

from django import template

from .. import topics

register = template.Library()


@register.inclusion_tag("teams/topics.html#discussion-topics", takes_context=True)
def discussion_topics(context):
    return topics.attendee_topics(context["workshop"], context.get("participant"), context["team"])


@register.inclusion_tag("teams/topics.html#projector-topics", takes_context=True)
def projector_topics(context):
    return topics.projector_topics(context["workshop"])


@register.inclusion_tag("teams/topics.html#console-topics", takes_context=True)
def console_topics(context):
    return topics.console_topics(context["workshop"])

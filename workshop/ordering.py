"""Moving one item of an ordered list (agenda phases, path steps) up or down."""

from django.db import models


def renumber(items: list[models.Model]) -> None:
    """Store each item's index as its `position`, writing only what changed."""
    for position, item in enumerate(items):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def move(items: list[models.Model], item: models.Model, offset: int) -> None:
    """Move `item` by `offset` places within `items` (already locked, in order)."""
    index = [other.pk for other in items].index(item.pk)
    target = index + offset
    if 0 <= target < len(items):
        items.insert(target, items.pop(index))
        renumber(items)

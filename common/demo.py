"""Helpers for the idempotent demo loaders (``manage.py load_demo``)."""


def upsert(model, lookup, values, create_values=None):
    """Like ``update_or_create``, but saves only when a value differs.

    A second ``load_demo`` then writes nothing, so it adds no change-history rows either.
    ``create_values`` apply only when the row is new (dates relative to the first load).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_values or {}))
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj

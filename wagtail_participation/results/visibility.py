"""The one rule deciding who sees results, applied wherever results appear."""

from ..participation.models import ResultsVisibility


def is_editor(user, target):
    """Does ``user`` see the results of ``target`` (a participation, or its model) in the
    admin, whatever the rule residents see them by?"""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(target.results_permission()))
    )


def results_visible(target, *, user=None, has_participated=False, now=None):
    """May this person see the results of ``target`` now?

    Editors always may (they see results in the admin); residents as the editor chose.
    """
    if is_editor(user, target):
        return True
    rule = target.results_visibility
    if rule == ResultsVisibility.ALWAYS:
        return True
    if rule == ResultsVisibility.AFTER_PARTICIPATION:
        return has_participated or target.results_final(now)
    if rule == ResultsVisibility.AFTER_CLOSING:
        return target.results_final(now)
    return False

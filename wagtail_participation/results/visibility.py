"""The one rule deciding who sees results, applied wherever results appear."""

from ..participation.models import ResultsVisibility


def is_editor(user, target):
    """Does ``user`` see the results of ``target`` (a participation, or its model: "some of
    them") in the admin, whatever the rule residents see them by?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if isinstance(target, type):
        return target.results_editors_include(user)
    return target.results_editor(user)


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

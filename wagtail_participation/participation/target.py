"""What the core reads from anything residents take part in: a vote, a survey, a budget…

The pipeline, the participation status, the results visibility rule and the admin package
know a participation only through :class:`ParticipationTarget`. A new participation type
implements it (most of it comes with
:class:`~wagtail_participation.participation.models.ParticipationSettings`, the fields an editor
sets) and stores its submissions in a model derived from
:class:`~wagtail_participation.participation.models.AbstractSubmission`.
"""

from django.utils import timezone

from .identity import get_identity_method


class ParticipationState:
    """Where a participation stands in time."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


class ParticipationTarget:
    """Everything the core reads from a participation.

    Attributes a target provides (``ParticipationSettings`` gives them as model fields; a
    target may compute them instead, from the page it belongs to, say):

    - ``opens_at``, ``closes_at``: aware datetimes; residents take part in between;
    - ``identity``: the name of an identity method (see :mod:`.identity`);
    - ``results_visibility``: a :class:`~.models.ResultsVisibility` value;
    - ``submissions``: the manager of its submissions, the reverse accessor of the concrete
      submission model's ``target`` foreign key (``related_name="submissions"``).
    """

    # The dotted path of its :class:`~wagtail_participation.reports.builder.ReportBuilder`:
    # what the participation contributes to its PDF report and paper form. None: no reports.
    report_builder = None

    # --- when --------------------------------------------------------------------------

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return ParticipationState.NOT_OPEN
        if now >= self.closes_at:
            return ParticipationState.CLOSED
        return ParticipationState.OPEN

    def is_open(self, now=None):
        return self.state(now) == ParticipationState.OPEN

    def has_closed(self, now=None):
        return self.state(now) == ParticipationState.CLOSED

    def results_final(self, now=None):
        """Is the participation whose figures are the results over? By default, this
        one. A target that is one step of a longer participation says when the whole is over
        (the proposals of a consultation close before their supports do)."""
        return self.has_closed(now)

    # --- who -----------------------------------------------------------------------------

    def identity_method(self):
        return get_identity_method(self.identity)

    def eligibility_refusal(self, participant, request):
        """A :class:`~.errors.NotAllowed` if this identified participant may not take part,
        else None. Everyone identified may, by default."""
        return None

    # --- results -------------------------------------------------------------------------

    @classmethod
    def results_permission(cls):
        """The permission of editors who see results in the admin, whatever the visibility
        rule: by default, the permission to change the participation."""
        meta = cls._meta
        return f"{meta.app_label}.change_{meta.model_name}"

    def results_editor(self, user):
        """Does this active, non-superuser ``user`` see this participation's results in the
        admin? By default, with :meth:`results_permission`; a page that is a participation
        answers with the page permissions of Wagtail's tree instead."""
        return user.has_perm(self.results_permission())

    @classmethod
    def results_editors_include(cls, user):
        """Does ``user`` see the results of some participations of this type (may they open
        the listing of their submissions)?"""
        return user.has_perm(cls.results_permission())

    @classmethod
    def results_targets(cls, user):
        """The participations of this type whose results and submissions ``user`` (an editor
        by :meth:`results_editors_include`) sees in the admin: all of them by default."""
        return cls._default_manager.all()

    # --- submissions ---------------------------------------------------------------------

    def html_id(self):
        """A prefix for the ids of this participation's elements, unique within a page that
        shows several participations."""
        return f"{self._meta.model_name}-{self.pk}"

    # Bytes of files a submission may carry (an image with a proposal), on top of
    # MAX_SUBMISSION_BYTES. A target that accepts files sets it and receives them:
    # ``validate_submission(data, files=request.FILES)``.
    max_upload_bytes = 0

    def existing_submission(self, participant):
        """This participant's online submission, or None; always None where a participant
        may submit several times (``AbstractRepeatableSubmission``)."""
        if not self.submissions.model.one_per_participant:
            return None
        return self.submissions.filter(participant_key=participant.key).first()

    def receipt_taken(self, receipt):
        return self.submissions.model.objects.filter(receipt=receipt).exists()

    def validate_submission(self, data):
        """The cleaned submission from ``data`` (the POST), or
        :class:`~.errors.InvalidSubmission` with the errors to show the resident."""
        raise NotImplementedError

    def store_submission(self, submission, cleaned_data):
        """Save ``submission`` (an unsaved instance of the submission model, its generic
        fields filled in by the pipeline) and whatever ``cleaned_data`` adds to it.

        Called inside a transaction; the (target, participant key) unique constraint of the
        submission model refuses a second online submission of the same participant."""
        raise NotImplementedError

    def withdraw_submission(self, submission):
        """Delete ``submission``, which its participant withdraws (``pipeline.withdraw``),
        inside a transaction, or raise a refusal. Only targets that allow it define it."""
        raise NotImplementedError


class ParticipationStep(ParticipationTarget):
    """A target that is one step of a larger participation — a proposal's supports, the
    ballots of a budget's envelope: it is open in a window of the larger participation's
    phases, and who takes part and who sees the results are the larger participation's.

    A subclass names the larger participation (:meth:`parent_participation`, and its model,
    :meth:`parent_participation_model`) and the window (:meth:`step_window`)."""

    def parent_participation(self):
        raise NotImplementedError

    @classmethod
    def parent_participation_model(cls):
        raise NotImplementedError

    def step_window(self):
        """(opens_at, closes_at) of this step, from the larger participation's phases."""
        raise NotImplementedError

    @property
    def opens_at(self):
        return self.step_window()[0]

    @property
    def closes_at(self):
        return self.step_window()[1]

    @property
    def identity(self):
        return self.parent_participation().identity

    @property
    def results_visibility(self):
        return self.parent_participation().results_visibility

    def results_final(self, now=None):
        return self.parent_participation().results_final(now)

    @classmethod
    def results_permission(cls):
        return cls.parent_participation_model().results_permission()

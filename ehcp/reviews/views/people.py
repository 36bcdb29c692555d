"""Pages for the school or college holding a review (its SENCo) and for the family."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from send_portal import permissions
from send_portal.models import Role

from .. import forms, selectors, services
from ..models import Review
from .base import StepView


@login_required
def setting_reviews(request):
    """A SENCo's reviews: those their school or college holds, with what is due next."""
    if Role.SENCO not in request.user.role_set():
        raise Http404
    reviews = list(selectors.reviews_for_setting(request.user))
    for review in reviews:
        review.next_label = (
            deadlines.RULES[review.next_due_key].label if review.next_due_key else ""
        )
    return render(request, "ehcp/reviews/setting_list.html", {"reviews": reviews})


@login_required
def family_reviews(request):
    """The family's reviews of their plans: what stage each is at and what happens next."""
    if not request.user.role_set() & {Role.PARENT, Role.YOUNG_PERSON}:
        raise Http404
    reviews = list(selectors.reviews_for_family(request.user))
    for review in reviews:
        review.what_next, review.next_due = _what_next(review)
    return render(request, "ehcp/reviews/family_list.html", {"reviews": reviews})


def _family_review(request, pk) -> Review:
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    if not permissions.can(request.user, "reviews.give_views", review):
        raise Http404
    return review


def _what_next(review: Review) -> tuple[str, deadlines.Deadline | None]:
    """What happens next on the review, in plain words, and by when."""
    stage = review.stage
    due = services.next_due(review)
    text = {
        Review.Stage.DUE: "The school or college will invite you to the review meeting, at least "
        f"{rule_period_words('review_meeting_notice_by')} before it. The review must be "
        "finished by the date "
        "below.",
        Review.Stage.ARRANGED: "Everyone invited gets the advice and information at least "
        f"{rule_period_words('review_advice_circulated_by')} before the meeting. Send us your "
        "views before the "
        "meeting.",
        Review.Stage.HELD: "The school or college sends the report of the meeting within "
        f"{rule_period_words('review_report_due')}.",
        Review.Stage.REPORTED: "The council decides whether to keep, change or stop the plan "
        "and tells you, with any proposed changes.",
        Review.Stage.AMENDING: "You can comment on the proposed changes for "
        f"{rule_period_words('amendment_representations_close')}. The council "
        "then issues the amended plan.",
        Review.Stage.COMPLETED: "The review is finished.",
        Review.Stage.CEASING: "The council proposes to stop the plan and is asking for your views "
        "first. The plan stays in force meanwhile.",
    }[stage]
    return text, due


@login_required
def family_review(request, pk):
    review = _family_review(request, pk)
    text, due = _what_next(review)
    window = None
    if review.proposed_plan_id and review.proposed_plan.served_on:
        window = deadlines.amendment_representations_close(
            notice_served=review.proposed_plan.served_on
        )
    return render(
        request,
        "ehcp/reviews/family_review.html",
        {
            "review": review,
            "case": review.case,
            "what_next": text,
            "next_due": due,
            "window": window,
            "can_give_views": review.stage
            in (Review.Stage.DUE, Review.Stage.ARRANGED, Review.Stage.HELD),
            "views_given": list(review.views_given.filter(given_by=request.user)),
            "timetable": services.review_timetable(review),
            "compare": _compare_pair(review),
        },
    )


def _compare_pair(review: Review) -> tuple[int, int] | None:
    """The plan reviewed and the plan that came out of the review (the proposed amendments once
    sent, then the amended plan), as versions the family can compare."""
    after = review.amended_plan or (
        review.proposed_plan if review.proposed_plan_id and review.proposed_plan.served_on else None
    )
    if review.plan_id is None or after is None:
        return None
    return review.plan.version, after.version


class FamilyViewsView(StepView):
    form_class = forms.ViewsForm
    permission = "reviews.give_views"
    title = "Your views for the review"
    intro = (
        "Tell us, in your own words (and your child's), what is going well, what should change "
        "and your hopes for the next year. Everyone at the review meeting will see them."
    )
    submit_label = "Send your views"
    success_message = "Your views have been sent to the council and the school or college."

    def queryset(self, request):
        return selectors.reviews_visible_to(request.user)

    def back_url(self, obj):
        return reverse("family-review", args=[obj.pk])

    def perform(self, form, review):
        data = form.cleaned_data
        return services.give_views(
            actor=self.request.user,
            review_id=review.pk,
            going_well=data["going_well"],
            should_change=data["should_change"],
            hopes=data["hopes"],
        )

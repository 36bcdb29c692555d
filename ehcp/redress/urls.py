from django.urls import path

from .views import appeals, complaints, family, mediation

M = "cases/<str:reference>/mediation/<int:pk>"
A = "cases/<str:reference>/appeals/<int:pk>"

urlpatterns = [
    # Council staff: a case's mediation and appeals
    path("cases/<str:reference>/mediation/", mediation.case_overview, name="redress-case"),
    path(
        "cases/<str:reference>/mediation/new/",
        mediation.OpenMediationView.as_view(),
        name="redress-mediation-new",
    ),
    # A mediation case: council staff and its mediator
    path(f"{M}/", mediation.mediation_detail, name="redress-mediation"),
    path(f"{M}/choice/", mediation.MediationChoiceView.as_view(), name="redress-mediation-choice"),
    path(f"{M}/assign/", mediation.AssignMediatorView.as_view(), name="redress-mediation-assign"),
    path(f"{M}/arrange/", mediation.ArrangeView.as_view(), name="redress-mediation-arrange"),
    path(f"{M}/icb/", mediation.IcbView.as_view(), name="redress-mediation-icb"),
    path(
        f"{M}/cannot-arrange/",
        mediation.CannotArrangeView.as_view(),
        name="redress-mediation-not-arranged",
    ),
    path(f"{M}/sessions/new/", mediation.SessionView.as_view(), name="redress-mediation-session"),
    path(
        f"{M}/participants/new/",
        mediation.ParticipantView.as_view(),
        name="redress-mediation-participant",
    ),
    path(f"{M}/conclude/", mediation.ConcludeView.as_view(), name="redress-mediation-conclude"),
    path(
        f"{M}/actions/new/",
        mediation.AgreementActionView.as_view(),
        name="redress-mediation-action",
    ),
    path(
        f"{M}/certificate/",
        mediation.CertificateView.as_view(),
        name="redress-mediation-certificate",
    ),
    path("mediation/", mediation.mediation_list, name="redress-mediation-list"),
    # Appeals
    path(
        "cases/<str:reference>/appeals/new/",
        appeals.RegisterAppealView.as_view(),
        name="redress-appeal-new",
    ),
    path(f"{A}/", appeals.appeal_detail, name="redress-appeal"),
    path(f"{A}/hearing/", appeals.HearingView.as_view(), name="redress-appeal-hearing"),
    path(f"{A}/unopposed/", appeals.UnopposedView.as_view(), name="redress-appeal-unopposed"),
    path(f"{A}/decision/", appeals.AppealDecisionView.as_view(), name="redress-appeal-decision"),
    path(f"{A}/orders/new/", appeals.OrderView.as_view(), name="redress-appeal-order"),
    path(
        "cases/<str:reference>/steps/<int:pk>/done/",
        appeals.StepDoneView.as_view(),
        name="redress-step-done",
    ),
    path("appeals/", appeals.appeals_list, name="redress-appeals"),
    # Complaints
    path("complaints/", complaints.complaints_list, name="redress-complaints"),
    path("complaints/new/", complaints.ComplaintNewView.as_view(), name="redress-complaint-new"),
    path(
        "complaints/how-to-complain/",
        complaints.how_to_complain,
        name="redress-how-to-complain",
    ),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="redress-complaint"),
    path(
        "complaints/<int:pk>/respond/",
        complaints.ComplaintResponseView.as_view(),
        name="redress-complaint-respond",
    ),
    path(
        "complaints/<int:pk>/escalate/",
        complaints.EscalateView.as_view(),
        name="redress-complaint-escalate",
    ),
    path(
        "complaints/<int:pk>/close/",
        complaints.CloseComplaintView.as_view(),
        name="redress-complaint-close",
    ),
    # Families
    path("mediation-and-appeals/", family.family_home, name="redress-family-home"),
    path("my-cases/<str:reference>/disagree/", family.family_routes, name="redress-family"),
    path(
        "my-cases/<str:reference>/disagree/mediation-adviser/",
        family.FamilyContactedView.as_view(),
        name="redress-family-contacted",
    ),
    path(
        "my-cases/<str:reference>/disagree/mediation/<int:pk>/",
        family.FamilyChoiceView.as_view(),
        name="redress-family-choice",
    ),
]

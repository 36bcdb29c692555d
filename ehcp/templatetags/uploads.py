"""``{% evidence_list case %}``: the documents added to a case, on the case pages.

- the caseworker's case page: ``{% evidence_list case %}``: every document, and a link to add one;
- the family's case page: ``{% evidence_list case for_family=True %}``: the family's and the
  council's documents, and a link to send one;
- the adviser's advice page: ``{% evidence_list case advice=advice %}``: the reports attached to
  this request (and a link to attach one), then the family's evidence (SEND Regulations 2014 reg 7).

What is listed comes from ``uploads_visible_to``, the same selector the download view uses.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from ehcp.uploads.selectors import REG_7, uploads_visible_to

register = template.Library()


@register.simple_tag(takes_context=True)
def evidence_list(context, case, for_family=False, advice=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    uploads = list(uploads_visible_to(user, case))

    def render(extra, request):
        return render_to_string("uploads/list.html", extra, request=request)

    if advice is not None:
        own = [u for u in uploads if u.advice_request_id == advice.pk]
        family = [u for u in uploads if u.source == "family"]
        return mark_safe(  # noqa: S308 - rendered by an autoescaping template
            render(
                {
                    "case": case,
                    "uploads": own,
                    "anchor": "attachments",
                    "heading": "Your report",
                    "empty": "You have not attached a report. You can attach one, or write your "
                    "advice in the box below, or both.",
                    "upload_url": reverse("advice-evidence-upload", args=[advice.pk]),
                    "upload_label": "Attach a report",
                },
                request,
            )
            + render(
                {
                    "case": case,
                    "uploads": family,
                    "anchor": "family-evidence",
                    "heading": "Evidence from the family",
                    "intro": "What the parent or young person has sent the council, which it "
                    f"shares with everyone it asks for advice ({REG_7}).",
                    "empty": "The family has not sent any documents.",
                },
                request,
            )
        )
    if for_family:
        page = {
            "heading": "Documents",
            "intro": "Documents you sent to the council and documents the council added. "
            "Letters about decisions are listed above.",
            "empty": "No documents yet.",
            "upload_url": reverse("family-evidence-upload", args=[case.reference]),
            "upload_label": "Send a document to the council",
        }
    else:
        page = {
            "heading": "Evidence and documents",
            "empty": "No documents have been added.",
            "upload_url": reverse("case-evidence-upload", args=[case.reference]),
            "upload_label": "Add a document",
        }
    return mark_safe(  # noqa: S308 - rendered by an autoescaping template
        render({"case": case, "uploads": uploads, "anchor": "evidence", **page}, request)
    )

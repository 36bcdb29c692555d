"""The family's rights under the Children and Families Act 2014, in full and in easy read
(public pages; the rights are data in :mod:`ehcp.rights`)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..rights import RIGHTS


@require_GET
def rights(request):
    return render(request, "pages/rights.html", {"rights": RIGHTS})


@require_GET
def rights_easy_read(request):
    return render(request, "pages/rights_easy_read.html", {"rights": RIGHTS})

"""The form for adding a document to a case. The file is checked here with the service's own checks
(type by content, size, name) so that every problem on the page is listed at once;
``ehcp.uploads.services.upload_evidence`` checks it again before storing it."""

from __future__ import annotations

from django import forms

from ehcp.models import EvidenceUpload

from .errors import UploadRefused
from .services import DESCRIPTION_MAX
from .validation import check_upload, max_bytes, size_label, too_large_message


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=EvidenceUpload.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of document this is"},
    )
    description = forms.CharField(
        label="Describe the document",
        help_text="For example, who wrote it, when, and what it is about. Use "
        f"{DESCRIPTION_MAX} characters or fewer.",
        widget=forms.Textarea,
        max_length=DESCRIPTION_MAX,
        error_messages={
            "required": "Enter a short description of the document",
            "max_length": f"The description must be {DESCRIPTION_MAX} characters or fewer",
        },
    )
    # Checked by ``clean_file`` with the service's own checks, so every refusal has one wording.
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file to upload",
            "missing": "Select a file to upload",
        },
    )

    def __init__(self, *args, fixed_kind: str | None = None, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_kind = fixed_kind
        #: The upload handler stopped the file as it streamed in (over the size limit).
        self.too_large = too_large
        if fixed_kind:
            del self.fields["kind"]
        self.fields["file"].help_text = (
            f"A PDF, JPG, PNG, Word document (DOCX) or OpenDocument text (ODT), smaller than "
            f"{size_label(max_bytes())}"
        )

    def clean_file(self):
        """A file that was chosen is checked here too, so that every problem with the page is
        listed at once (the service checks it again before storing it)."""
        if self.too_large:
            raise forms.ValidationError(too_large_message())
        file = self.cleaned_data.get("file")
        try:
            check_upload(file)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return file

    @property
    def chosen_kind(self) -> str:
        return self.fixed_kind or self.cleaned_data["kind"]

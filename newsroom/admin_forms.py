"""Forms every admin screen of ours may share."""

from django import forms


class LabelledRowForm(forms.ModelForm):
    """A row of a list with editable columns (list_editable): each input is named after its row,
    "정치 순서", where Django leaves it without a name a screen reader could say."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{self.instance} {field.label}"


def name_date_and_time(field, subject: str) -> None:
    """The admin splits a date-time into a date and a time input under one label that points at
    neither; each gets a name of its own: "게재 날짜", "게재 시각"."""
    parts = getattr(field.widget, "widgets", [])
    for widget, part in zip(parts, ["날짜", "시각"], strict=False):
        widget.attrs["aria-label"] = f"{subject} {part}"

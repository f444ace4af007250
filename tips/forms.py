"""The reader's tip form (/report/). Only the tip is required: a reader may stay anonymous."""

from django import forms
from django.core.validators import RegexValidator

from .files import MAX_FILES, clean_attachment

ACCEPT = "image/jpeg,image/png,image/webp,image/gif,application/pdf,.jpg,.jpeg,.png,.webp,.gif,.pdf"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented way to take several files in one field: a list, each cleaned."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class TipForm(forms.Form):
    # Humans never see this field (tips.css hides it); a bot filling every input fills it.
    TRAP = "homepage"

    text = forms.CharField(
        label="제보 내용",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="언제, 어디서, 무슨 일이 있었는지 적어 주세요. 5,000자까지 쓸 수 있습니다.",
        error_messages={"required": "제보 내용을 적어 주세요."},
    )
    name = forms.CharField(
        label="이름",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="전화번호",
        max_length=20,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9\- ]{6,18}[0-9]$",
                "전화번호는 숫자와 -로 적어 주세요 (예: 010-1234-5678).",
            )
        ],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="이메일",
        required=False,
        error_messages={"invalid": "이메일 주소를 name@example.com처럼 적어 주세요."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    files = MultipleFileField(
        label="첨부 파일",
        required=False,
        help_text="사진(JPEG, PNG, WebP, GIF)이나 PDF를 세 개까지 올릴 수 있습니다. "
        "사진의 위치 정보(EXIF)는 지우고 보관합니다.",
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    adult = forms.BooleanField(
        label="만 14세 이상입니다",
        error_messages={
            "required": "만 14세 이상만 이 양식으로 제보할 수 있습니다. "
            "만 14세 미만이라면 보호자와 함께 전화로 알려 주세요."
        },
    )
    consent = forms.BooleanField(
        label="위 개인정보 수집·이용에 동의합니다",
        error_messages={"required": "개인정보 수집·이용에 동의해야 제보를 보낼 수 있습니다."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"파일은 {MAX_FILES}개까지 올릴 수 있습니다.")
        cleaned, problems = [], []
        for upload in files:
            try:
                cleaned.append(clean_attachment(upload))
            except forms.ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise forms.ValidationError(problems)
        return cleaned

    @classmethod
    def kept(cls, data) -> "TipForm":
        """An unbound form holding what the reader typed, for an answer that checks nothing
        (too many tips, an expired security check): no error is shown, no file is opened."""
        initial = {name: data.get(name, "") for name in ("text", "name", "phone", "email")}
        initial.update(adult=bool(data.get("adult")), consent=bool(data.get("consent")))
        return cls(initial=initial)

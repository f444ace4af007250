"""기사제보: what a reader sends the desk from /report/, and the files attached to it.

A tip is the reader's text, with a name, a phone number and an e-mail address that they may leave
out, and up to three files (photos re-encoded without EXIF, or PDFs), kept in the private storage
that no web server serves. The desk gives it a status and a note. Tips and their files are deleted
(manage.py delete_old_tips) at the end of the retention period the reader agreed to, kept with the
tip (delete_by), or earlier if the site's period has since been shortened.
"""

import secrets
from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import SiteSettings


def private_storage():
    return storages["private"]


def attachment_path(attachment, filename: str) -> str:
    """A random name under the month: the reader's own file name is kept on the row only."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"tips/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}{extension}"


def end_of_retention():
    """A new tip's delete_by: the site's retention period from now, as the form states it."""
    return timezone.now() + timedelta(days=SiteSettings.load().tip_retention_days)


class Tip(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "접수"
        REVIEWING = "reviewing", "검토중"
        DONE = "done", "완료"

    text = models.TextField("제보 내용", max_length=5000)
    name = models.CharField("이름", max_length=50, blank=True)
    phone = models.CharField("전화번호", max_length=20, blank=True)
    email = models.EmailField("이메일", max_length=254, blank=True)
    received_at = models.DateTimeField("받은 시각", default=timezone.now, db_index=True)
    delete_by = models.DateTimeField(
        "보관 기한",
        default=end_of_retention,
        help_text=(
            "제보자가 동의한 보관 기간이 끝나는 때. "
            "사이트의 보관 기간이 그보다 짧아지면 그때 지웁니다."
        ),
    )
    status = models.CharField(
        "상태", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    note = models.TextField(
        "데스크 메모",
        blank=True,
        help_text="데스크만 봅니다. 누가 맡았는지, 취재했는지 등을 적어 두세요.",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "기사제보"
        verbose_name_plural = "기사제보"

    def __str__(self):
        # No words of the tip: this is what the admin's change log keeps, past the tip's deletion.
        return f"제보 #{self.pk}"

    def admin_url(self) -> str:
        """Where the desk reads it (readers never see a tip: there is no public address)."""
        return reverse("admin:tips_tip_change", args=[self.pk])

    @property
    def first_line(self) -> str:
        line = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        return line if len(line) <= 40 else line[:40] + "…"

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)


class Attachment(models.Model):
    tip = models.ForeignKey(
        Tip, verbose_name="제보", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("파일", storage=private_storage, upload_to=attachment_path)
    name = models.CharField("파일 이름", max_length=120)
    content_type = models.CharField("종류", max_length=40)
    size = models.PositiveIntegerField("크기(바이트)")

    class Meta:
        ordering = ["pk"]
        verbose_name = "첨부 파일"
        verbose_name_plural = "첨부 파일"

    def __str__(self):
        return self.name

    def download_url(self) -> str:
        """The permission-checked download (tips.admin); the storage itself has no address."""
        return reverse("admin:tips_attachment_download", args=[self.tip_id, self.pk])

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import normalize_newlines
from simple_history.models import HistoricalRecords

from . import photo_sizes
from .fields import SanitizedHTMLField
from .images import WRITTEN, clean_lead_photo, safe_name
from .teasers import html_to_text, teaser

# nh3 leaves paragraphs bare: no attributes, never nested.
LEAD_PARAGRAPH = re.compile(r"^<p>(.*?)</p>", re.DOTALL)
BETWEEN_TAGS = re.compile(r">\s+<")
IMG_TAG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>')  # a quoted value may hold ">"
# What articles.body_photos writes on a body's <img> from the stored photo (nh3's quoting).
SIZE_ATTRIBUTES = re.compile(r' (?:srcset|sizes|width|height|loading)="[^"]*"')


def as_read(content: str) -> str:
    """Content without what an editor, browser or our own code changes on its own: line ends
    (browsers post CRLF), whitespace between tags (CKEditor puts blank lines between blocks), and
    the sizes a body's photos are given from their files (articles.body_photos)."""
    content = IMG_TAG.sub(lambda tag: SIZE_ATTRIBUTES.sub("", tag[0]), content)
    return BETWEEN_TAGS.sub("><", normalize_newlines(content)).strip()


# A section's code in the old CMSs' list addresses: mediaOn's `sec_no=56`, ND Soft's
# `sc_section_code=S1N2` (or `sc_sub_section_code=S2N15`).
MEDIAON_CODE = re.compile(r"\A[0-9]{1,9}\Z")
NDSOFT_CODE = re.compile(r"\AS[0-9]{1,2}N[0-9]{1,4}\Z")


class Section(models.Model):
    name = models.CharField("이름", max_length=50, unique=True)
    slug = models.SlugField(
        "주소 이름",
        max_length=50,
        unique=True,
        help_text="섹션 주소에 쓰이는 영문 이름 (예: politics)",
    )
    position = models.PositiveSmallIntegerField(
        "순서", default=0, help_text="작을수록 앞에 나옵니다."
    )
    active = models.BooleanField(
        "사용",
        default=True,
        choices=[(True, "사용"), (False, "숨김")],
        help_text="숨기면 메뉴와 목록에서 빠집니다.",
    )
    # The section's code in the paper's old CMS, so its old list addresses reach this section
    # (articles.legacy).
    mediaon_code = models.CharField(
        "미디어온 섹션 번호",
        max_length=9,
        blank=True,
        validators=[RegexValidator(MEDIAON_CODE, "숫자만 적어 주세요. (예: 56)")],
        help_text="미디어온에서 옮겨 왔다면, 옛 섹션 목록 주소 끝의 번호 (예: 56). "
        "옛 주소로 들어온 독자를 이 섹션으로 보냅니다. 비워 두어도 됩니다.",
    )
    ndsoft_code = models.CharField(
        "엔디소프트 섹션 코드",
        max_length=8,
        blank=True,
        validators=[RegexValidator(NDSOFT_CODE, "S1N2처럼 적어 주세요.")],
        help_text="엔디소프트에서 옮겨 왔다면, 옛 섹션 목록 주소의 섹션 코드 (예: S1N2, 하위 "
        "섹션은 S2N15). 옛 주소로 들어온 독자를 이 섹션으로 보냅니다. 비워 두어도 됩니다.",
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "섹션"
        verbose_name_plural = "섹션"
        constraints = [
            models.UniqueConstraint(
                fields=["mediaon_code"],
                condition=~models.Q(mediaon_code=""),
                name="section_mediaon_code_once",
                violation_error_message="이 미디어온 섹션 번호는 이미 다른 섹션에 있습니다.",
            ),
            models.UniqueConstraint(
                fields=["ndsoft_code"],
                condition=~models.Q(ndsoft_code=""),
                name="section_ndsoft_code_once",
                violation_error_message="이 엔디소프트 섹션 코드는 이미 다른 섹션에 있습니다.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Reporter(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="사용자 계정",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporter",
        help_text="관리자 화면에 로그인하는 계정. 바이라인과 계정을 잇습니다.",
    )
    name = models.CharField("이름", max_length=50)
    title = models.CharField(
        "직함", max_length=20, default="기자", help_text="기자, 선임기자, 편집국장 …"
    )
    email = models.EmailField("이메일", blank=True)
    active = models.BooleanField(
        "활동", default=True, choices=[(True, "활동 중"), (False, "활동 끝")]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "기자"
        verbose_name_plural = "기자"

    def __str__(self):
        return f"{self.name} {self.title}"

    def get_absolute_url(self):
        return reverse("articles:reporter", kwargs={"pk": self.pk})


class Staff(User):
    """A login account of the newsroom as the 직원 screen shows it: its role (articles.staff)
    and its byline (Reporter). The same rows as auth.User, with permissions of their own."""

    class Meta:
        proxy = True
        ordering = ["-is_active", "username"]
        verbose_name = "직원"
        verbose_name_plural = "직원"
        permissions = [("manage_staff", "직원을 자신이 가진 어느 역할로든 추가·변경하고 내보냄")]

    def __str__(self):
        reporter = getattr(self, "reporter", None)
        return f"{reporter.name}({self.username})" if reporter else self.username


def union_of_ids(querysets):
    """Several (sliced) one-column `values()` querysets of ids as one UNION ALL subquery for
    `pk__in`.

    Each part keeps its own ORDER BY and LIMIT, so each is a short walk down an index;
    an OR of `pk__in` subqueries instead makes PostgreSQL filter every row.
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{number}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and the publish time has come (by `at`, for a
        front-page edition previewed as of its minute; now when not given)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())

    def for_lists(self):
        return self.select_related("section", "reporter").order_by("-publish_at", "-pk")

    def for_page(self):
        """An article for its page or preview: with what the page shows beside it, and whether
        the desk picked related articles (most have none, and then the page need not ask)."""
        picks = RelatedArticle.objects.filter(article=models.OuterRef("pk"))
        return (
            self.select_related("section", "reporter")
            .defer("search_text")
            .annotate(has_picks=models.Exists(picks))
            .prefetch_related("corrections")
        )

    def latest_by_section(self, sections, count):
        """{section id: its `count` newest articles}, in one query: an indexed LIMIT per
        section, not a window over every article."""
        grouped = {section.pk: [] for section in sections}
        if not sections:
            return grouped
        newest = self.for_lists().values("pk")
        ids = union_of_ids(newest.filter(section=section)[:count] for section in sections)
        for article in self.filter(pk__in=ids).for_lists():
            grouped[article.section_id].append(article)
        return grouped

    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create() skips save(): derive here what it derives (the body cleans itself)."""
        objs = list(objs)
        now = timezone.now()
        for obj in objs:
            obj.derive(now)
        if update_fields := kwargs.get("update_fields"):  # an upsert writes these on conflict
            kwargs["update_fields"] = Article.with_derived(update_fields, set())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        """bulk_update() skips save(): derive here what it derives, and write that as well.

        Written by the base manager, whose update() does not refuse the content fields."""
        objs = list(objs)
        now = timezone.now()
        changed = set()
        for obj in objs:
            changed |= obj.derive(now)
        fields = Article.with_derived(fields, changed)
        base = self.model._base_manager.using(self._db)
        return base.bulk_update(objs, fields, batch_size=batch_size)

    def update(self, **kwargs):
        """Refused for the body, title, subtitle and search text: the search text and revision
        time are derived per article, which one UPDATE cannot do."""
        refused = sorted(kwargs.keys() & Article.TEXT_FIELDS)
        if refused:
            raise TypeError(
                f"Article.objects.update() cannot change {', '.join(refused)}: the search text "
                "and revision time are derived per article. Change them with save() or "
                "bulk_update()."
            )
        return super().update(**kwargs)

    def most_read(self, since):
        """Live articles by views counted on or after the day `since`, most read first."""
        return (
            self.published()
            .filter(daily_views__day__gte=since)
            .annotate(total_views=models.Sum("daily_views__views"))
            .select_related("section")
            .defer("body")
            .order_by("-total_views", "-publish_at")
        )


def lead_photo_path(instance, filename):
    """photos/<year>/<month>/<name>, whichever way the file came: the name shortened by bytes,
    and any extension but the pipeline's made one the web server never serves (.bin)."""
    extension = PurePosixPath(filename).suffix[1:]
    extension = extension if extension in WRITTEN else "bin"
    return timezone.localdate().strftime("photos/%Y/%m/") + safe_name(filename, extension)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "작성중"
        REVIEW = "review", "승인대기"
        PUBLISHED = "published", "게재"

    title = models.CharField("제목", max_length=200)
    subtitle = models.TextField(
        "부제", blank=True, help_text="여러 줄이면 줄마다 한 줄씩 보입니다."
    )
    section = models.ForeignKey(
        Section, verbose_name="섹션", on_delete=models.PROTECT, related_name="articles"
    )
    reporter = models.ForeignKey(
        Reporter, verbose_name="기자", on_delete=models.PROTECT, related_name="articles"
    )
    body = SanitizedHTMLField("본문", help_text="저장할 때 허용된 태그만 남기고 정리됩니다.")
    summary = models.TextField(
        "요약", blank=True, help_text="목록과 검색 결과에 보일 요약. 비우면 본문 앞부분을 씁니다."
    )
    photo = models.ImageField("대표 사진", upload_to=lead_photo_path, blank=True)
    # The photo's size, kept with its name when it is stored (_store_photo), so that a page
    # sizes it and lists its smaller copies (articles.photo_sizes) from the row alone.
    photo_width = models.PositiveIntegerField(
        "대표 사진 너비", null=True, blank=True, editable=False
    )
    photo_height = models.PositiveIntegerField(
        "대표 사진 높이", null=True, blank=True, editable=False
    )
    photo_caption = models.CharField("사진 설명", max_length=300, blank=True)
    status = models.CharField(
        "상태", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "게재 시각", null=True, blank=True, help_text="미래 시각이면 그 시각에 자동으로 공개됩니다."
    )
    first_published_at = models.DateTimeField("최초 등록", null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        "최종 수정",
        null=True,
        blank=True,
        editable=False,
        help_text="등록 후 제목·부제·본문을 고친 시각",
    )
    submitted_at = models.DateTimeField(
        "승인 요청",
        null=True,
        blank=True,
        editable=False,
        help_text="기자가 마지막으로 데스크에 승인 요청한 시각",
    )
    desk_note = models.TextField(
        "데스크 메모",
        blank=True,
        editable=False,
        help_text="데스크가 기사를 기자에게 되돌리며 남긴 말. 다시 승인 요청하면 지워집니다.",
    )
    created_at = models.DateTimeField("작성", auto_now_add=True)
    updated_at = models.DateTimeField("변경", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="작성자 계정",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    search_text = models.TextField(
        "검색용 글",
        blank=True,
        editable=False,
        help_text="제목·부제·본문의 글자만 모은 것. 저장할 때 만들어지며 검색이 이 칸을 찾습니다.",
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="기사 변경 기록",
        verbose_name_plural="기사 변경 기록",
        excluded_fields=["updated_at", "search_text", "photo_width", "photo_height"],
    )

    CONTENT_FIELDS = ("title", "subtitle", "body")
    # What a write derives from the rest of the row (derive()).
    DERIVED_TIMES = ("publish_at", "first_published_at", "revised_at")
    # The content and the search text derived from it: written only with the search text
    # derived again, so never by QuerySet.update().
    TEXT_FIELDS = frozenset([*CONTENT_FIELDS, "search_text"])

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = "기사"
        verbose_name_plural = "기사"
        permissions = [("publish_article", "기사를 게재·예약하거나 내릴 수 있음")]
        indexes = [
            # Lists order by (-publish_at, -id): with id in the key, PostgreSQL walks these in
            # order and can count and skip pages from the index alone.
            models.Index(fields=["status", "-publish_at", "-id"], name="article_status_publish"),
            models.Index(
                fields=["section", "status", "-publish_at", "-id"], name="article_section_publish"
            ),
            models.Index(
                fields=["reporter", "status", "-publish_at", "-id"],
                name="article_reporter_publish",
            ),
            models.Index(fields=["status", "-revised_at"], name="article_status_revised"),
            # The newest live articles with a photo (the front page's 포토뉴스, frontpage.layout):
            # a walk of these only, however few of the newest have one.
            models.Index(
                fields=["status", "-publish_at", "-id"],
                condition=~models.Q(photo=""),
                name="article_photo_publish",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        self._store_photo()
        changed = self.derive(timezone.now())
        if update_fields:
            if "photo" in update_fields:
                changed |= {"photo_width", "photo_height"}
            update_fields = self.with_derived(update_fields, changed)
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_content = {
            name: getattr(instance, name) for name in cls.CONTENT_FIELDS if name in field_names
        }
        if "photo" in field_names:
            instance._loaded_photo = instance.photo.name
        return instance

    def _store_photo(self):
        """A new lead photo is cleaned, stored and given its smaller copies; its size is kept
        beside its name. A name set by code (a restored revision) has its size read from the
        stored photo, whose missing copies are made; a new row that brings its size is trusted.

        Only save() does this: a bulk write brings the size itself (seed_demo), or
        `manage.py make_photo_sizes` fills it in afterwards."""
        loaded = self.__dict__.get("_loaded_photo")  # None: a row not read from the database
        if self.photo and not self.photo._committed:
            clean = clean_lead_photo(self.photo)
            self.photo.save(clean.name, clean, save=False)
            made = photo_sizes.make_copies(self.photo.name, clean.file.getvalue(), replace=True)
        elif not self.photo:
            made = None
        elif self.photo_width and (loaded is None or loaded == self.photo.name):
            return
        else:
            made = photo_sizes.make_copies(self.photo.name)
        self.photo_width, self.photo_height = made[0] if made else (None, None)
        self._loaded_photo = self.photo.name

    def derive(self, now):
        """What every write derives from the instance: the body cleaned (first, so that nothing
        is derived from markup that will not be stored), the publication and revision times,
        the search text. Returns the names of the derived times that changed."""
        self.body = self._meta.get_field("body").to_python(self.body)
        before = [getattr(self, name) for name in self.DERIVED_TIMES]
        self._derive_times(now)
        self.search_text = self.derive_search_text()
        return {
            name
            for name, value in zip(self.DERIVED_TIMES, before, strict=True)
            if getattr(self, name) != value
        }

    @classmethod
    def with_derived(cls, fields, changed):
        """`fields` of a partial write, with what derive() changed and, when the content is
        written, the search text."""
        derived = set(changed)
        if not cls.TEXT_FIELDS.isdisjoint(fields):
            derived.add("search_text")
        return [*fields, *sorted(derived.difference(fields))]

    def _derive_times(self, now):
        live_before = self.first_published_at is not None and self.first_published_at <= now
        if self.status == self.Status.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = now
            if not live_before:
                # Not live yet (or only scheduled): 등록 follows the publish time.
                self.first_published_at = self.publish_at
        elif not live_before:
            self.first_published_at = None
        loaded = getattr(self, "_loaded_content", {})
        changed = any(as_read(loaded[name]) != as_read(getattr(self, name)) for name in loaded)
        if live_before and changed:
            self.revised_at = now
        self._loaded_content = {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def state(self):
        """Where the article stands, a code of the workflow table (articles.workflow.State):
        draft, review, or, once published, scheduled until publish_at and live from then."""
        from .workflow import State  # the table imports nothing from this module

        if self.status == self.Status.PUBLISHED:
            return State.SCHEDULED if self.is_scheduled else State.LIVE
        return State.REVIEW if self.status == self.Status.REVIEW else State.DRAFT

    @property
    def state_label(self):
        """The newsroom's word for where the article stands: 작성중, 승인대기, 예약, 게재중."""
        return self.state.label

    @admin.display(boolean=True, description="공개 중")
    def is_published(self):
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    @property
    def shows_revision(self):
        return bool(
            self.revised_at
            and self.first_published_at
            and self.revised_at > self.first_published_at
        )

    @property
    def modified_at(self):
        """The last edit readers are told about (수정), else the first publication (등록)."""
        return self.revised_at if self.shows_revision else self.first_published_at

    def derive_search_text(self):
        """Title, subtitle and the body's text without markup: what search matches against."""
        return "\n".join([self.title, self.subtitle, html_to_text(self.body)])

    @property
    def lead_and_rest(self):
        """The body's first paragraph (inner HTML) and the rest, so the page can open the lead
        with the byline and put the lead photo after it. From the cleaned body only."""
        match = LEAD_PARAGRAPH.match(self.body)
        if match is None:
            return "", self.body
        return match.group(1), self.body[match.end() :]

    @property
    def subtitle_lines(self):
        return [line.strip() for line in self.subtitle.splitlines() if line.strip()]

    @property
    def plain_text(self):
        return html_to_text(self.body)

    def teaser(self, length=None):
        length = length or settings.TEASER_LENGTH
        source = (self.summary, self.body, length)
        kept = self.__dict__.get("_teaser")  # a page asks more than once (description, meta)
        if kept is None or kept[0] != source:
            if self.summary:
                kept = (source, teaser(self.summary, length, is_html=False))
            else:
                kept = (source, teaser(self.body, length))
            self._teaser = kept
        return kept[1]


@receiver(pre_save, sender=Article, dispatch_uid="article-search-text-on-raw-save")
def derive_search_text_on_raw_save(sender, instance, raw, **kwargs):
    """Fixtures (loaddata) save raw: not through save() nor the fields' pre_save(). Their body
    is cleaned on the way in all the same (SanitizedHTMLField); the search text, which is only
    the row's own text, is derived from it here rather than trusted. Times are kept as given."""
    if raw:
        instance.search_text = instance.derive_search_text()


class SiteSettings(models.Model):
    """The paper's name and the legal notice in the footer. There is exactly one row."""

    CACHE_KEY = "articles:site-settings"

    company = models.CharField(
        "명칭",
        max_length=100,
        blank=True,
        help_text="발행하는 법인이나 단체의 이름 (예: 주식회사 영등포신문)",
    )
    name = models.CharField("제호", max_length=50, default="영등포신문")
    tagline = models.CharField(
        "한 줄 소개", max_length=100, blank=True, default="영등포의 내일을 여는 지역신문"
    )
    registration_number = models.CharField("등록번호", max_length=50, blank=True)
    registered_on = models.DateField("등록연월일", null=True, blank=True)
    first_published_on = models.DateField("발행연월일", null=True, blank=True)
    publisher = models.CharField("발행인", max_length=50, blank=True)
    editor = models.CharField("편집인", max_length=50, blank=True)
    youth_protection_officer = models.CharField("청소년보호책임자", max_length=50, blank=True)
    address = models.CharField("발행소", max_length=200, blank=True, help_text="발행소의 주소")
    phone = models.CharField("전화번호", max_length=30, blank=True)
    email = models.EmailField("이메일", blank=True)
    copyright = models.CharField(
        "저작권 문구",
        max_length=200,
        blank=True,
        help_text="비우면 '© 제호 All rights reserved.'를 씁니다.",
    )
    naver_verification = models.CharField(
        "네이버 서치어드바이저 확인 코드",
        max_length=100,
        blank=True,
        help_text="확인용 HTML 태그에서 따옴표 안의 코드만 붙여 넣습니다.",
    )
    google_verification = models.CharField(
        "구글 서치 콘솔 확인 코드",
        max_length=100,
        blank=True,
        help_text="확인용 HTML 태그에서 따옴표 안의 코드만 붙여 넣습니다.",
    )
    tip_retention_days = models.PositiveSmallIntegerField(
        "제보 보관 기간(일)",
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(1825)],
        help_text=(
            "기사제보와 첨부 파일은 이 기간이 지나면 지웁니다. "
            "제보 양식의 동의 문구에 그대로 나옵니다."
        ),
    )

    # What 신문법 (제12조, 시행령) asks an internet newspaper to show on every page.
    REQUIRED_BY_LAW = [
        "company",
        "name",
        "registration_number",
        "registered_on",
        "first_published_on",
        "publisher",
        "editor",
        "address",
        "phone",
        "youth_protection_officer",
    ]

    class Meta:
        verbose_name = "사이트 설정"
        verbose_name_plural = "사이트 설정"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_singleton"),
        ]

    def __str__(self):
        return f"{self.name} 사이트 설정"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        site = cache.get(cls.CACHE_KEY)
        if site is None:
            site, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, site, 300)
        return site

    def missing_by_law(self) -> list[str]:
        """Labels of the legally required values still empty, in the order the law lists them."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_BY_LAW
            if not getattr(self, name)
        ]

    @property
    def copyright_line(self):
        return self.copyright or f"© {self.name} All rights reserved."


class Correction(models.Model):
    """A 정정·반론보도 the desk attaches to an article: shown at the top of its page, above the
    body, and in its feed entry, as the press law asks (same place, same prominence)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "정정보도"
        REPLY = "reply", "반론보도"
        FOLLOW_UP = "follow_up", "추후보도"

    article = models.ForeignKey(
        Article, verbose_name="기사", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField("종류", max_length=10, choices=Kind.choices)
    body = SanitizedHTMLField("내용", help_text="독자에게 기사 맨 위에 그대로 보입니다.")
    published_on = models.DateField("게재일", default=timezone.localdate)
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = "정정·반론보도"
        verbose_name_plural = "정정·반론보도"

    def __str__(self):
        # Named by its article too: the desk picks it from a list in 1면 편집.
        return f"{self.get_kind_display()} {self.published_on:%Y.%m.%d} · {self.article.title}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class RelatedArticle(models.Model):
    """A related article chosen by the desk, shown in order under the article."""

    article = models.ForeignKey(
        Article, verbose_name="기사", on_delete=models.CASCADE, related_name="related_links"
    )
    related = models.ForeignKey(
        Article, verbose_name="관련 기사", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "관련 기사"
        verbose_name_plural = "관련 기사"
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_once"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")), name="related_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.related}"


class DailyViews(models.Model):
    """Reader views of one article on one day (Seoul time)."""

    article = models.ForeignKey(
        Article,
        verbose_name="기사",
        on_delete=models.CASCADE,
        related_name="daily_views",
        db_index=False,  # daily_views_once starts with it: a second index only slows each view
    )
    day = models.DateField("날짜")
    views = models.PositiveIntegerField("조회수", default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "일별 조회수"
        verbose_name_plural = "일별 조회수"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="daily_views_once"),
        ]
        indexes = [models.Index(fields=["day", "article"], name="daily_views_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"

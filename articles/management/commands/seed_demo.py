import random
import secrets
import sys
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from ads.demo import banners_seed_demo
from articles import demo_content
from articles.demo_photos import stored_demo_photos
from articles.models import Article, DailyViews, RelatedArticle, Reporter, Section, SiteSettings
from frontpage.services import edition_seed_default
from pages.services import pages_seed_demo
from weather.services import observations_seed_demo

BATCH_SIZE = 1000
FIVE_YEARS = timedelta(days=5 * 365)
EXTRA_SECTIONS = [("스포츠", "sports"), ("환경", "environment"), ("복지", "welfare"),
                  ("교통", "transport"), ("부동산", "housing"), ("인물", "people"),
                  ("기획", "features"), ("포토", "photo")]  # fmt: skip
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_NAMES = (
    "민준 서연 도윤 하은 지호 수아 예준 지우 현우 서윤 건우 채원 우진 지민 선우 다은".split()
)
PLACES = [
    "영등포동",
    "여의도",
    "당산동",
    "문래동",
    "양평동",
    "신길동",
    "대림동",
    "도림동",
    "영등포시장",
]
TOPICS = ["주민센터", "작은도서관", "골목상권", "공영주차장", "어린이공원", "경로당", "청년창업",
          "안전 순찰", "재활용 수거", "버스 노선"]  # fmt: skip
ACTIONS = ["새 단장", "예산 확대", "주민 설명회 열어", "운영 시간 늘려", "개선 착수", "시범 운영"]
DEMO_ACCOUNTS = [
    # username, group, reporter index (None: not a reporter)
    ("desk", "데스크", 4),
    ("reporter", "기자", 0),
]


class Command(BaseCommand):
    help = "데모 섹션·기자·기사·사이트 설정을 만듭니다. 여러 번 실행해도 같은 결과입니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="부하 시험용 합성 기사 N건을 더합니다.",
        )
        parser.add_argument(
            "--no-accounts", action="store_true", help="데모 계정을 만들거나 바꾸지 않습니다."
        )

    def handle(self, *args, articles, no_accounts, verbosity, **options):
        self.verbosity = verbosity
        if articles < 0:
            raise CommandError("--articles는 0 이상이어야 합니다.")
        self.log("데모 사진을 준비합니다 (처음에는 2000px 사진을 만드느라 시간이 걸립니다)…")
        self.photos = stored_demo_photos()
        with transaction.atomic():
            self.seed_site()
            self.seed_pages()
            sections = self.seed_sections()
            reporters = self.seed_reporters()
            created = self.seed_articles(sections, reporters)
            self.seed_workflow(sections, reporters)
            if edition_seed_default():
                self.log("기본 1면 편집판을 게재했습니다 (관리자 화면의 1면 편집에서 바꿉니다).")
        self.log(f"데모 기사 {created}건을 새로 만들었습니다 (전체 {Article.objects.count()}건).")
        if articles:
            self.add_synthetic(articles, list(sections.values()), reporters)
        self.log(f"데모 날씨: {observations_seed_demo()}곳의 지난 정시 관측을 채웠습니다.")
        if made := banners_seed_demo():
            self.log(f"자사 배너 광고 {made}건을 만들었습니다 (관리 화면의 광고에서 바꿉니다).")
        if not no_accounts:
            self.seed_accounts(reporters)

    def log(self, message):
        if self.verbosity > 0:
            self.stdout.write(message)

    def seed_site(self):
        site = SiteSettings.load()
        if not site.registration_number:
            site.company = "주식회사 영등포신문"
            site.registration_number = "서울 아 00000"
            site.registered_on = timezone.localdate().replace(year=2009, month=3, day=2)
            site.first_published_on = timezone.localdate().replace(year=2009, month=3, day=16)
            site.publisher = "김영등"
            site.editor = "박포구"
            site.youth_protection_officer = "최보호"
            site.address = "서울특별시 영등포구 당산로 000, 0층"
            site.phone = "02-000-0000"
            site.email = "news@example.com"
            site.save()

    def seed_pages(self):
        made = pages_seed_demo()
        if made:
            self.log(f"신문사 안내 쪽 {made}개를 만들었습니다 (바닥글에 링크가 나옵니다).")

    def seed_sections(self):
        sections = {}
        for position, (name, slug) in enumerate(demo_content.SECTIONS, start=1):
            section, _ = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "position": position * 10}
            )
            sections[slug] = section
        return sections

    def seed_reporters(self):
        reporters = []
        for name, title, local in demo_content.REPORTERS:
            reporter, _ = Reporter.objects.get_or_create(
                name=name, defaults={"title": title, "email": f"{local}@example.com"}
            )
            reporters.append(reporter)
        return reporters

    def seed_articles(self, sections, reporters):
        existing = set(Article.objects.values_list("title", flat=True))
        now = timezone.now()
        created = 0
        for number, item in enumerate(demo_content.ARTICLES):
            if item["title"] in existing:
                continue
            article = Article(
                title=item["title"],
                subtitle=item.get("subtitle", ""),
                section=sections[item["section"]],
                reporter=reporters[item["reporter"]],
                body=body_html(item),
                photo_caption=item.get("caption", ""),
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(hours=item["hours_ago"]),
            )
            if item.get("caption"):
                self.give_photo(article, number)
            article.save()
            self.seed_views(article, number)
            created += 1
        return created

    def seed_workflow(self, sections, reporters):
        """Articles not yet out, for the demo accounts: the reporter's returned draft and the
        one waiting for the desk, and the desk's embargoed story for tomorrow 09:00."""
        tomorrow = timezone.localtime() + timedelta(days=1)
        demo = [
            ("당산동 골목상권, 상인회가 직접 살리기에 나섰다", "economy", 0, Article.Status.DRAFT,
             None, "상인회장 인터뷰 한 단락과 현장 사진을 보태 주세요."),
            ("어린이 통학로 안전 점검, 열두 곳 중 다섯 곳 '보완 필요'", "society", 0,
             Article.Status.REVIEW, None, ""),
            ("여의도 봄꽃축제 교통 통제 구간 확정", "society", 4, Article.Status.PUBLISHED,
             tomorrow.replace(hour=9, minute=0, second=0, microsecond=0), ""),
        ]  # fmt: skip
        for title, section, reporter, status, publish_at, note in demo:
            Article.objects.get_or_create(
                title=title,
                defaults={
                    "section": sections[section],
                    "reporter": reporters[reporter],
                    "body": f"<p>{escape(title)}. 아직 독자에게 나가지 않은 데모 기사입니다.</p>",
                    "status": status,
                    "publish_at": publish_at,
                    "desk_note": note,
                },
            )

    def seed_views(self, article, number):
        """A few days of reader views, so the most-read box has something to rank."""
        rng = random.Random(number)
        popularity = rng.paretovariate(1.2) * 30
        first_day = timezone.localdate(article.publish_at)
        days = (timezone.localdate() - first_day).days + 1
        DailyViews.objects.bulk_create(
            DailyViews(
                article=article,
                day=first_day + timedelta(days=n),
                views=int(popularity / (n + 1)) + 1,
            )
            for n in range(min(days, 10))
        )

    def add_synthetic(self, count, sections, reporters):
        """Many articles over five years in batches, for load tests.

        bulk_create() cleans the bodies (built from escaped text, so already clean) and derives
        their search text and times as save() would.
        """
        sections = self.scale_sections(sections)
        reporters = self.scale_reporters(reporters)
        now = timezone.now()
        start = Article.objects.count()
        paragraphs = [p for item in demo_content.ARTICLES for p in item["paragraphs"]]
        rng = random.Random(start)
        step = FIVE_YEARS / max(count, 1)
        # Sections differ in size, as at a real paper: the first carries 15 times the last,
        # so at 100,000 articles the largest has over 500 pages of 20.
        weights = range(len(sections), 0, -1)
        done = 0
        while done < count:
            batch = []
            for _ in range(min(BATCH_SIZE, count - done)):
                n = done + len(batch)
                moment = now - step * n - timedelta(seconds=rng.randint(0, 600))
                text = rng.sample(paragraphs, 4)
                article = Article(
                    title=synthetic_title(rng),
                    section=rng.choices(sections, weights)[0],
                    reporter=reporters[rng.randrange(len(reporters))],
                    body="".join(f"<p>{escape(p)}</p>" for p in text),
                    status=Article.Status.PUBLISHED,
                    publish_at=moment,
                    first_published_at=moment,
                )
                if rng.random() < 0.6:  # most articles of a paper have a photo
                    self.give_photo(article, rng.randrange(len(self.photos)))
                batch.append(article)
            created = Article.objects.bulk_create(batch)
            self.add_picks_and_views(created, rng, now)
            done += len(batch)
            self.progress(done, count)

    def give_photo(self, article, number):
        """One of the demo photos, stored once and shared, with its size (so that no article's
        save reads it again)."""
        name, (width, height) = self.photos[number % len(self.photos)]
        article.photo, article.photo_width, article.photo_height = name, width, height

    def add_picks_and_views(self, articles, rng, now):
        """Related picks on a tenth of the articles; daily views for those of the last year."""
        picks, views = [], []
        year_ago = now - timedelta(days=365)
        for article in articles:
            if rng.random() < 0.1:
                for position, other in enumerate(rng.sample(articles, 3)):
                    if other.pk != article.pk:
                        picks.append(
                            RelatedArticle(article=article, related=other, position=position)
                        )
            if article.publish_at > year_ago:
                first_day = timezone.localdate(article.publish_at)
                popularity = rng.paretovariate(1.5) * 40
                for offset in range(rng.randint(3, 14)):
                    day = first_day + timedelta(days=offset)
                    if day > timezone.localdate(now):
                        break
                    views.append(
                        DailyViews(
                            article=article, day=day, views=int(popularity / (offset + 1)) + 1
                        )
                    )
        RelatedArticle.objects.bulk_create(picks, ignore_conflicts=True)
        DailyViews.objects.bulk_create(views, batch_size=5000)

    def scale_sections(self, sections):
        for position, (name, slug) in enumerate(EXTRA_SECTIONS, start=len(sections) + 1):
            Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "position": position * 10}
            )
        return list(Section.objects.all())

    def scale_reporters(self, reporters):
        rng = random.Random(40)
        while Reporter.objects.count() < 40:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
            Reporter.objects.get_or_create(
                name=name, defaults={"email": f"r{rng.randrange(10**6)}@example.com"}
            )
        return list(Reporter.objects.all())

    def progress(self, done, total):
        if self.verbosity == 0:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        self.stdout.write(f"\r합성 기사 [{bar}] {done}/{total}", ending=end)
        sys.stdout.flush()

    def seed_accounts(self, reporters):
        User = get_user_model()
        self.log("\n데모 계정 (실행할 때마다 비밀번호를 새로 만듭니다):")
        for username, group_name, reporter_index in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            reporter = reporters[reporter_index]
            if reporter.user_id != user.pk:
                Reporter.objects.filter(user=user).update(user=None)
                reporter.user = user
                reporter.save(update_fields=["user"])
            if not user.email:
                user.email = reporter.email
                user.save(update_fields=["email"])
            self.stdout.write(
                f"  {group_name:<4} {username} / {password}   ({reporter.name} {reporter.title})"
            )
        self.seed_reporter_logins(reporters)
        self.log("관리자 화면: http://127.0.0.1:8000/admin/")

    def seed_reporter_logins(self, reporters):
        """Every other demo reporter gets a login too, in the group 기자, without a password: it
        is set through the link the desk mails from the 직원 screen (printed on the console in
        development). Made once; what the newsroom changes later is kept."""
        User = get_user_model()
        for reporter, (_, _, local) in zip(reporters, demo_content.REPORTERS, strict=True):
            if reporter.user_id is not None:
                continue
            user, created = User.objects.get_or_create(
                username=local, defaults={"email": reporter.email, "is_staff": True}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.set([Group.objects.get(name="기자")])
            if not Reporter.objects.filter(user=user).exists():
                reporter.user = user
                reporter.save(update_fields=["user"])
        waiting = [
            f"{reporter.user.username}({reporter.name})"
            for reporter in Reporter.objects.filter(pk__in=[r.pk for r in reporters])
            .select_related("user")
            .filter(user__is_active=True)
            if not reporter.user.has_usable_password()
        ]
        if waiting:
            self.log(
                f"  기자 {', '.join(waiting)}: 비밀번호가 아직 없습니다. 데스크가 직원 화면에서 "
                "‘선택한 직원에게 비밀번호 설정 메일 보내기’를 하면 링크가 이 콘솔에 찍힙니다."
            )


def body_html(item):
    paragraphs = [f"<p>{escape(text)}</p>" for text in item["paragraphs"]]
    if item.get("quote"):
        paragraphs.insert(2, f"<blockquote><p>{escape(item['quote'])}</p></blockquote>")
    return "".join(paragraphs)


def synthetic_title(rng):
    return f"{rng.choice(PLACES)} {rng.choice(TOPICS)}, {rng.choice(ACTIONS)}"

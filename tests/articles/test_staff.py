"""The 직원 screen: who may give which role, the invite that lets the new person in, and removing
someone without taking their byline off their articles.

Every refused write is sent the way a browser would send it (the form read off the page of
someone who may), and checked twice: the answer, and that no account or role changed.
"""

import re
import smtplib
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Reporter, Staff
from articles.staff import Role, grantable_roles, role_of
from tests.factories import (
    make_article,
    make_editor,
    make_reporter,
    make_reporter_user,
    make_staff_admin,
    make_user,
)
from tests.forms import form_data
from tests.newsroom.test_settings import PRODUCTION, manage

User = get_user_model()
ADD_URL = reverse("admin:articles_staff_add")
LIST_URL = reverse("admin:articles_staff_changelist")
PERSONAS = ["staff_admin", "editor", "reporter", "superuser"]
# persona -> the roles they may give
GRANTS = {
    "staff_admin": {"reporter", "desk", "admin"},
    "editor": {"reporter"},
    "reporter": set(),
    "superuser": {"reporter", "desk", "admin"},
}
LINK = re.compile(r"http://testserver(/admin/password-set/\S+/)")


def change_url(user):
    return reverse("admin:articles_staff_change", args=[user.pk])


def remove_url(user):
    return reverse("admin:articles_staff_remove", args=[user.pk])


def groups_of(username):
    return set(User.objects.get(username=username).groups.values_list("name", flat=True))


class BrokenSMTP(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class StaffTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.users = {
            "staff_admin": make_staff_admin(),
            "editor": make_editor(),
            "reporter": make_reporter_user("reporter", name="이천용")[0],
            "superuser": User.objects.create_superuser("root", "root@example.com", "pw-root"),
        }
        for persona, user in cls.users.items():
            user.email = user.email or f"{persona}@example.com"
            user.save(update_fields=["email"])

    def client_for(self, persona):
        client = Client()
        client.force_login(self.users[persona])
        return client

    def new_person(self, role, username="newbie", **overrides):
        data = {
            "username": username,
            "email": f"{username}@example.com",
            "role": role,
            "reporter": "",
            "byline_name": "김새봄",
            "byline_title": "기자",
        }
        data.update(overrides)
        return data

    def add(self, persona, data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client_for(persona).post(ADD_URL, data)


class GrantsTests(StaffTestCase):
    def test_the_add_form_offers_exactly_the_roles_one_may_give(self):
        for persona, roles in GRANTS.items():
            with self.subTest(persona):
                response = self.client_for(persona).get(ADD_URL)
                if not roles:
                    self.assertEqual(response.status_code, 403)
                    continue
                select = re.search(r'<select name="role".*?</select>', response.text, re.DOTALL)
                offered = set(re.findall(r'<option value="(\w+)"', select.group(0)))
                self.assertEqual(offered, roles)

    def test_each_persona_may_give_the_roles_it_holds_and_no_other(self):
        for persona in PERSONAS:
            for role in Role:
                with self.subTest(persona=persona, role=role.value):
                    username = f"{persona}-{role.value}"
                    response = self.add(persona, self.new_person(role.value, username))
                    made = User.objects.filter(username=username).first()
                    if role.value in GRANTS[persona]:
                        self.assertRedirects(response, LIST_URL)
                        self.assertEqual(role_of(made), role)
                        self.assertTrue(made.is_staff and made.is_active)
                    else:
                        self.assertIsNone(made)
                        self.assertIn(response.status_code, {200, 403})

    def test_each_role_is_its_groups(self):
        self.add("staff_admin", self.new_person("reporter", "a"))
        self.add("staff_admin", self.new_person("desk", "b", byline_name="박데스크"))
        self.add("staff_admin", self.new_person("admin", "c", byline_name="최관리"))
        self.assertEqual(groups_of("a"), {"기자"})
        self.assertEqual(groups_of("b"), {"데스크"})
        self.assertEqual(groups_of("c"), {"데스크", "관리자"})
        admin = User.objects.get(username="c")
        self.assertTrue(admin.has_perms(["articles.manage_staff", "articles.publish_article"]))

    def test_a_role_one_does_not_hold_cannot_be_given_even_with_manage_staff(self):
        # Only the 관리자 group, not the desk's: it manages staff but holds no newsroom role.
        bare = make_user("bare_manager", group="관리자")
        self.assertEqual(grantable_roles(bare), [])
        client = Client()
        client.force_login(bare)
        response = client.post(ADD_URL, self.new_person("desk"))
        self.assertFalse(User.objects.filter(username="newbie").exists())
        self.assertEqual(response.status_code, 403)

    def test_the_desk_crafting_a_desk_or_admin_role_is_refused(self):
        for role in ["desk", "admin"]:
            with self.subTest(role):
                response = self.add("editor", self.new_person(role))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "고를 수 없는 값입니다")
                self.assertFalse(User.objects.filter(username="newbie").exists())

    def test_extra_fields_in_a_post_give_no_power(self):
        data = self.new_person(
            "reporter",
            is_superuser="on",
            groups=[Group.objects.get(name="데스크").pk],
            user_permissions=["1", "2"],
            password="chosen-by-the-desk",
        )
        self.add("staff_admin", data)
        made = User.objects.get(username="newbie")
        self.assertFalse(made.is_superuser)
        self.assertEqual(groups_of("newbie"), {"기자"})
        self.assertFalse(made.user_permissions.exists())
        self.assertFalse(made.has_usable_password())

    def test_the_desks_view_of_a_person_is_titled_in_korean(self):
        page = self.client_for("editor").get(change_url(self.users["reporter"]))
        self.assertContains(page, "<h1>직원 정보</h1>", html=True)

    def test_the_desk_sees_staff_but_changes_and_removes_no_one(self):
        desk = self.client_for("editor")
        reporter = self.users["reporter"]
        self.assertEqual(desk.get(LIST_URL).status_code, 200)
        page = desk.get(change_url(reporter))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="_save"')
        self.assertContains(page, '<div class="readonly">기자</div>', html=True)
        self.assertContains(page, '<div class="readonly">이천용</div>', html=True)
        data = {"username": "renamed", "email": "x@example.com", "role": "reporter"}
        self.assertEqual(desk.post(change_url(reporter), data).status_code, 403)
        self.assertEqual(desk.post(remove_url(reporter)).status_code, 403)
        reporter.refresh_from_db()
        self.assertEqual((reporter.username, reporter.is_active), ("reporter", True))

    def test_a_reporter_has_no_access(self):
        client = self.client_for("reporter")
        for url in [LIST_URL, ADD_URL, change_url(self.users["editor"])]:
            with self.subTest(url):
                self.assertEqual(client.get(url).status_code, 403)
        self.assertEqual(client.post(remove_url(self.users["editor"])).status_code, 403)
        self.assertTrue(User.objects.get(username="editor").is_active)

    def test_an_admin_changes_a_role_but_not_their_own(self):
        client = self.client_for("staff_admin")
        reporter = self.users["reporter"]
        data = form_data(client.get(change_url(reporter)), "staff_form")
        data["role"] = "desk"
        self.assertRedirects(client.post(change_url(reporter), data), LIST_URL)
        self.assertEqual(groups_of("reporter"), {"데스크"})

        me = self.users["staff_admin"]
        page = client.get(change_url(me))
        data = form_data(page, "staff_form")
        data["role"] = "reporter"  # the field is disabled: a browser would not send it
        client.post(change_url(me), data)
        self.assertEqual(groups_of("staff_admin"), {"데스크", "관리자"})
        self.assertContains(page, "자기 역할은 바꿀 수 없습니다")

    def test_no_one_changes_or_removes_an_account_with_more_power(self):
        client = self.client_for("staff_admin")
        root = self.users["superuser"]
        self.assertEqual(client.post(change_url(root), {"username": "x"}).status_code, 403)
        self.assertEqual(client.post(remove_url(root)).status_code, 403)
        root.refresh_from_db()
        self.assertTrue(root.is_active and root.is_superuser)


class StockUserAdminTests(StaffTestCase):
    def test_only_superusers_reach_djangos_user_admin(self):
        url = reverse("admin:auth_user_changelist")
        for persona in ["editor", "staff_admin", "reporter"]:
            with self.subTest(persona):
                client = self.client_for(persona)
                self.assertEqual(client.get(url).status_code, 403)
                self.assertNotContains(client.get(reverse("admin:index")), url)
        self.assertEqual(self.client_for("superuser").get(url).status_code, 200)

    def test_the_staff_screen_is_on_the_desks_start_page(self):
        index = self.client_for("editor").get(reverse("admin:index"))
        self.assertContains(index, LIST_URL)
        self.assertContains(index, "직원")


class InviteTests(StaffTestCase):
    def test_a_new_person_sets_their_password_through_the_mailed_link_and_is_logged_in(self):
        response = self.add("staff_admin", self.new_person("reporter"))
        self.assertRedirects(response, LIST_URL)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["newbie@example.com"])
        self.assertIn("비밀번호를 정해 주세요", message.subject)
        self.assertIn("김새봄 님", message.body)
        self.assertIn("아이디: newbie", message.body)
        self.assertIn("역할: 기자", message.body)
        newbie = User.objects.get(username="newbie")
        self.assertFalse(newbie.has_usable_password())
        self.assertEqual(newbie.reporter.name, "김새봄")
        self.assertEqual(newbie.reporter.email, "newbie@example.com")

        browser = Client()
        link = LINK.search(message.body).group(1)
        form_page = browser.get(link, follow=True)
        self.assertContains(form_page, "비밀번호 정하기")
        self.assertContains(form_page, "newbie")
        password = "Saebom-2026-news"
        done = browser.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": password, "new_password2": password},
            follow=True,
        )
        self.assertEqual(done.redirect_chain[-1][0], reverse("admin:index"))
        self.assertContains(done, "비밀번호를 정했습니다")
        self.assertEqual(done.context["user"].username, "newbie")
        newbie.refresh_from_db()
        self.assertTrue(newbie.check_password(password))
        login = {"username": "newbie", "password": password, "next": reverse("admin:index")}
        response = Client().post(reverse("admin:login"), login)
        self.assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)

        # The link works once.
        again = Client().get(link, follow=True)
        self.assertContains(again, "이 링크로는 비밀번호를 정할 수 없습니다")

    def test_the_mail_not_going_out_is_said_and_the_account_stays(self):
        with override_settings(EMAIL_BACKEND="tests.articles.test_staff.BrokenSMTP"):
            response = self.add("staff_admin", self.new_person("reporter"))
        self.assertTrue(User.objects.filter(username="newbie").exists())
        said = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertTrue(any("메일을 보내지 못했습니다" in m for m in said), said)

    def test_the_desk_mails_the_link_again_to_reporters_only(self):
        desk = self.client_for("editor")
        targets = [self.users["reporter"], self.users["staff_admin"]]
        with self.captureOnCommitCallbacks(execute=True):
            response = desk.post(
                LIST_URL,
                {"action": "invite_selected", "_selected_action": [u.pk for u in targets]},
                follow=True,
            )
        self.assertEqual([m.to for m in mail.outbox], [["reporter@example.com"]])
        self.assertContains(response, "보내지 않았습니다")

    def test_a_removed_account_invite_link_no_longer_works(self):
        self.add("staff_admin", self.new_person("reporter"))
        link = LINK.search(mail.outbox[0].body).group(1)
        self.client_for("staff_admin").post(remove_url(User.objects.get(username="newbie")))
        self.assertContains(
            Client().get(link, follow=True), "이 링크로는 비밀번호를 정할 수 없습니다"
        )


class LinkingTests(StaffTestCase):
    def test_the_desk_gives_an_existing_byline_a_login(self):
        byline = make_reporter(name="정하은", title="선임기자", email="jung.he@example.com")
        article = make_article(reporter=byline, status=Article.Status.DRAFT, publish_at=None)
        # As a browser sends it: the byline picked, its name and title left as the form has them.
        data = form_data(self.client_for("editor").get(ADD_URL), "staff_form")
        data.update(username="jung.he", email="jung.he@example.com", reporter=byline.pk)
        self.assertRedirects(self.add("editor", data), LIST_URL)
        byline.refresh_from_db()
        self.assertEqual(byline.user.username, "jung.he")
        self.assertEqual((byline.name, byline.title), ("정하은", "선임기자"))
        # Their drafts are theirs to open.
        client = Client()
        client.force_login(byline.user)
        page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertEqual(page.status_code, 200)

    def test_only_bylines_without_a_login_are_offered(self):
        free = make_reporter(name="정하은")
        page = self.client_for("editor").get(ADD_URL)
        select = re.search(r'<select name="reporter".*?</select>', page.text, re.DOTALL).group(0)
        self.assertIn("정하은", select)
        self.assertIn(f'value="{free.pk}"', select)
        self.assertNotIn("이천용", select)

    def test_a_new_byline_needs_a_name(self):
        response = self.add("editor", self.new_person("reporter", byline_name=""))
        self.assertContains(response, "바이라인 이름을 적으세요")
        self.assertFalse(User.objects.filter(username="newbie").exists())

    def test_a_login_or_email_taken_by_another_is_refused(self):
        response = self.add("editor", self.new_person("reporter", "Reporter"))
        self.assertContains(response, "같은 아이디가 이미 있습니다")
        other = self.new_person("reporter", email="root@example.com")
        self.assertContains(self.add("editor", other), "다른 직원이 이미 쓰는 이메일입니다")

    def test_the_reporter_form_shows_the_login_and_does_not_change_it(self):
        reporter = self.users["reporter"]
        url = reverse("admin:articles_reporter_change", args=[reporter.reporter.pk])
        desk = self.client_for("editor")
        data = form_data(desk.get(url), "reporter_form")
        self.assertNotIn("user", data)
        data["user"] = self.users["editor"].pk
        desk.post(url, data)
        self.assertEqual(Reporter.objects.get(user=reporter).name, "이천용")


class RemovalTests(StaffTestCase):
    def test_removing_someone_ends_their_access_and_keeps_their_byline(self):
        reporter = self.users["reporter"]
        byline = reporter.reporter
        article = make_article(reporter=byline, title="구청 예산 기사")
        their_browser = self.client_for("reporter")
        self.assertEqual(their_browser.get(reverse("admin:index")).status_code, 200)

        admin = self.client_for("staff_admin")
        page = admin.get(remove_url(reporter))
        self.assertContains(page, "지난 기사 1건에 그대로 남고")
        self.assertRedirects(admin.post(remove_url(reporter)), LIST_URL)

        reporter.refresh_from_db()
        self.assertFalse(reporter.is_active)
        self.assertFalse(reporter.groups.exists())
        self.assertFalse(reporter.has_usable_password())
        # Their open session is over.
        self.assertEqual(their_browser.get(reverse("admin:index")).status_code, 302)
        # The byline stays, on the article and on the reader's page.
        article.refresh_from_db()
        self.assertEqual(article.reporter.user, reporter)
        self.assertFalse(article.reporter.active)
        self.assertContains(Client().get(article.get_absolute_url()), "이천용")
        self.assertTrue(Staff.objects.filter(pk=reporter.pk).exists())

    def test_no_one_removes_themselves(self):
        me = self.users["staff_admin"]
        client = self.client_for("staff_admin")
        self.assertNotContains(client.get(change_url(me)), "내보내기")
        self.assertEqual(client.post(remove_url(me)).status_code, 403)
        me.refresh_from_db()
        self.assertTrue(me.is_active)

    def test_a_removed_person_comes_back_with_a_role_and_a_new_link(self):
        reporter = self.users["reporter"]
        client = self.client_for("staff_admin")
        client.post(remove_url(reporter))
        page = client.get(change_url(reporter))
        self.assertContains(page, "내보낸 직원입니다")
        data = form_data(page, "staff_form")
        data["role"] = "reporter"
        data["email"] = "lee.cy@example.com"  # a new address, while they were away
        with self.captureOnCommitCallbacks(execute=True):
            client.post(change_url(reporter), data)
        reporter.refresh_from_db()
        self.assertTrue(reporter.is_active)
        self.assertEqual(groups_of("reporter"), {"기자"})
        self.assertTrue(reporter.reporter.active)
        self.assertEqual(mail.outbox[-1].to, ["lee.cy@example.com"])


class ScreenTests(StaffTestCase):
    def test_the_list_says_who_is_who_in_korean(self):
        self.add("staff_admin", self.new_person("desk", byline_name="박데스크"))
        page = self.client_for("staff_admin").get(LIST_URL)
        for text in ["아이디", "바이라인", "이메일", "역할", "상태", "박데스크 기자", "데스크",
                     "초대 대기", "재직", "최고 관리자"]:  # fmt: skip
            self.assertContains(page, text)
        filtered = self.client_for("staff_admin").get(LIST_URL, {"role": "desk"})
        self.assertContains(filtered, "newbie")
        self.assertNotContains(filtered, ">reporter<")

    def test_the_list_costs_the_same_whatever_the_number_of_staff(self):
        client = self.client_for("staff_admin")
        client.get(LIST_URL)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(client.get(LIST_URL).status_code, 200)
            return len(captured)

        before = queries()
        for n in range(3):
            make_reporter_user(f"extra{n}")
        self.assertEqual(queries(), before)

    def test_the_add_form_asks_login_name_email_role_and_byline(self):
        page = self.client_for("editor").get(ADD_URL)
        for text in ["아이디", "이메일", "역할", "바이라인 이름", "직함", "데스크는 기자만"]:
            self.assertContains(page, text)


class MigrationTests(TestCase):
    def test_the_groups_carry_the_staff_permissions(self):
        def perms(name):
            group = Group.objects.get(name=name)
            return set(group.permissions.values_list("content_type__app_label", "codename"))

        self.assertLessEqual(
            {("articles", c) for c in ["add_staff", "change_staff", "view_staff", "manage_staff"]},
            perms("관리자"),
        )
        self.assertLessEqual(
            {("articles", "add_staff"), ("articles", "view_staff")}, perms("데스크")
        )
        self.assertNotIn(("articles", "manage_staff"), perms("데스크"))
        self.assertNotIn(("auth", "view_user"), perms("데스크"))
        self.assertFalse({p for p in perms("기자") if p[1].endswith("_staff")})


class DemoAccountsTests(TestCase):
    def test_every_demo_reporter_has_a_login_and_two_passwords_are_printed(self):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        output = out.getvalue()
        self.assertEqual(output.count(" / "), 2)
        for reporter in Reporter.objects.all():
            with self.subTest(reporter.name):
                self.assertIsNotNone(reporter.user)
                self.assertTrue(reporter.user.is_staff)
                self.assertTrue(reporter.user.email)
        waiting = User.objects.filter(reporter__isnull=False).exclude(
            username__in=["desk", "reporter"]
        )
        self.assertEqual(waiting.count(), 4)
        self.assertFalse(any(user.has_usable_password() for user in waiting))
        self.assertTrue(all(role_of(user) == Role.REPORTER for user in waiting))
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(User.objects.count(), 6)


def test_mail_goes_out_through_smtp_in_production_and_to_the_console_in_development():
    code = (
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT)"
    )
    env = {**PRODUCTION, "EMAIL_HOST": "smtp.example.com", "EMAIL_PORT": "587"}
    result = manage("shell", "-c", code, **env)
    assert result.stdout.split()[-3:] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        "587",
    ], result.stderr
    result = manage("shell", "-c", code, DJANGO_DEBUG="1")
    assert result.stdout.split()[-3] == "django.core.mail.backends.console.EmailBackend"

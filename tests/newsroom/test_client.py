"""Who is asking: the client address behind the proxy, and the login lockout that uses it."""

from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from newsroom.client import client_address
from tests.factories import make_editor


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


class ClientAddressTests(TestCase):
    def test_without_a_proxy_the_header_is_ignored(self):
        self.assertEqual(client_address(request_from("203.0.113.5", "1.2.3.4")), "203.0.113.5")

    @override_settings(BEHIND_PROXY=True)
    def test_behind_the_proxy_the_address_it_appended_counts(self):
        request = request_from("127.0.0.1", "6.6.6.6, 203.0.113.5")
        self.assertEqual(client_address(request), "203.0.113.5")

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
    def test_trusted_hops_are_skipped_and_untrusted_senders_are_not_believed(self):
        chained = request_from("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3")
        self.assertEqual(client_address(chained), "203.0.113.5")
        direct = request_from("198.51.100.9", "203.0.113.5")  # not through our proxy
        self.assertEqual(client_address(direct), "198.51.100.9")

    @override_settings(BEHIND_PROXY=True)
    def test_a_header_our_proxy_did_not_write_falls_back_to_the_proxy(self):
        for forwarded in ("", "not-an-address", "203.0.113.5, <script>"):
            self.assertEqual(client_address(request_from("127.0.0.1", forwarded)), "127.0.0.1")


@override_settings(BEHIND_PROXY=True, AXES_FAILURE_LIMIT=5)
class LockoutBehindTheProxyTests(TestCase):
    """Every request reaches the site from the proxy at 127.0.0.1; the lockout must not lump
    everyone together, or anyone could lock the desk out with five wrong passwords."""

    def login(self, password, forwarded):
        return self.client.post(
            reverse("admin:login"),
            {"username": "desk", "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR="127.0.0.1",
            headers={"x-forwarded-for": forwarded},
        )

    def setUp(self):
        make_editor("desk")

    def test_an_attacker_cannot_lock_the_desk_out_from_elsewhere(self):
        for n in range(6):
            self.login("wrong", f"10.9.9.{n}, 203.0.113.66")  # the left part is the attacker's
        self.assertEqual(self.login("pw-desk", "203.0.113.66").status_code, 429)
        response = self.login("pw-desk", "198.51.100.7")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("admin:index"))

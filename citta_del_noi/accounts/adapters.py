from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Signup is closed: accounts are created by staff or by invitation."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

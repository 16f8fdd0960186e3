from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tongxin.access.forms import LoginForm
from tongxin.access.models import User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "access/login.html"
    redirect_authenticated_user = True


@login_required
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Toggle elder mode (适老化: larger type and targets); kept per user."""
    User.objects.filter(pk=request.user.pk).update(elder_mode=not request.user.elder_mode)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A person's own page: their roles and, for a party member, their own record."""
    from tongxin.party.queries import own_member_record

    return render(request, "access/me.html", {"member": own_member_record(request.user), "nav": "me"})

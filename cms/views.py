"""Public views of a collectivité space (routed by CollectiviteSpace): its access code and its private link."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.crypto import constant_time_compare

from .forms import AccessCodeForm
from .http import safe_next_url


def _access_code_response(request, space, form, next_url, status, **extra):
    context = space.get_context(request)
    context.update(extra, form=form, next_url=next_url, access_action=space.access_code_url(request))
    return TemplateResponse(request, "cms/access_code.html", context, status=status)


def access_code(request, space):
    """Enter the space's access code: it opens every client-only page of the space, then goes back to `next`."""
    next_url = safe_next_url(request, space.get_url(request))
    if request.method == "POST":
        form = AccessCodeForm(request.POST, space=space)
        if form.is_valid():
            space.grant_access(request)
            return HttpResponseRedirect(next_url)
    else:
        form = AccessCodeForm(space=space)
    return _access_code_response(request, space, form, next_url, status=400 if form.is_bound else 200)


def private_link(request, space, token):
    """The private link opens every client-only page of the space at once; a wrong token asks for the code."""
    if not constant_time_compare(token, space.private_link_token):
        form = AccessCodeForm(space=space)
        return _access_code_response(request, space, form, space.get_url(request), status=404, invalid_link=True)
    space.grant_access(request)
    return HttpResponseRedirect(space.get_url(request))

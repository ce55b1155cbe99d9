"""Public views of the newsletters (subscribing and the signed links). To be written (issue 12, subscribing)."""

from django.http import HttpResponse


def subscribe(request):
    return HttpResponse(status=501)


def confirm(request, token):
    return HttpResponse(status=501)


def unsubscribe(request, token):
    return HttpResponse(status=501)


def preferences(request, token):
    return HttpResponse(status=501)

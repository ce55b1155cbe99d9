"""The newsletters API, subscribing part (on `cms.api`): the lists one may subscribe to, subscribing (202, the same
answer for every address), confirming and unsubscribing with an email's token, the preferences behind a token, and
the authenticated citizen's own subscriptions. The body of a subscription is mapped onto the web form
(`forms.SubscriptionForm`): the same checks, the same messages."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.api.errors import ErrorSerializer, error_response
from cms.api.views import PlatformAPIView

from . import subscriptions, tokens
from .forms import PreferencesForm, SubscriptionForm
from .limits import ClientLimited
from .models import ConsentRecord, Subscription
from .serializers import (
    MessageSerializer,
    MySubscriptionSerializer,
    NewsletterListSerializer,
    PreferencesWriteSerializer,
    SubscriptionRequestSerializer,
    SubscriptionSerializer,
    SubscriptionStateSerializer,
    SubscriptionTokenSerializer,
)

BAD_TOKEN = OpenApiResponse(ErrorSerializer, description="a tampered, unknown or expired token (changes nothing)")
BAD_BODY = OpenApiResponse(ErrorSerializer, description="a malformed body or a refused field (per field)")
LIMITED = OpenApiResponse(ErrorSerializer, description="too many requests from this client (Retry-After)")

STATUS_MESSAGES = {
    Subscription.Status.PENDING: gettext_lazy("Votre inscription attend sa confirmation."),
    Subscription.Status.ACTIVE: gettext_lazy("Vous êtes inscrit."),
    Subscription.Status.UNSUBSCRIBED: gettext_lazy("Vous êtes désinscrit."),
    Subscription.Status.SUPPRESSED: gettext_lazy("Cette adresse ne reçoit plus la lettre."),
}


def _form_errors(form):
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def _body(request, serializer_class):
    """(validated data, None) or (None, a 400 in the API's shape)."""
    if not isinstance(request.data, dict):
        return None, error_response("invalid", _("Envoyez un objet JSON."), status.HTTP_400_BAD_REQUEST)
    body = serializer_class(data=request.data)
    if not body.is_valid():
        return None, error_response(
            "invalid", _("La requête est mal formée."), status.HTTP_400_BAD_REQUEST, errors=body.errors
        )
    return body.validated_data, None


def _token(request, action):
    data, refusal = _body(request, SubscriptionTokenSerializer)
    if refusal is not None:
        return None, refusal
    found = tokens.read_token(data["token"], action)
    if found is None:
        return None, _bad_token()
    return found, None


def _bad_token():
    return error_response(
        "invalid_token",
        _("Ce lien n'est pas (ou plus) valide : rien n'a été modifié."),
        status.HTTP_404_NOT_FOUND,
    )


def _state(subscription):
    return {"status": subscription.status, "message": str(STATUS_MESSAGES[subscription.status])}


class NewsletterListView(PlatformAPIView):
    @extend_schema(summary="The newsletters one may subscribe to", responses={200: NewsletterListSerializer(many=True)})
    def get(self, request):
        lists = subscriptions.subscribable_newsletters(subscriptions.active_language())
        return Response(NewsletterListSerializer(lists, many=True).data)


class SubscriptionRequestView(PlatformAPIView):
    @extend_schema(
        summary="Subscribe an address (double opt-in: a confirmation email is sent; the same answer for every address)",
        request=SubscriptionRequestSerializer,
        responses={202: MessageSerializer, 400: BAD_BODY, 429: LIMITED},
    )
    def post(self, request):
        data, refusal = _body(request, SubscriptionRequestSerializer)
        if refusal is not None:
            return refusal
        form = SubscriptionForm(
            MultiValueDict(
                {
                    "newsletter": [str(data["newsletter"])],
                    "email": [data["email"]],
                    "language": [data.get("language") or subscriptions.active_language()],
                    "themes": list(data["themes"]),
                    "consent": ["on"] if data["consent"] else [],
                }
            )
        )
        if not form.is_valid():
            return error_response(
                "invalid",
                _("Le formulaire n'a pas été envoyé : corrigez ce qui est signalé."),
                status.HTTP_400_BAD_REQUEST,
                errors=_form_errors(form),
            )
        values = form.cleaned_data
        try:
            outcome = subscriptions.request_subscription(
                values["newsletter"],
                values["email"],
                values["language"],
                values["themes"],
                ConsentRecord.Source.API,
                user=request.user,
                consent_text_shown=form.consent_text,
                request=request,
            )
        except ClientLimited as limited:
            response = error_response("rate_limited", str(limited.message), status.HTTP_429_TOO_MANY_REQUESTS)
            response["Retry-After"] = str(limited.retry_after)
            return response
        return Response({"message": str(outcome.message)}, status=status.HTTP_202_ACCEPTED)


class ConfirmView(PlatformAPIView):
    @extend_schema(
        summary="Confirm a subscription with the token of its confirmation email",
        request=SubscriptionTokenSerializer,
        responses={200: SubscriptionStateSerializer, 400: BAD_BODY, 404: BAD_TOKEN},
    )
    def post(self, request):
        found, refusal = _token(request, tokens.CONFIRM)
        if refusal is not None:
            return refusal
        return Response(_state(subscriptions.confirm(found.subscription, ConsentRecord.Source.API)))


class UnsubscribeView(PlatformAPIView):
    @extend_schema(
        summary="Unsubscribe with the token of an issue's (or the account's) unsubscribe link",
        request=SubscriptionTokenSerializer,
        responses={200: SubscriptionStateSerializer, 400: BAD_BODY, 404: BAD_TOKEN},
    )
    def post(self, request):
        found, refusal = _token(request, tokens.UNSUBSCRIBE)
        if refusal is not None:
            return refusal
        subscription = subscriptions.unsubscribe(
            found.subscription, ConsentRecord.Source.API, delivery_id=found.delivery_id
        )
        return Response(_state(subscription))


class PreferencesView(PlatformAPIView):
    @extend_schema(
        summary="A subscription's preferences, behind the token of its preferences link",
        responses={200: SubscriptionSerializer, 404: BAD_TOKEN},
    )
    def get(self, request, token):
        found = tokens.read_token(token, tokens.PREFERENCES)
        if found is None:
            return _bad_token()
        return Response(SubscriptionSerializer(found.subscription).data)

    @extend_schema(
        summary="Change a subscription's language and themes",
        request=PreferencesWriteSerializer,
        responses={200: SubscriptionSerializer, 400: BAD_BODY, 404: BAD_TOKEN},
    )
    def put(self, request, token):
        found = tokens.read_token(token, tokens.PREFERENCES)
        if found is None:
            return _bad_token()
        data, refusal = _body(request, PreferencesWriteSerializer)
        if refusal is not None:
            return refusal
        form = PreferencesForm(MultiValueDict({"language": [data["language"]], "themes": list(data["themes"])}))
        if not form.is_valid():
            return error_response(
                "invalid",
                _("Le formulaire n'a pas été envoyé : corrigez ce qui est signalé."),
                status.HTTP_400_BAD_REQUEST,
                errors=_form_errors(form),
            )
        subscription = subscriptions.update_preferences(
            found.subscription, form.cleaned_data["language"], form.cleaned_data["themes"], ConsentRecord.Source.API
        )
        return Response(SubscriptionSerializer(subscription).data)


class MySubscriptionsView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="My subscriptions (made by my account or to one of its verified addresses)",
        responses={200: MySubscriptionSerializer(many=True)},
    )
    def get(self, request):
        rows = []
        for subscription in subscriptions.subscriptions_of(request.user).order_by("created_at", "pk"):
            subscription.preferences_token = tokens.make_token(subscription, tokens.PREFERENCES)
            subscription.unsubscribe_token = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
            rows.append(subscription)
        return Response(MySubscriptionSerializer(rows, many=True).data)

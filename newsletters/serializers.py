"""The newsletters API's bodies (subscribing part): the lists one may subscribe to, a subscription request, a token,
the preferences, the citizen's subscriptions."""

from rest_framework import serializers

from django.conf import settings

from cms.choices import PublicPolicyTheme

from .models import Subscription


class ThemeSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=PublicPolicyTheme.choices)
    label = serializers.CharField()


class SpaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class NewsletterListSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The id to send as `newsletter` to subscribe")
    title = serializers.CharField()
    space = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    consent_text = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()

    def get_space(self, page) -> SpaceSerializer(allow_null=True):
        space = page.collectivite_space
        return {"id": space.pk, "title": space.title} if space is not None else None

    def get_url(self, page) -> str:
        return page.full_url or ""

    def get_consent_text(self, page) -> str:
        return page.get_consent_text()

    def get_themes(self, page) -> ThemeSerializer(many=True):
        return [{"value": value, "label": str(label)} for value, label in PublicPolicyTheme.choices]


class SubscriptionRequestSerializer(serializers.Serializer):
    newsletter = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    email = serializers.CharField(max_length=254)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicPolicyTheme.choices), required=False, default=list, max_length=20
    )
    consent = serializers.BooleanField(help_text="Must be true: the person agrees to the list's consent text")


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class SubscriptionTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)


class SubscriptionStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Subscription.Status.choices)
    message = serializers.CharField()


class PreferencesWriteSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicPolicyTheme.choices), default=list, max_length=20
    )


class SubscriptionSerializer(serializers.Serializer):
    newsletter = serializers.SerializerMethodField()
    email = serializers.EmailField()
    status = serializers.ChoiceField(choices=Subscription.Status.choices)
    language = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    unsubscribed_at = serializers.DateTimeField(allow_null=True)

    def get_newsletter(self, subscription) -> SpaceSerializer:
        return {"id": subscription.newsletter_id, "title": subscription.newsletter.title}


class MySubscriptionSerializer(SubscriptionSerializer):
    preferences_token = serializers.CharField(help_text="For GET/PUT /api/newsletters/preferences/<token>/")
    unsubscribe_token = serializers.CharField(help_text="For POST /api/newsletters/subscriptions/unsubscribe/")

"""Serializers of the baromètre's fields in the Wagtail API v2 (/api/v2/pages/?type=barometre.BarometreEntryPage).

`GET /api/v2/pages/?type=barometre.BarometreEntryPage&fields=*` lists entries with:

* ``timeline``: the dated status steps, oldest first (``status`` is one of proposee, en_discussion, adoptee,
  promulguee, en_vigueur, evaluee), and ``status`` / ``status_date``: the latest step;
* ``indicators``: each with ``unit``, ``target``, ``source`` and its dated ``values``, oldest first;
* ``perception``: ``poll_id``, the consultation to vote on through ``POST /api/consultations/{poll_id}/ballots/``
  with ``{"answers": {"perception": "approve" | "neutral" | "disapprove"}}`` (an account is required); the
  current ``counts`` and ``shares``, the week-on-week ``change_points`` of the approval share, and the
  ``weekly_trend``: one item per week (Monday ``week_start``), the last one ``ongoing``; a week's ``counts`` and
  ``shares`` are null below ``week_min_votes`` votes.

Filters: ``theme``, ``level``, ``status`` (``?type=barometre.BarometreEntryPage&level=local``).
"""

from rest_framework import serializers


class StatusStepSerializer(serializers.Serializer):
    status = serializers.CharField()
    date = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class IndicatorValueSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False)
    note = serializers.CharField(allow_blank=True)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    target = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, coerce_to_string=False)
    target_date = serializers.DateField(allow_null=True)
    direction = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    source_url = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    values = IndicatorValueSerializer(many=True)


class WeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    ongoing = serializers.BooleanField()
    votes = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    shares = serializers.DictField(child=serializers.FloatField(), allow_null=True)


class PerceptionSerializer(serializers.Serializer):
    poll_id = serializers.IntegerField()
    question_id = serializers.CharField()
    choices = serializers.ListField(child=serializers.DictField())
    votes = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    shares = serializers.DictField(child=serializers.FloatField(allow_null=True))
    approval = serializers.FloatField(allow_null=True)
    change_points = serializers.FloatField(allow_null=True)
    week_min_votes = serializers.IntegerField()
    weekly_trend = WeekSerializer(many=True)

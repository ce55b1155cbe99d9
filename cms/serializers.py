"""A territory as the Wagtail page API shows it (the `territory` field of spaces and baromètre entries)."""

from rest_framework import serializers

from .models.territory import Territory


class TerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["kind", "code", "name", "population", "population_year"]

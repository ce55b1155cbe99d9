"""The shapes of the search API (`search/api.py`), for its answers and the OpenAPI schema."""

from rest_framework import serializers


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="The type of content: a page type (`cms.projectpage`…), `free_text`, `comment`."
    )
    kind_label = serializers.CharField(help_text="That type, as people read it, in the language of the answer.")
    title = serializers.CharField()
    title_highlighted = serializers.CharField(
        help_text="The title as HTML: escaped, the words found between <mark> and </mark>."
    )
    url = serializers.URLField(help_text="Where it is read (absolute).")
    excerpt = serializers.CharField(allow_blank=True, help_text="A passage of the text, plain.")
    excerpt_highlighted = serializers.CharField(
        allow_blank=True, help_text="The same passage as HTML: escaped, the words found between <mark> and </mark>."
    )
    date = serializers.DateField(allow_null=True, help_text="Its date (publication, contribution), or null.")
    territory = serializers.CharField(allow_blank=True, help_text="The name of the collectivité's territory, or empty.")
    theme = serializers.CharField(allow_blank=True, help_text="A theme of public action (its value), or empty.")
    context_title = serializers.CharField(
        allow_blank=True, help_text="For a contribution: the title of the page it belongs to (« dans : … »)."
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The value to filter by (`type=`, `territory=`, `theme=`, `year=`).")
    label = serializers.CharField(help_text="The value as people read it.")
    count = serializers.IntegerField(help_text="How many results have it.")


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True, help_text="By type of content: filter with `type=`.")
    territory = FacetValueSerializer(many=True, help_text="By territory (INSEE code): filter with `territory=`.")
    theme = FacetValueSerializer(many=True, help_text="By theme: filter with `theme=`.")
    year = FacetValueSerializer(many=True, help_text="By year: filter with `year=`.")


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many results match (at least, when `count_is_lower_bound`).")
    count_is_lower_bound = serializers.BooleanField(
        help_text="True when the index stopped counting: more than `count` results match."
    )
    results = HitSerializer(many=True)
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField(help_text="Where it is read (absolute).")
    kind = serializers.CharField()
    kind_label = serializers.CharField()


class SuggestionsSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)

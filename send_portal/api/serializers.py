from rest_framework import serializers


class ReadModelSerializer(serializers.ModelSerializer):
    """A read-only model serializer whose schema says where a text or choice may be blank
    (DRF drops ``allow_blank`` from read-only fields, so the OpenAPI document would otherwise
    promise a choice where the data can hold "")."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs

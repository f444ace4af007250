"""Model fields that keep their own rules, whichever way a row is written."""

from django.db import models

from .sanitize import clean_html


class SanitizedHTMLField(models.TextField):
    """HTML cut to the allow-list of articles.sanitize on every way into the database.

    The cleaning is in to_python(), which every write prepares its value through: save() with or
    without `update_fields`, bulk_create(), bulk_update(), QuerySet.update(), and fixtures
    (loaddata deserializes with it, and its raw saves still prepare values). pre_save() puts the
    cleaned value back on the instance, so the instance holds what was stored. A database
    expression would reach the database uncleaned, so it is refused.
    """

    def to_python(self, value):
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            raise TypeError(
                f"{self} takes HTML text, not a database expression ({value!r}): "
                "the database cannot clean it."
            )
        return clean_html(super().to_python(value))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)  # TextField's calls to_python()
        return None if value is None else str(value)  # the text, not its CleanHTML mark

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

"""Observation.condition holds a code (`clear`) instead of the Korean word (`맑음`), which becomes
the code's label. The column is widened for the longer codes, then stored rows are recoded; the
reverse recodes them back to words before the column narrows again."""

from django.db import migrations, models
from django.db.models import Case, Q, Value, When

# Frozen here: the words stored before this migration and the codes stored after it.
WORD_TO_CODE = {
    "맑음": "clear",
    "구름조금": "partly_cloudy",
    "구름많음": "mostly_cloudy",
    "흐림": "overcast",
    "비": "rain",
    "비/눈": "sleet",
    "눈": "snow",
    "소나기": "shower",
    "빗방울": "drizzle",
    "빗방울눈날림": "drizzle_snow",
    "눈날림": "snow_flurry",
    "안개": "fog",
}


def recode(apps, mapping):
    Observation = apps.get_model("weather", "Observation")
    Observation.objects.filter(condition__in=mapping).update(
        condition=Case(*(When(Q(condition=old), then=Value(new)) for old, new in mapping.items()))
    )


def words_to_codes(apps, schema_editor):
    recode(apps, WORD_TO_CODE)


def codes_to_words(apps, schema_editor):
    recode(apps, {code: word for word, code in WORD_TO_CODE.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("weather", "0003_desk_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="observation",
            name="condition",
            field=models.CharField(
                blank=True,
                choices=[
                    ("clear", "맑음"),
                    ("partly_cloudy", "구름조금"),
                    ("mostly_cloudy", "구름많음"),
                    ("overcast", "흐림"),
                    ("rain", "비"),
                    ("sleet", "비/눈"),
                    ("snow", "눈"),
                    ("shower", "소나기"),
                    ("drizzle", "빗방울"),
                    ("drizzle_snow", "빗방울눈날림"),
                    ("snow_flurry", "눈날림"),
                    ("fog", "안개"),
                ],
                help_text="모르면 비워 두세요. 띠에는 기온만 나옵니다.",
                max_length=20,
                verbose_name="날씨",
            ),
        ),
        migrations.RunPython(words_to_codes, codes_to_words),
    ]

from django.db import migrations

# The reference ticker's 16 KMA ASOS stations, in its order (shared/KMA.md §1):
# (name as printed, station number, nx, ny). 고창 is 172, not 251 고창군.
STATIONS = [
    ("동두천", 98, 61, 134),
    ("강릉", 105, 93, 132),
    ("서울", 108, 60, 127),
    ("대전", 133, 67, 101),
    ("대구", 143, 90, 91),
    ("울산", 152, 102, 85),
    ("광주", 156, 59, 75),
    ("부산", 159, 97, 74),
    ("고창", 172, 54, 78),
    ("제주", 184, 53, 38),
    ("강화", 201, 51, 130),
    ("보은", 226, 73, 104),
    ("금산", 238, 69, 95),
    ("강진군", 259, 57, 63),
    ("경주시", 283, 100, 90),
    ("거제", 294, 90, 69),
]


def create_stations(apps, schema_editor):
    Station = apps.get_model("weather", "Station")
    for position, (name, stn_id, nx, ny) in enumerate(STATIONS, start=1):
        Station.objects.update_or_create(
            stn_id=stn_id,
            defaults={"name": name, "position": position * 10, "active": True, "nx": nx, "ny": ny},
        )


def remove_stations(apps, schema_editor):
    Station = apps.get_model("weather", "Station")
    Station.objects.filter(stn_id__in=[stn_id for _, stn_id, _, _ in STATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("weather", "0001_initial")]

    operations = [migrations.RunPython(create_stations, remove_stations)]

# Labels only: sizes in 픽셀, the network help text without the setting's name.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ads', '0003_desk_manages_ads'),
    ]

    operations = [
        migrations.AlterField(
            model_name='banner',
            name='link',
            field=models.CharField(blank=True, help_text='광고를 누른 독자가 갈 웹 주소', max_length=500, validators=[django.core.validators.URLValidator(message='http:// 또는 https:// 주소를 넣으세요.', schemes=['http', 'https'])], verbose_name='연결 주소'),
        ),
        migrations.AlterField(
            model_name='position',
            name='allows_network',
            field=models.BooleanField(default=False, help_text='애드센스·카카오 애드핏·데이블 등의 코드를 이 자리에 붙일 수 있게 합니다. 서버 설정에서 네트워크 광고를 켰을 때만 나가며, 격리된 틀 안에서만 돕니다.', verbose_name='네트워크 광고 허용'),
        ),
        migrations.AlterField(
            model_name='position',
            name='device',
            field=models.CharField(choices=[('both', 'PC와 모바일'), ('pc', 'PC만'), ('mobile', '모바일만')], default='both', help_text='PC는 화면 너비 720픽셀 이상, 모바일은 그보다 좁은 화면입니다.', max_length=10, verbose_name='기기'),
        ),
        migrations.AlterField(
            model_name='position',
            name='height',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='세로(픽셀)'),
        ),
        migrations.AlterField(
            model_name='position',
            name='width',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='가로(픽셀)'),
        ),
    ]

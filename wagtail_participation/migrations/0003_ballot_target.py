"""Ballots become the votes' submissions in the participation skeleton: the foreign key to
the vote is named ``target`` (what every submission model calls its participation), its
reverse accessor ``submissions``, and the two unique constraints come from
``AbstractSubmission`` under its names. The column is renamed, so no ballot is lost."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_participation', '0002_ballot_indexes_covered_by_composite'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ballot',
            name='wp_one_ballot_per_participant',
        ),
        migrations.RemoveConstraint(
            model_name='ballot',
            name='wp_ballot_receipt_unique',
        ),
        migrations.RemoveIndex(
            model_name='ballot',
            name='wp_ballot_vote_channel_idx',
        ),
        migrations.RenameField(
            model_name='ballot',
            old_name='vote',
            new_name='target',
        ),
        migrations.AlterField(
            model_name='ballot',
            name='target',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='wagtail_participation.vote', verbose_name='vote'),
        ),
        migrations.AddIndex(
            model_name='ballot',
            index=models.Index(fields=['target', 'channel'], name='wp_ballot_target_channel_idx'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('channel', 'online')), fields=('target', 'participant_key'), name='wagtail_participation_ballot_one_per_participant'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('receipt', ''), _negated=True), fields=('receipt',), name='wagtail_participation_ballot_receipt_unique'),
        ),
    ]

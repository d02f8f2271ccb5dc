"""`manage.py makemessages`, set up for this project.

- No fuzzy matching: a new string never silently inherits the translation of a
  similar old one ("PMO director" must not come out as "Projektor"); it stays
  untranslated until someone translates it, and the language test shows it.
- The virtualenv, tests, benchmarks and scripts are never scanned.

    python manage.py makemessages -l sv
"""

from django.core.management.commands import makemessages

SKIPPED = [".venv", "tests", "benchmarks", "scripts", "staticfiles", "node_modules"]


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*(options.get("ignore_patterns") or []), *SKIPPED]
        options["no_obsolete"] = True
        return super().handle(*args, **options)

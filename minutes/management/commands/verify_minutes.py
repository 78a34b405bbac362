"""``manage.py verify_minutes``: the archive's integrity check of every signed protocol.

Each stored PDF is checked against its SHA-256 and SHA-512 checksums (and its HTML
against its SHA-256), and its PAdES signature is validated where it has one. Exits
non-zero and names every document that fails.
"""

from django.core.management.base import BaseCommand, CommandError

from minutes.approval.archive import verify
from minutes.models import ProtocolDocument


class Command(BaseCommand):
    help = "Prüft alle gespeicherten unterzeichneten Protokolle gegen ihre Prüfsummen (und PAdES-Signaturen)."

    def handle(self, *args, **options):
        failures = []
        documents = ProtocolDocument.objects.select_related("meeting__body").order_by("meeting__date", "pk")
        count = 0
        for document in documents.iterator(chunk_size=20):
            count += 1
            problems = verify(document)
            if problems:
                failures.append(f"{document.meeting} [{document.variant}] {document.file_name}: {'; '.join(problems)}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"OK  {document.meeting} [{document.variant}] sha512={document.sha512[:16]}…")
        if failures:
            raise CommandError(
                f"{len(failures)} von {count} Dokumenten sind beschädigt oder verändert:\n" + "\n".join(failures)
            )
        self.stdout.write(self.style.SUCCESS(f"{count} Dokumente geprüft: alle unverändert."))

"""``manage.py verify_minutes``: the archive's integrity check of every signed protocol.

Each stored PDF is checked against its SHA-256 and SHA-512 checksums (and its HTML
against its SHA-256), its PAdES signature is validated against the trusted certificates
where it has one, and its embedded structured data is compared with the stored copy and
the protocol's rows; each attachment's file against the checksums it was frozen with.
Then the archive log: its hash chain must be unbroken, every logged
document present and unchanged, every stored document logged, and every signed or
published meeting must have its documents. ``--pinned HASH`` also checks that a chain
head noted earlier (from the public “Protokoll prüfen” page) is still part of the chain.
Exits non-zero and names every problem.
"""

from django.core.management.base import BaseCommand, CommandError

from minutes import chain, integrity
from minutes.approval.archive import verify
from minutes.models import Meeting, ProtocolDocument


class Command(BaseCommand):
    help = (
        "Prüft alle gespeicherten unterzeichneten Protokolle und ihre Anlagen, die Hash-Kette des Archivs "
        "und ihre Vollständigkeit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pinned",
            action="append",
            default=[],
            metavar="HASH",
            help="A chain head noted earlier: it must still be part of the chain (repeatable).",
        )

    def handle(self, *args, pinned=(), **options):
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
        signed = Meeting.objects.filter(documents__isnull=False, attachments__isnull=False).distinct()
        for meeting in signed.select_related("body").order_by("date", "pk"):
            count += meeting.attachments.count()
            problems = integrity.attachment_problems(meeting)
            if problems:
                failures.append(f"{meeting}: {'; '.join(problems)}")
        findings = [f"Archivprotokoll: {problem}" for problem in chain.problems()]
        findings += [f"Fehlt: {problem}" for problem in integrity.missing_documents()]
        for value in pinned:
            if not chain.contains(value):
                findings.append(f"Archivprotokoll: der festgehaltene Stand {value} ist nicht (mehr) Teil der Kette")
        if failures or findings:
            summary = f"{len(failures)} von {count} Dokumenten sind beschädigt oder verändert"
            if findings:
                summary += f"; {len(findings)} weitere(r) Befund(e) im Archiv"
            raise CommandError(summary + ":\n" + "\n".join(failures + findings))
        head = chain.head()
        head_text = f" Kette bis Eintrag {head.sequence}: {head.entry_hash}." if head else ""
        self.stdout.write(self.style.SUCCESS(f"{count} Dokumente geprüft: alle unverändert.{head_text}"))

"""``manage.py export_minutes --output-dir DIR [--meeting ID] [--with-non-public]``: the PDFs, for archiving.

A signed protocol is written as it was frozen, byte for byte: its stored public part, and
with ``--with-non-public`` its stored non-public part too. A signed protocol whose stored
documents are gone is an error, never rendered afresh. Unsigned protocols are rendered
(marked as drafts); ``--with-non-public`` then writes one PDF with all items.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.exceptions import RecordMissing
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import pdf_filename, render_protocol_pdf
from minutes.protocol import build_protocol
from minutes.selectors import FROZEN_STATUSES, frozen_documents


class Command(BaseCommand):
    help = "Write the protocol of every meeting (or of one) as PDF/A into a folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", required=True, type=Path, help="Folder for the PDF files (created if missing)."
        )
        parser.add_argument("--meeting", type=int, help="Only this meeting (its ID).")
        parser.add_argument(
            "--with-non-public",
            action="store_true",
            help="Include non-public items (the members' version). Default: the public version.",
        )

    def handle(self, *args, output_dir: Path, meeting=None, with_non_public=False, **options):
        meetings = Meeting.objects.select_related("body").order_by("date", "body__name", "number")
        if meeting is not None:
            meetings = meetings.filter(pk=meeting)
            if not meetings.exists():
                raise CommandError(f"There is no meeting with ID {meeting}.")
        output_dir.mkdir(parents=True, exist_ok=True)
        written_paths: list[Path] = []
        for current in meetings:
            for file_name, content in self._files(current, with_non_public):
                path = output_dir / file_name
                if path in written_paths:  # two meetings of one body on one day
                    path = path.with_name(f"{path.stem}_{current.number}{path.suffix}")
                path.write_bytes(content)
                written_paths.append(path)
                self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{len(written_paths)} PDF file(s) written to {output_dir}."))

    def _files(self, meeting: Meeting, with_non_public: bool):
        """(file name, bytes) of each PDF to write for this meeting."""
        if meeting.status in FROZEN_STATUSES:
            # A signed protocol is archived as it was frozen, byte for byte.
            variants = [ProtocolDocument.Variant.PUBLIC]
            if with_non_public:
                variants.append(ProtocolDocument.Variant.NON_PUBLIC)
            files = []
            for variant in variants:
                try:
                    stored = frozen_documents(meeting, variant=variant, with_pdf=True).get(variant)
                except RecordMissing as error:
                    raise CommandError(
                        f"{meeting}: the stored {error.variant} document is missing; run verify_minutes."
                    ) from error
                if stored is not None:  # no non-public part when there are no non-public items
                    files.append((stored.file_name, bytes(stored.pdf)))
            return files
        protocol = build_protocol(meeting.pk, include_non_public=with_non_public)
        return [(pdf_filename(protocol), render_protocol_pdf(protocol))]

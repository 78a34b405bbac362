"""``manage.py export_minutes --output-dir DIR [--meeting ID]``: one PDF per meeting, for archiving."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.models import Meeting
from minutes.pdf import pdf_filename, render_protocol_pdf
from minutes.protocol import build_protocol
from minutes.selectors import stored_documents


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
        meetings = Meeting.objects.order_by("date", "body__name", "number")
        if meeting is not None:
            meetings = meetings.filter(pk=meeting)
            if not meetings.exists():
                raise CommandError(f"There is no meeting with ID {meeting}.")
        output_dir.mkdir(parents=True, exist_ok=True)
        written = 0
        written_paths: set[Path] = set()
        for pk in meetings.values_list("pk", flat=True):
            protocol = build_protocol(pk, include_non_public=with_non_public)
            path = output_dir / pdf_filename(protocol)
            if path in written_paths:  # two meetings of one body on one day
                path = path.with_name(f"{path.stem}_{protocol.meeting.number}{path.suffix}")
            # A signed protocol is archived as it was frozen, byte for byte.
            stored = None
            if not with_non_public:
                stored = stored_documents(protocol.meeting, variant="public", with_pdf=True).get("public")
            path.write_bytes(bytes(stored.pdf) if stored else render_protocol_pdf(protocol))
            written += 1
            written_paths.add(path)
            self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{written} PDF file(s) written to {output_dir}."))

"""Papers (Drucksachen, Vorlagen) and their consultation at agenda items.

A paper is not protocol content: the secretariat enters it once, and any meeting's agenda
item may deliberate on it (a Consultation, which is content of that protocol and goes
through the drafting services and their lock). A decision names the paper it decides.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minutes import access, files
from minutes.models import AgendaItem, Consultation, Paper

from . import services


def may_keep_papers(user) -> bool:
    """The secretariat of any body (or a superuser) enters papers: they belong to the city."""
    return bool(user.is_authenticated and (user.is_superuser or access.drafting_bodies(user).exists()))


def _ensure_may_keep_papers(by) -> None:
    if by is not None and not may_keep_papers(by):
        raise PermissionDenied(_("Only a secretariat may enter papers."))


def _validate(paper: Paper) -> None:
    if Paper.objects.filter(reference=paper.reference).exclude(pk=paper.pk).exists():
        raise ValidationError({"reference": _("A paper with this reference exists already.")})
    paper.full_clean(exclude=["main_file"])


@transaction.atomic
def create_paper(
    *,
    by,
    reference: str,
    name: str,
    paper_type: str = "",
    date: dt.date | None = None,
    public: bool = True,
    main_file: files.CleanFile | None = None,
) -> Paper:
    """A new paper, with its main document (a checked PDF or image) if given."""
    _ensure_may_keep_papers(by)
    paper = Paper(reference=reference.strip(), name=name.strip(), paper_type=paper_type, date=date, public=public)
    _validate(paper)
    if main_file is not None:
        paper.main_file = files.store_file(main_file, name=name)
    paper.save()
    return paper


@transaction.atomic
def save_paper(paper: Paper, *, by, **changes) -> Paper:
    _ensure_may_keep_papers(by)
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    for name, value in changes.items():
        setattr(paper, name, value)
    _validate(paper)
    paper.save()
    return paper


@transaction.atomic
def add_auxiliary_file(paper: Paper, *, by, upload: files.CleanFile, name: str):
    _ensure_may_keep_papers(by)
    stored = files.store_file(upload, name=name)
    paper.auxiliary_files.add(stored)
    Paper.objects.filter(pk=paper.pk).update(modified=timezone.now())  # its files are embedded in it
    return stored


@transaction.atomic
def delete_paper(paper: Paper, *, by) -> None:
    """Delete a paper that no agenda item and no decision names (those stay as printed)."""
    _ensure_may_keep_papers(by)
    if paper.consultations.exists() or paper.decisions.exists():
        raise ValidationError(_("The paper is on an agenda item or named by a decision; it cannot be deleted."))
    paper.delete()


def consult(item: AgendaItem, *, by, paper: Paper, role: str = Consultation.Role.DECISION, authoritative=False):
    """Put ``paper`` on ``item`` (the protocol prints its reference there)."""
    if Consultation.objects.filter(item=item, paper=paper).exists():
        raise ValidationError(_("This paper is already on this agenda item."))
    return services.add_content(Consultation(item=item, paper=paper, role=role, authoritative=authoritative), by=by)


def remove_consultation(consultation: Consultation, *, by) -> None:
    services.delete_content(consultation, by=by)
    Paper.objects.filter(pk=consultation.paper_id).update(modified=timezone.now())

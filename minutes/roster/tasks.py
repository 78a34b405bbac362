"""The roster's emails as tasks: a new login's link to set its password, sent once the
login is committed — by ``manage.py db_worker`` in production (TASK_BACKEND=database), at
once with the immediate backend (``make run``, tests). Arguments are ids: the task reads
the login as it is when it runs, and the link's token is made then."""

from django.contrib.auth import get_user_model
from django_tasks import task

from council.models import Body
from minutes.roster import mail


@task()
def send_password_link(user_pk: int, body_pk: int, by_pk: int, new: bool) -> list[str]:
    """Email the login its link to set the password; the address written to."""
    users = get_user_model().objects
    user = users.get(pk=user_pk)
    mail.send_password_link(user, body=Body.objects.get(pk=body_pk), by=users.get(pk=by_pk), new=new)
    return [user.email]

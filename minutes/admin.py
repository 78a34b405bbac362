"""The admin of protocol content lives with the drafting feature (minutes/drafting/admin.py):
it writes a draft's content the way the workspace does. Django looks for ``minutes.admin``."""

from minutes.drafting import admin  # noqa: F401  (registers the ModelAdmins)

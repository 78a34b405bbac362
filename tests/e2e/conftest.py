import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A German-speaking browser: the UI follows Accept-Language, and the tests read German."""
    return {**browser_context_args, "locale": "de-DE"}

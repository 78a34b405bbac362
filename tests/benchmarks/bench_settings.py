"""Settings of the benchmark's app servers: production settings plus the comparison views.

council.settings as configured by the environment (DEBUG off, PostgreSQL, Redis), with
``tests.benchmarks.bench_urls`` (a bare view and WeasyPrint alone, for the ratios),
WhiteNoise also serving ``BENCH_STATIC_ROOT`` at the site root (the same PDF as a static
file), and a first middleware that reports the server's time per request.
"""

import os

from council.settings import *  # noqa: F403
from council.settings import MIDDLEWARE

ROOT_URLCONF = "tests.benchmarks.bench_urls"
WHITENOISE_ROOT = os.environ["BENCH_STATIC_ROOT"]
MIDDLEWARE = ["tests.benchmarks.bench_urls.ServerTimeMiddleware", *MIDDLEWARE]

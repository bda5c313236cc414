"""Production settings: `invoke preview` and `invoke publish`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://associations-numerique.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

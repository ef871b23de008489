"""The tests read the registry's messages in Vietnamese, the default, whatever the locale of the machine
that runs them (LANG=en_US.UTF-8 would give English): set here, before any helper copies the
environment for the commands it runs. A test of English asks for it (tests/test_messages.py)."""

import os

os.environ["REGISTRY_LANG"] = "vi"

"""What the tests share, and the only test code a test module may import (tests/test_layers.py).

- ``proposals``: the project's paths, a valid proposal's text and the blocks each status adds;
- ``git``: real git repositories in temporary folders, with the merges GitHub makes, and signing keys;
- ``site``: a site built by the real `mkdocs build`, served on localhost, and the browser's settings;
- ``attacks``: proposals written as an attacker would write them, for the site;
- ``rules``: one rule run on a snippet.

Fixtures stay in tests/conftest.py.
"""

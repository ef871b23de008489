"""The checking engine: the one place that runs the checks and makes their problems.

``context``   what every rule receives: the registry and the index of ids (``Context``), and for a
              transition rule one proposal before and after a pull request (``ProposalChange``).
``findings``  how a rule says what it found: ``at_key`` and ``at_line``, for both kinds of rule.
``rules``     the per-file rules, one module per rule id; ``transitions`` the rules of ``check``.
``engine``    runs the per-file rules (``rules/``) and the transition rules (``transitions/``), each
              guarded and capped, stamps every finding with its rule's ``ID`` and ``SEVERITY``, and
              keeps one message for one mistake.
``report``    the result, ``Report``: the problems in order, how many things were checked, the
              counts and the exit status. Reporters only read it.

Rules import ``context`` and ``findings``; ``engine`` imports the rules. This file imports nothing,
so that a rule importing ``registry.lint.context`` does not start the engine.
"""

from __future__ import annotations

from registry.cli import main

raise SystemExit(main())

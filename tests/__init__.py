"""The test suite, a regular package: ``tests.send_portal.reliability_hooks`` must be importable
by the Celery workers the reliability tests start, and a dependency (textstat) installs a package
of its own called ``tests`` in site-packages, which would win over a namespace package."""

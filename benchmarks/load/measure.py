"""Benchmark-only middleware (``benchmarks.load.settings``, never the portal's settings): the
CPU time the request took in its gunicorn thread and the database queries it ran, as response
headers the Locust runner collects per endpoint (issue 22: "CPU milliseconds and queries per
request").

It is the outermost middleware, so the figures include every other middleware (session save,
two-factor check, CSP...). ``time.thread_time_ns`` counts only this thread's CPU, so the other
threads of the worker do not inflate it; PostgreSQL's own CPU (another process) is not in it.
"""

from __future__ import annotations

import time

from django.db import connection

CPU_HEADER = "X-Bench-CPU-us"
QUERIES_HEADER = "X-Bench-Queries"


class MeasureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        start = time.thread_time_ns()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[CPU_HEADER] = str((time.thread_time_ns() - start) // 1000)
        response[QUERIES_HEADER] = str(queries)
        return response

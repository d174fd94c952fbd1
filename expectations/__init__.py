"""Great Expectations suites as code: one function per dataset builds a fresh suite
(`calls.calls_suite`, `kpis.kpi_suite`, ...); `gx_runner` is the one place that converts
polars to pandas, runs a suite (`validate`) and stops on failed critical expectations
(`require`). `kpis.reconcile_telephony` adds the cross-KPI reconciliations."""

import os

# Great Expectations 1.x sends usage events unless GX_ANALYTICS_ENABLED is false: without a network,
# a time-out waiting to happen. Every import of GX in this project is in this package (suites and
# the runner), so this runs before it; a value the user set stays as it is.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

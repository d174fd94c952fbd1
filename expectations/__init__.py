"""Great Expectations suites as code: one function per dataset builds a fresh suite
(`calls.calls_suite`, `kpis.kpi_suite`, ...); `gx_runner` is the one place that converts
polars to pandas, runs a suite (`validate`) and stops on failed critical expectations
(`require`). `kpis.reconcile_telephony` adds the cross-KPI reconciliations."""

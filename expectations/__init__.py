"""Great Expectations suites as code: one function per dataset returns its suite."""

"""Demo data: the seed protocol of the Integrationsbeirat, 20.07.2017, built in code."""
